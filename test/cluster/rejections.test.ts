// Proof the cluster layer can fail: fixture charts the real API server must reject, each with the server's
// own message matched. Each case also shows the valid variant is accepted, so the rejection is the one named.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { KUBECONFIG, startProvisioner } from '../../ci/cluster/api.mjs';
import { deleteNamespace, freshNamespace, helm, kubectl, must, recordSummary, tools } from './harness.ts';

const FIXTURES = new URL('./fixtures/', import.meta.url).pathname;
const namespaces: string[] = [];
const rejected: string[] = [];
let stopProvisioner: () => Promise<void>;

beforeAll(() => {
  stopProvisioner = startProvisioner(tools.kubectl, KUBECONFIG);
});

afterAll(async () => {
  await stopProvisioner?.();
  for (const ns of namespaces) {
    await helm(['uninstall', 'fixture', '--namespace', ns, '--ignore-not-found', '--wait']);
    await deleteNamespace(ns);
  }
  recordSummary('rejections', rejected);
});

async function ns(base: string, level = 'restricted') {
  const name = await freshNamespace(`reject-${base}`, level);
  namespaces.push(name);
  return name;
}

const template = async (chart: string, namespace: string, ...set: string[]) =>
  (await must(helm(['template', 'fixture', join(FIXTURES, chart), '--namespace', namespace, ...set.flatMap((s) => ['--set', s])]), `helm template ${chart}`)).stdout;

describe('the API server rejects', () => {
  it('an unknown field (strict server-side field validation)', async () => {
    const n = await ns('unknown-field');
    const dryRun = (manifest: string) => kubectl(['apply', '--dry-run=server', '--validate=strict', '--namespace', n, '-f', '-'], manifest);
    expect((await dryRun(await template('unknown-field', n))).exitCode).toBe(0);
    const r = await dryRun(await template('unknown-field', n, 'typo=true'));
    expect(r.exitCode).not.toBe(0);
    expect(r.stderr).toMatch(/Error from server \(BadRequest\).*strict decoding error: unknown field "spec\.template\.spec\.serviceAcountName"/s);
    rejected.push('unknown field');
  });

  it('a privileged pod in a namespace that enforces Pod Security "restricted"', async () => {
    const r = await helm(['install', 'fixture', join(FIXTURES, 'pod-security'), '--namespace', await ns('psa'), '--wait', '--timeout', '60s']);
    expect(r.exitCode).not.toBe(0);
    expect(r.stderr).toMatch(/pods "fixture" is forbidden: violates PodSecurity "restricted:latest": .*privileged \(container "app" must not set securityContext\.privileged=true\)/s);
    // The same chart without the privilege is admitted.
    await must(helm(['install', 'fixture', join(FIXTURES, 'pod-security'), '--namespace', await ns('psa-ok'), '--set', 'privileged=false', '--wait', '--timeout', '60s']), 'unprivileged install');
    rejected.push('Pod Security violation');
  });

  it.each([
    ['volumeClaimTemplates', 'size=2Gi'],
    ['selector', 'selectorTier=cache'],
  ])('an upgrade that changes the StatefulSet %s', async (field, set) => {
    const n = await ns(`immutable-${field.toLowerCase()}`);
    const chart = join(FIXTURES, 'immutable-statefulset');
    await must(helm(['install', 'fixture', chart, '--namespace', n, '--wait', '--timeout', '120s']), 'first install');
    // A change to the pod template alone is an ordinary rolling update.
    await must(helm(['upgrade', 'fixture', chart, '--namespace', n, '--wait', '--timeout', '120s']), 'no-op upgrade');
    const r = await helm(['upgrade', 'fixture', chart, '--namespace', n, '--set', set, '--wait', '--timeout', '120s']);
    expect(r.exitCode).not.toBe(0);
    expect(r.stderr).toMatch(/StatefulSet\.apps "fixture" is invalid: spec: Forbidden: updates to statefulset spec for fields other than/);
    rejected.push(`immutable StatefulSet ${field}`);
  });

  it('a custom resource that breaks its CRD schema (ExternalSecret, external-secrets.io/v1)', async () => {
    const n = await ns('crd-schema');
    const chart = join(FIXTURES, 'crd-schema');
    const r = await helm(['install', 'fixture', chart, '--namespace', n, '--set', 'creationPolicy=Sometimes']);
    expect(r.exitCode).not.toBe(0);
    expect(r.stderr).toMatch(/ExternalSecret\.external-secrets\.io "fixture" is invalid: spec\.target\.creationPolicy: Unsupported value: "Sometimes": supported values: "Owner", "Orphan", "Merge", "None"/);
    await must(helm(['install', 'fixture', chart, '--namespace', await ns('crd-schema-ok')]), 'valid ExternalSecret');
    rejected.push('custom resource against its CRD schema');
  });
});
