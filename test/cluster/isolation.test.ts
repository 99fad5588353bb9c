// An isolated namespace on the local control plane: Pod Security "restricted" enforced, and the staging render of
// each example platform installed into it the way Argo CD installs the module that holds the isolation (its quota,
// LimitRange and NetworkPolicies included). The API server admits every pod; the quota it tracks is what the
// generator summed; and when robson's backend is scaled past the quota, the generator refuses the environment
// and the API server refuses the pods on a quota key the generator named.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KUBECONFIG, startProvisioner } from '../../ci/cluster/api.mjs';
import type { Platform } from '../../generator/dsl/platform.ts';
import { resolvePlatform } from '../../generator/parse/resolvePlatform.ts';
import { checkPlatforms } from '../../generator/policy/checkPolicies.ts';
import { quotaReport } from '../../generator/policy/checkQuotas.ts';
import { parseQuantity } from '../../generator/policy/quantity.ts';
import appgear from '../../values-src/appgear.ts';
import robson from '../../values-src/robson.ts';
import { otherModulesOff, withEnvironmentChanges } from '../helpers/platforms.ts';
import { createSecrets, deleteNamespace, freshNamespace, helm, kubectl, must, recordSummary, referencedSecrets, scratchCharts, tools, unhealthy, until } from './harness.ts';

const TIMEOUT = '180s';
const PLATFORMS = [
  { file: 'values-src/appgear.ts', platform: appgear as Platform, chart: 'appgear', release: 'core' },
  { file: 'values-src/robson.ts', platform: robson as Platform, chart: 'robson', release: 'robson' },
];

let charts = '';
let stopProvisioner: () => Promise<void>;
const namespaces: { release: string; ns: string }[] = [];
const summary: Record<string, unknown> = {};

beforeAll(async () => {
  stopProvisioner = startProvisioner(tools.kubectl, KUBECONFIG);
  charts = await scratchCharts();
});

afterAll(async () => {
  for (const { release, ns } of namespaces) {
    await helm(['uninstall', release, '--namespace', ns, '--wait', '--timeout', TIMEOUT, '--ignore-not-found']);
    await deleteNamespace(ns);
  }
  await stopProvisioner?.();
  if (charts) rmSync(charts, { recursive: true, force: true });
  recordSummary('isolation', summary);
});

/** The ResourceQuota of the namespace as the API server tracks it. */
async function trackedQuota(ns: string) {
  const list = JSON.parse((await must(kubectl(['get', 'resourcequota', '-n', ns, '-o', 'json']), 'reading the quota')).stdout).items as { status?: { hard?: Record<string, string>; used?: Record<string, string> } }[];
  expect(list).toHaveLength(1);
  return list[0]!.status ?? {};
}

describe.each(PLATFORMS)('$chart staging in an isolated namespace', ({ file, platform, chart, release }) => {
  let ns = '';
  const values = () => ['-f', join(charts, chart, 'values-staging.yaml'), ...otherModulesOff(file, platform, 'isolation')];
  const report = () => quotaReport(resolvePlatform(file, platform)).find((r) => r.environment === 'staging')!;

  it('is admitted whole: Pod Security restricted, the quota and the LimitRange of its own render', async () => {
    ns = await freshNamespace(`iso-${chart}-staging`, 'restricted');
    namespaces.push({ release, ns });
    const path = join(charts, chart);
    // The stop monitor's runs would come and go while the quota is read: suspended, its share is known to be 0.
    const args = ['--namespace', ns, ...values(), ...(chart === 'robson' ? ['--set', 'stopmonitor.workload.suspend=true'] : [])];
    const manifest = (await must(helm(['template', release, path, ...args]), `helm template ${chart}`)).stdout;
    await createSecrets(ns, referencedSecrets(manifest));
    const r = await must(helm(['install', release, path, ...args, '--wait', '--timeout', TIMEOUT]), `helm install ${chart} staging`);
    expect(r.stderr).not.toMatch(/violate PodSecurity/);
    expect(await unhealthy(ns)).toEqual([]);
    const kinds = (await must(kubectl(['get', 'resourcequota,limitrange,networkpolicy', '-n', ns, '-o', 'jsonpath={range .items[*]}{.kind}/{.metadata.name} {end}']), 'listing')).stdout.trim().split(' ');
    expect(kinds).toEqual(expect.arrayContaining([`ResourceQuota/${release}-isolation`, `LimitRange/${release}-isolation`, 'NetworkPolicy/default-deny', 'NetworkPolicy/allow-dns']));

    const tracked = await trackedQuota(ns);
    const cpu = report().usage.find((u) => u.key === 'requests.cpu')!;
    expect(parseQuantity(tracked.hard!['requests.cpu']!)).toBe(cpu.hard);
    const used = parseQuantity(tracked.used!['requests.cpu']!);
    // No CronJob run is counted by the server at this moment (none ran, or robson's is suspended).
    const withoutRuns = cpu.used - cpu.parts.filter((p) => p.kind === 'CronJob').reduce((s, p) => s + p.amount, 0);
    summary[chart] = { generator: cpu.used, generatorWithoutRuns: withoutRuns, server: used, hard: cpu.hard };
    console.log(`[cluster] isolation: ${chart} staging in ${ns}: requests.cpu ${tracked.used!['requests.cpu']} of ${tracked.hard!['requests.cpu']} tracked by the API server; the generator counts ${cpu.shown}`);
    if (chart === 'robson') {
      // Every workload at its replicas: the server's sum is the generator's, less the suspended run.
      expect(used).toBeCloseTo(withoutRuns, 9);
    } else {
      // KEDA may add brokers up to its maximum: the generator counts them, the server counts the pods there are.
      expect(used).toBeLessThanOrEqual(cpu.used);
      expect(used).toBeGreaterThan(0);
    }
  });

  it('refuses a privileged pod (Pod Security is enforced)', async () => {
    expect(ns).not.toBe('');
    const pod = {
      apiVersion: 'v1', kind: 'Pod', metadata: { name: 'privileged', namespace: ns },
      spec: { containers: [{ name: 'c', image: 'registry.k8s.io/pause:3.10', securityContext: { privileged: true }, resources: { requests: { cpu: '10m', memory: '16Mi' }, limits: { cpu: '10m', memory: '16Mi' } } }] },
    };
    const r = await kubectl(['create', '-f', '-'], JSON.stringify(pod));
    expect(r.exitCode).not.toBe(0);
    expect(r.stderr).toMatch(/violates PodSecurity "restricted:latest"/);
  });
});

describe('robson staging past its quota', () => {
  it('the generator refuses backend replicas 6, and the API server refuses the pods past the quota', async () => {
    const { ns } = namespaces.find((n) => n.release === 'robson')!;
    const over = withEnvironmentChanges(robson as Platform, 'staging', { backend: { workload: { replicas: 6 } } });
    const refused = checkPlatforms([resolvePlatform('values-src/robson.ts', over)]).problems.map((p) => `${p.path}: ${p.message}`);
    expect(refused.find((m) => m.startsWith('environments.staging.components.isolation.quota.hard.requests.cpu: '))).toContain('found 4500m (500m over)');
    const refusedKeys = refused.map((m) => /^environments\.staging\.components\.isolation\.quota\.hard\.([^:]+): /.exec(m)?.[1]).filter(Boolean) as string[];
    expect(refusedKeys.sort()).toEqual(['requests.cpu', 'requests.memory']);

    await must(helm(['upgrade', 'robson', join(charts, 'robson'), '--namespace', ns, '--reuse-values', '--set', 'backend.workload.replicas=6', '--timeout', TIMEOUT]), 'helm upgrade robson');
    const events = await until('the ReplicaSet controller reports the quota', 120, async () => {
      const list = JSON.parse((await must(kubectl(['get', 'events', '-n', ns, '--field-selector', 'reason=FailedCreate', '-o', 'json']), 'listing events')).stdout).items as { message: string }[];
      const quota = list.filter((e) => /exceeded quota/.test(e.message));
      return quota.length ? quota : undefined;
    }, async () => (await kubectl(['get', 'events,pods,resourcequota', '-n', ns])).all);
    // The server stops at the first key that runs out; the generator refused that key too.
    const serverKey = /exceeded quota: [^,]+, requested: ([a-z.]+)=/.exec(events[0]!.message)?.[1];
    expect(refusedKeys).toContain(serverKey);
    const tracked = await trackedQuota(ns);
    expect(parseQuantity(tracked.used!['requests.cpu']!)).toBeLessThanOrEqual(parseQuantity(tracked.hard!['requests.cpu']!));
    const pods = (await must(kubectl(['get', 'pods', '-n', ns, '-o', 'json']), 'listing pods')).stdout;
    const names = (JSON.parse(pods).items as { metadata: { name: string } }[]).map((p) => p.metadata.name).filter((n) => n.startsWith('robson-backend-'));
    expect(names.length).toBeLessThan(6);
    console.log(`[cluster] isolation: robson backend at 6 replicas: ${names.length} pods admitted, then "${events[0]!.message.slice(0, 160)}"`);
  });
});
