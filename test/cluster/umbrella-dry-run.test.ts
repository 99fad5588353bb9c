// The full umbrella render, sent to the API server with strict field validation (server-side dry run):
// every object, custom resources included, is decoded and validated against the live schemas and CRDs,
// and Pod Security "restricted" must not warn about any workload.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
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
  .map((c) => `global.capabilities.${c}=true`);

describe('umbrella render on the API server', () => {
  it.each([
    ['defaults', [] as string[]],
    ['every capability on', ALL_CAPABILITIES],
  ])('%s: kubectl apply --dry-run=server --validate=strict accepts every object', async (name, set) => {
    const ns = await freshNamespace(`appgear-core-dry-${name === 'defaults' ? 'defaults' : 'all'}`);
    namespaces.push(ns);
    const manifest = (await must(helm(['template', 'core', join(charts, 'appgear'), '--namespace', ns, ...set.flatMap((s) => ['--set', s])]), 'helm template appgear')).stdout;
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
