// Every workspace's release of every suite, with the values Argo CD would give it (the suite's, the environment's
// global and what the suite derives there, then the workspace's own, merged as the workspaces ApplicationSet's templatePatch merges them), installed
// with Helm on the local control plane in every environment: no Argo CD needed, so every workspace is covered
// here while argocd.test.ts syncs them through the real ApplicationSet controller.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KUBECONFIG, startProvisioner } from '../../ci/cluster/api.mjs';
import { deepMerge } from '../../generator/parse/resolvePlatform.ts';
import { CHARTS, TMP, createSecrets, deleteNamespace, freshNamespace, helm, kubectl, must, recordSummary, referencedSecrets, scratchCharts, tools, unhealthy } from './harness.ts';

const TIMEOUT = '180s';
const BOOTSTRAP = 'appgear-bootstrap';

interface BootstrapValues {
  suites: Record<string, { chart: string; version: string; values: Record<string, unknown> }>;
  environments: Record<string, { global: Record<string, unknown>; workspaceValues: Record<string, Record<string, unknown>> }>;
  workspaces: { id: string; tenant: string; releases: Record<string, Record<string, unknown>> }[];
}
const bootstrap = parse(readFileSync(join(CHARTS, BOOTSTRAP, 'values.yaml'), 'utf8')) as BootstrapValues;
const cases = Object.keys(bootstrap.environments).flatMap((env) => bootstrap.workspaces.flatMap((w) =>
  Object.entries(w.releases).map(([suite, values]) => ({ env, suite, workspace: w, values, label: `${env} ws-${w.id}-${suite}` }))));

let charts = '';
let stopProvisioner: () => Promise<void>;
let installed = 0;

beforeAll(async () => {
  stopProvisioner = startProvisioner(tools.kubectl, KUBECONFIG);
  charts = await scratchCharts();
});

afterAll(async () => {
  await stopProvisioner?.();
  if (charts) rmSync(charts, { recursive: true, force: true });
  recordSummary('workspaces', { releases: cases.length, installed });
  console.log(`[cluster] workspaces: ${installed} of ${cases.length} workspace releases (${bootstrap.workspaces.length} workspaces x ${Object.keys(bootstrap.environments).length} environments) installed with the values Argo CD gives them`);
});

// The Factory suite's objects as module 09's "Como verificar" lists them (step 3), per part a workspace has.
const FACTORY_DEPLOYMENTS: Record<string, string> = {
  codeServer: 'addon-factory-vscode', builder: 'addon-factory-tauri-builder', multiplayer: 'addon-factory-multiplayer',
};

type Obj = { kind: string; metadata: { name: string; labels?: Record<string, string> }; spec?: { template?: { metadata?: { labels?: Record<string, string> } } } };

describe.each(cases)('$label', ({ env, suite, workspace, values }) => {
  it('installs with the suite\'s, the environment\'s and its own values, every object labelled with its tenant and workspace', async () => {
    expect(cases.some((c) => c.suite === 'factory')).toBe(true);
    const s = bootstrap.suites[suite]!;
    const e = bootstrap.environments[env]!;
    const merged = deepMerge(deepMerge(deepMerge(structuredClone(s.values), { global: e.global }), e.workspaceValues[suite] ?? {}), values);
    const file = join(TMP, `workspace-${env}-${workspace.id}-${suite}.yaml`);
    writeFileSync(file, JSON.stringify(merged));
    const ns = await freshNamespace(`ws-${workspace.id}-${suite}-${env}`);
    const chart = join(charts, s.chart);
    const args = ['--namespace', ns, '-f', file];
    try {
      const manifest = (await must(helm(['template', suite, chart, ...args]), `helm template ${s.chart}`)).stdout;
      const objects = manifest.split(/^---$/m).map((d) => parse(d) as Obj | null).filter((o): o is Obj => !!o?.kind);
      expect(objects.length).toBeGreaterThan(3);
      const backup = (values.global as { commonLabels?: Record<string, string> }).commonLabels?.['appgear.io/backup-enabled'] === 'true';
      for (const o of objects) {
        expect(o.metadata.labels, `${o.kind}/${o.metadata.name}`).toMatchObject({
          'appgear.io/tenant-id': workspace.tenant, 'appgear.io/workspace-id': workspace.id, ...(backup ? { 'appgear.io/backup-enabled': 'true' } : {}),
        });
        if (!backup) expect(o.metadata.labels?.['appgear.io/backup-enabled'], `${o.kind}/${o.metadata.name}`).not.toBe('true');
      }
      await createSecrets(ns, referencedSecrets(manifest));
      await must(helm(['install', suite, chart, ...args, '--wait', '--timeout', TIMEOUT]), `helm install ${s.chart} for workspace ${workspace.id}`);
      expect(await unhealthy(ns)).toEqual([]);
      if (suite === 'factory') {
        // `kubectl get deploy,pvc -n ws-<id>-factory`: the workspace's parts, and its claim Bound.
        const parts = Object.keys(FACTORY_DEPLOYMENTS).filter((p) => (merged as Record<string, { enabled?: boolean }>)[p]?.enabled !== false);
        const names = (await must(kubectl(['get', 'deploy', '-n', ns, '-o', 'jsonpath={.items[*].metadata.name}']), 'listing Deployments')).stdout.split(' ').filter(Boolean).sort();
        expect(names).toEqual(parts.map((p) => FACTORY_DEPLOYMENTS[p]!).sort());
        if (parts.includes('codeServer')) {
          expect((await must(kubectl(['get', 'pvc', 'cde-workspace', '-n', ns, '-o', 'jsonpath={.status.phase}']), 'reading the claim')).stdout).toBe('Bound');
        }
      }
      installed++;
    } finally {
      await helm(['uninstall', suite, '--namespace', ns, '--wait', '--timeout', TIMEOUT, '--ignore-not-found']);
      await deleteNamespace(ns);
    }
  });
});
