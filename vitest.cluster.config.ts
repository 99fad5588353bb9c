import { defineConfig } from 'vitest/config';
import SummaryReporter from './test/helpers/summary-reporter.ts';

// The cluster suites (npm run test:cluster): one shared control plane, so files and tests run one at a time
// (charts own cluster-scoped objects such as StorageClasses that two releases cannot share).
export default defineConfig({
  test: {
    include: ['test/cluster/**/*.test.ts'],
    globalSetup: ['test/cluster/global-setup.ts'],
    fileParallelism: false,
    testTimeout: 600_000,
    hookTimeout: 600_000,
    pool: 'forks',
    reporters: ['default', new SummaryReporter()],
  },
});
