// Quota fit, at generation time: for every environment of a platform (and its values.yaml), each instance that gives
// its namespace a ResourceQuota (capabilities.namespaceQuota) must hold everything the platform installs into that
// namespace: the pods at their most (replicas, an HPA's or KEDA's maximum, a CronJob's run), with their requests
// and limits as the API server counts them, and the claims. An environment that does not fit is refused with the
// amount it needs, the quota, the difference and the largest objects, before anything is written. The API server
// does the same sums when the pods are created (test/cluster/isolation.test.ts shows the two agree).
import { type ContainerResources, type Footprint, footprintOf, type NamespaceQuota } from '../dsl/footprint.ts';
import type { ValueProblem } from '../parse/formatIssues.ts';
import { placement } from '../parse/resolveDelivery.ts';
import type { ResolvedInstance, ResolvedPlatform } from '../parse/resolvePlatform.ts';
import { parseQuantity } from './quantity.ts';

/** One instance's share of a quota key: the amount, and how it is made up (shown for the largest). */
interface Share { key: string; amount: number; how: string; kind: string }

const COMPUTE = ['cpu', 'memory', 'ephemeral-storage'] as const;
type Compute = (typeof COMPUTE)[number];

/** Quota keys the check sums, each from a footprint; other keys (object counts) are left to the API server. */
const COUNTED: Record<string, (f: Footprint) => { amount: number; how: string; kind: string }[]> = {
  pods: (f) => f.pods.map((p) => ({ kind: p.kind, amount: p.replicas, how: `${p.replicas} ${p.kind} pod${p.replicas === 1 ? '' : 's'} (${p.replicasFrom})` })),
  persistentvolumeclaims: (f) => f.claims.map((c) => ({ kind: 'PersistentVolumeClaim', amount: c.count, how: `${c.count} claim${c.count === 1 ? '' : 's'}` })),
  'requests.storage': (f) => f.claims.map((c) => ({ kind: 'PersistentVolumeClaim', amount: c.count * parseQuantity(c.size), how: `${c.count} claim${c.count === 1 ? '' : 's'} x ${c.size}` })),
};
for (const q of COMPUTE) {
  for (const side of ['requests', 'limits'] as const) COUNTED[`${side}.${q}`] = (f) => podShares(f, side, q);
}
// "cpu" and "memory" are the API server's older names of requests.cpu and requests.memory.
COUNTED.cpu = COUNTED['requests.cpu']!;
COUNTED.memory = COUNTED['requests.memory']!;

/** Per pod group: replicas x what one pod counts (its containers' sum, or its largest init container if larger). */
function podShares(f: Footprint, side: 'requests' | 'limits', q: Compute) {
  const one = (c: ContainerResources) => parseQuantity(c[side]?.[q as keyof typeof c.requests] ?? 0) || 0;
  return f.pods.map((p) => {
    const perPod = Math.max(p.containers.reduce((s, c) => s + one(c), 0), ...(p.initContainers ?? []).map(one));
    return { kind: p.kind, amount: p.replicas * perPod, how: `${p.replicas} ${p.kind} pod${p.replicas === 1 ? '' : 's'} (${p.replicasFrom}) x ${show(q, perPod)}` };
  });
}

/** A quantity in the words of its key: CPUs in cores or millicores, bytes in binary units, counts as numbers. */
function show(key: string, n: number): string {
  if (/cpu$/.test(key)) return Number.isInteger(n) ? String(n) : `${Math.round(n * 1000)}m`;
  if (/(memory|storage)$/.test(key)) {
    for (const [unit, size] of [['Ti', 2 ** 40], ['Gi', 2 ** 30], ['Mi', 2 ** 20], ['Ki', 2 ** 10]] as const) {
      if (n >= size) return `${Number((n / size).toFixed(2))}${unit}`;
    }
  }
  return String(n);
}

/** What one namespace of one view holds (each instance with its footprint, read once), and where its quota is set. */
interface Group {
  namespace: string;
  owner: ResolvedInstance;
  quota: NamespaceQuota;
  members: { inst: ResolvedInstance; footprint: Footprint | undefined }[];
}

/** The namespace each instance is installed into in a view: its delivery module's there, else the release's. */
const namespaceOf = (p: ResolvedPlatform, env: string | undefined) => (key: string): string =>
  (p.delivery && placement(p.delivery, key, env)?.namespace) || 'the release namespace';

function groups(p: ResolvedPlatform, instances: ResolvedInstance[], env: string | undefined): Group[] {
  const ns = namespaceOf(p, env);
  const on = instances.filter((i) => i.enabled);
  return on.flatMap((owner) => {
    const quota = owner.component.spec.capabilities.namespaceQuota?.(owner.resolved);
    if (!quota) return [];
    const members = on.filter((i) => i !== owner && ns(i.key) === ns(owner.key))
      .map((inst) => ({ inst, footprint: footprintOf(inst.component.spec.capabilities, inst.resolved) }));
    return [{ namespace: ns(owner.key), owner, quota, members }];
  });
}

/** The platform's values.yaml and each environment, with the value path prefix of their instances. */
const views = (p: ResolvedPlatform) => [
  { prefix: 'components', env: undefined as string | undefined, instances: p.instances },
  ...p.environments.map((e) => ({ prefix: `environments.${e.name}.components`, env: e.name as string | undefined, instances: e.instances })),
];

/** Every quota of every view of the platform, with the problems of those that do not fit. */
export function checkQuotas(p: ResolvedPlatform): ValueProblem[] {
  return views(p).flatMap((view) => groups(p, view.instances, view.env).flatMap((g) => checkGroup(p.file, view.prefix, g)));
}

/** Per environment ("" = values.yaml) and quota: what the namespace's objects use of each counted key. */
export function quotaReport(p: ResolvedPlatform) {
  return views(p).flatMap((view) => groups(p, view.instances, view.env).map((g) => ({
    environment: view.env ?? '',
    namespace: g.namespace,
    quota: g.owner.key,
    usage: quotaUsage(g).map((u) => ({
      key: u.key, hard: u.hard, used: u.used, shown: `${show(u.key, u.used)} of ${show(u.key, u.hard)}`,
      /** Each instance's part, by what makes it (a workload kind, or PersistentVolumeClaim). */
      parts: u.shares.map((x) => ({ instance: x.key, kind: x.kind, amount: x.amount })),
    })),
  })));
}

/** The totals of a namespace against its quota. */
function quotaUsage(g: Group): { key: string; hard: number; used: number; shares: Share[] }[] {
  return Object.entries(g.quota.hard).filter(([key]) => COUNTED[key]).map(([key, value]) => {
    const shares = g.members.flatMap(({ inst, footprint }) => (footprint ? COUNTED[key]!(footprint).map((s) => ({ key: inst.key, ...s })) : []));
    // Rounded to a nanounit: sums of decimal fractions (0.5 + 0.2 ...) would otherwise show float noise.
    return { key, hard: parseQuantity(value), used: Math.round(shares.reduce((s, x) => s + x.amount, 0) * 1e9) / 1e9, shares };
  });
}

function checkGroup(file: string, prefix: string, g: Group): ValueProblem[] {
  const at = `${prefix}.${g.owner.key}.${g.quota.path}`;
  const problems: ValueProblem[] = g.members.filter((m) => !m.footprint).map(({ inst }) => ({
    file, path: `${prefix}.${inst.key}`,
    message: `expected a chart whose pods the quota of ${prefix}.${g.owner.key} can count, found chart "${inst.component.spec.chart.name}", whose component declares no footprint (capabilities.footprint)`,
  }));
  for (const u of quotaUsage(g)) {
    if (u.used <= u.hard) continue;
    const largest = [...u.shares].sort((a, b) => b.amount - a.amount).slice(0, 3)
      .map((s) => `${s.key}: ${s.how} = ${show(u.key, s.amount)}`).join('; ');
    problems.push({
      file, path: `${at}.${u.key}`,
      message: `expected what ${g.namespace} holds to fit its quota ${u.key} ${show(u.key, u.hard)}, found ${show(u.key, u.used)} (${show(u.key, u.used - u.hard)} over); the largest: ${largest}`,
    });
  }
  return problems;
}
