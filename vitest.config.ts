import { defineConfig } from 'vitest/config';
import SummaryReporter from './test/helpers/summary-reporter.ts';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Cluster tests need the local control plane: `npm run test:cluster`.
    exclude: ['test/cluster/**', 'node_modules/**'],
    testTimeout: 120_000,
    hookTimeout: 600_000,
    pool: 'forks',
    reporters: ['default', new SummaryReporter()],
  },
});
