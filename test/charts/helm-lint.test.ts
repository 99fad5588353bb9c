// helm lint --strict for every chart, with its defaults and with each ci/*-values.yaml scenario.
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Helm, chartNames, helmRun, helms, scenarioFiles, scratchCharts } from '../helpers/helm.ts';

const cases = chartNames({ libraries: true }).flatMap((chart) => [
  { chart, scenario: '(defaults)' },
  ...scenarioFiles(chart).map((scenario) => ({ chart, scenario })),
]);

describe.each(helms())('$name lint --strict', (helm: Helm) => {
  let dir = '';
  beforeAll(async () => {
    dir = await scratchCharts(helm);
  });

  it('has scenarios for every sub-chart', () => {
    expect(cases.length).toBeGreaterThanOrEqual(chartNames().length + 5);
  });

  it.each(cases)('$chart $scenario', async ({ chart, scenario }) => {
    const args = ['lint', '--strict', join(dir, chart)];
    if (scenario !== '(defaults)') args.push('--values', join(dir, chart, 'ci', scenario));
    const r = await helmRun(helm, args);
    expect(r.stdout + r.stderr).toContain('0 chart(s) failed');
    expect(r.exitCode, r.stdout + r.stderr).toBe(0);
  });
});
