// The full umbrella render, sent to the API server with strict field validation (server-side dry run):
// every object, custom resources included, is decoded and validated against the live schemas and CRDs,
// and Pod Security "restricted" must not warn about any workload.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { CHARTS } from '../helpers/helm.ts';
import { deleteNamespace, freshNamespace, helm, kubectlIn, must, recordSummary, scratchCharts } from './harness.ts';

let charts = '';
const namespaces: string[] = [];
const validated: Record<string, number> = {};

beforeAll(async () => {
  charts = await scratchCharts();
});

afterAll(async () => {
  for (const ns of namespaces) await deleteNamespace(ns);
  if (charts) rmSync(charts, { recursive: true, force: true });
  recordSummary('dryRun', validated);
});

// Every integration switched on, so each custom resource kind the charts can render reaches the server.
const ALL_CAPABILITIES = ['istio', 'externalSecrets', 'prometheusOperator', 'keda', 'certManager', 'snapshots', 'velero', 'rook', 'argocd']
  .flatMap((c) => ['--set', `global.capabilities.${c}=true`]);
// Each environment's values file (values-<env>.yaml), as `helm install -f` would use it.
const ENVIRONMENTS = readdirSync(join(CHARTS, 'appgear')).filter((f) => /^values-[a-z0-9-]+\.yaml$/.test(f)).sort()
  .map((f) => [`environment ${f.slice('values-'.length, -'.yaml'.length)}`, f.slice('values-'.length, -'.yaml'.length), ['-f', `appgear/${f}`]] as const);

describe('umbrella render on the API server', () => {
  it('has an environment values file to check', () => expect(ENVIRONMENTS.length).toBeGreaterThan(0));

  it.each([
    ['defaults', 'defaults', [] as string[]] as const,
    ['every capability on', 'all', ALL_CAPABILITIES] as const,
    ...ENVIRONMENTS,
  ])('%s: kubectl apply --dry-run=server --validate=strict accepts every object', async (name, suffix, args) => {
    const ns = await freshNamespace(`appgear-core-dry-${suffix}`);
    namespaces.push(ns);
    const extra = args.map((a) => (a.startsWith('appgear/') ? join(charts, a) : a));
    const manifest = (await must(helm(['template', 'core', join(charts, 'appgear'), '--namespace', ns, ...extra]), 'helm template appgear')).stdout;
    const kinds = parseAllDocuments(manifest).map((d) => d.toJS()?.kind).filter(Boolean) as string[];
    const r = await kubectlIn(ns, ['apply', '--dry-run=server', '--validate=strict', '-f', '-'], manifest);
    expect(r.stderr, r.all).not.toMatch(/error|invalid|forbidden/i);
    expect(r.exitCode, r.all).toBe(0);
    // Workloads are checked by Pod Security when created; the server warns (dry run too) on violations.
    expect(r.stderr).not.toMatch(/would violate PodSecurity/);
    expect(r.stdout.trim().split('\n')).toHaveLength(kinds.length);
    validated[name] = kinds.length;
    console.log(`[cluster] umbrella (${name}): ${kinds.length} objects accepted: ${[...new Set(kinds)].sort().join(', ')}`);
  });
});
