// Every chart x every ci/*-values.yaml scenario (and the defaults) on the real control plane, in a fresh
// namespace that enforces Pod Security "restricted": install --wait, upgrade (from main's version when it
// differs, and from the current one), rollback. kwok marks pods Ready without running containers, so this
// proves the API server, admission and controllers accept the objects, not that the software works.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { KUBECONFIG, startProvisioner } from '../../ci/cluster/api.mjs';
import {
  chartNames, chartVersion, createSecrets, deleteNamespace, freshNamespace, helm, mainCharts, must,
  recordSummary, referencedSecrets, scenarios, scratchCharts, tools, unhealthy,
} from './harness.ts';

const TIMEOUT = '180s';
const cases = chartNames().flatMap((chart) => [undefined, ...scenarios(chart)].map((values) => ({ chart, values, label: values ?? 'defaults' })));
const done = { installed: 0, upgraded: 0, fromMain: 0, rolledBack: 0 };

let current = '';
let previous: string | undefined;
let stopProvisioner: () => Promise<void>;

beforeAll(async () => {
  stopProvisioner = startProvisioner(tools.kubectl, KUBECONFIG);
  current = await scratchCharts();
  previous = await mainCharts();
});

afterAll(async () => {
  await stopProvisioner?.();
  for (const dir of [current, previous]) if (dir) rmSync(dir, { recursive: true, force: true });
  const charts = new Set(cases.map((c) => c.chart)).size;
  recordSummary('install', { charts, cases: cases.length, ...done });
  console.log(`[cluster] ${charts} charts x scenarios = ${cases.length} cases: ${done.installed} installed, ${done.upgraded} upgraded (${done.fromMain} from main's version), ${done.rolledBack} rolled back`);
});

/** The umbrella is installed as "core", as the platform does; each sub-chart under its own name. */
const releaseOf = (chart: string) => (chart === 'appgear' ? 'core' : chart.replace(/^core-/, ''));

describe.each(cases)('$chart $label', ({ chart, values }) => {
  it('installs, upgrades and rolls back in a restricted namespace', async () => {
    const scenario = values?.replace(/-values\.yaml$/, '') ?? 'defaults';
    const base = chart === 'appgear' ? `appgear-core-${scenario}` : `t-${chart.replace(/^core-/, '')}-${scenario}`;
    const ns = await freshNamespace(base);
    const release = releaseOf(chart);
    const chartDir = join(current, chart);
    const valuesArgs = values ? ['-f', join(chartDir, 'ci', values)] : [];
    const common = ['--namespace', ns, '--wait', '--timeout', TIMEOUT, ...valuesArgs];
    try {
      // Credentials the pods read must exist first, as an operator (or external-secrets) would provide them.
      const manifest = (await must(helm(['template', release, chartDir, '--namespace', ns, ...valuesArgs]), `helm template ${chart}`)).stdout;
      await createSecrets(ns, referencedSecrets(manifest));

      // main's version of the chart, when main has the chart at another version.
      const onMain = previous && join(previous, chart);
      const fromMain = onMain && existsSync(join(onMain, 'Chart.yaml')) && chartVersion(onMain) !== chartVersion(chartDir) ? onMain : undefined;
      await must(helm(['install', release, fromMain ?? chartDir, ...common]), `helm install ${chart}`);
      done.installed++;
      expect(await unhealthy(ns)).toEqual([]);
      let revision = 1;
      if (fromMain) {
        await must(helm(['upgrade', release, chartDir, ...common]), `helm upgrade ${chart} from main's ${chartVersion(fromMain)}`);
        revision++;
        done.fromMain++;
      }
      await must(helm(['upgrade', release, chartDir, ...common]), `helm upgrade ${chart}`);
      revision++;
      done.upgraded++;
      expect(await unhealthy(ns)).toEqual([]);

      await must(helm(['rollback', release, String(revision - 1), '--namespace', ns, '--wait', '--timeout', TIMEOUT]), `helm rollback ${chart}`);
      const history = JSON.parse((await must(helm(['history', release, '--namespace', ns, '-o', 'json']), 'helm history')).stdout);
      expect(history.at(-1)).toMatchObject({ revision: revision + 1, status: 'deployed' });
      done.rolledBack++;
      expect(await unhealthy(ns)).toEqual([]);
    } finally {
      // Cluster-scoped objects (StorageClasses, snapshot classes) must be gone before the next release.
      await helm(['uninstall', release, '--namespace', ns, '--wait', '--timeout', TIMEOUT, '--ignore-not-found']);
      await deleteNamespace(ns);
    }
  });
});
