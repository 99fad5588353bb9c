// Ends a run with the plain "N passed, N failed" line that CI logs are read for, and appends the
// counts to test/.tmp/test-counts.jsonl so .ci/run can close with the total of every suite.
import { appendFileSync, mkdirSync } from 'node:fs';
import type { Reporter, TestModule } from 'vitest/node';

const COUNTS = new URL('../.tmp/test-counts.jsonl', import.meta.url);

export default class SummaryReporter implements Reporter {
  onTestRunEnd(modules: ReadonlyArray<TestModule>): void {
    const count = { passed: 0, failed: 0, skipped: 0 };
    for (const m of modules) {
      for (const t of m.children.allTests()) {
        const state = t.result().state;
        if (state === 'passed') count.passed++;
        else if (state === 'failed') count.failed++;
        else count.skipped++;
      }
    }
    mkdirSync(new URL('.', COUNTS), { recursive: true });
    appendFileSync(COUNTS, `${JSON.stringify(count)}\n`);
    process.stdout.write(`\ntests: ${count.passed} passed, ${count.failed} failed, ${count.skipped} skipped\n`);
  }
}
