// Random valid platforms and random single mutations of them, from the component registry: the fields a
// component gets values for are found in its schema's shape, its cross-field rules are switched on only
// when the capability they need is on.
import fc from 'fast-check';
import { components } from '../../generator/components/index.ts';
import type { Component } from '../../generator/dsl/component.ts';
import type { InstanceData, PlatformData } from '../corpus/platform.ts';

/** Seed of every property: PROPERTY_SEED=<n> reproduces a run. */
export const SEED = Number(process.env.PROPERTY_SEED ?? 20260501);

/** Awkward strings that still follow a rule: YAML reads them as booleans, numbers or null when unquoted. */
const YAMLISH = ['true', 'false', 'null', 'yes', 'on', '123', '1e3', '0x1F', '012'];

const labelValue = fc.oneof(
  { weight: 4, arbitrary: fc.stringMatching(/^(([A-Za-z0-9][-A-Za-z0-9_.]{0,12})?[A-Za-z0-9])?$/) },
  { weight: 1, arbitrary: fc.constantFrom(...YAMLISH) },
);
const labelKey = fc.oneof(
  { weight: 4, arbitrary: fc.stringMatching(/^([a-z0-9]([-a-z0-9]{0,6}[a-z0-9])?\.[a-z]{2,3}\/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,10}[A-Za-z0-9])?$/) },
  { weight: 1, arbitrary: fc.constantFrom(...YAMLISH) },
);
// Keys under app.kubernetes.io/ and appgear.io/ are the charts' own; a user label must not collide with them.
const labels = fc.dictionary(labelKey.filter((k) => !/^(app\.kubernetes\.io|appgear\.io|helm\.sh)\//.test(k)), labelValue, { maxKeys: 3 });
const dnsLabel = (max: number) => fc.stringMatching(new RegExp(`^[a-z]([-a-z0-9]{0,${max - 2}}[a-z0-9])?$`));
const size = fc.tuple(fc.integer({ min: 1, max: 4096 }), fc.constantFrom('Mi', 'Gi', 'Ti', 'M', 'G')).map(([n, u]) => `${n}${u}`);
const registry = fc.stringMatching(/^[a-z0-9]([-a-z0-9]{0,8}[a-z0-9])?(\.[a-z]{2,5}){0,2}(:[0-9]{2,4})?(\/[a-z0-9]{1,6})?$/);

/** Requests at most their limits: millicores and MiB, as strings or (CPU) whole cores. */
const resources = fc
  .record({ cpu: fc.integer({ min: 1, max: 4000 }), cpuExtra: fc.integer({ min: 0, max: 4000 }), mem: fc.integer({ min: 16, max: 16384 }), memExtra: fc.integer({ min: 0, max: 8192 }), cores: fc.boolean() })
  .map(({ cpu, cpuExtra, mem, memExtra, cores }) => ({
    requests: { cpu: cores ? Math.ceil(cpu / 1000) : `${cpu}m`, memory: `${mem}Mi` },
    limits: { cpu: cores ? Math.ceil((cpu + cpuExtra) / 1000) : `${cpu + cpuExtra}m`, memory: `${mem + memExtra}Mi` },
  }));

const keda = fc.integer({ min: 0, max: 3 }).chain((min) =>
  fc.record({ enabled: fc.boolean(), minReplicaCount: fc.constant(min), maxReplicaCount: fc.integer({ min: Math.max(min, 1), max: min + 4 }) }));

const toleration = fc.record({
  key: fc.stringMatching(/^[a-z]([-a-z0-9.]{0,8}[a-z0-9])?$/),
  operator: fc.constant('Equal'),
  value: labelValue,
  effect: fc.constantFrom('NoSchedule', 'PreferNoSchedule', 'NoExecute'),
});

/** Random values for the fields a component's schema has (every field optional). */
function valuesFor(component: Component<any>): fc.Arbitrary<Record<string, unknown>> {
  const shape = (component.spec.values as unknown as { shape: Record<string, unknown> }).shape;
  const candidates: Record<string, fc.Arbitrary<unknown>> = {
    nameOverride: dnsLabel(16),
    commonLabels: labels,
    podLabels: labels,
    persistence: fc.record({ size, enabled: fc.boolean() }, { requiredKeys: [] }),
    resources,
    replicas: fc.integer({ min: 1, max: 5 }),
    keda,
    priorityClassName: fc.oneof(fc.constant(''), dnsLabel(20)),
    tolerations: fc.array(toleration, { maxLength: 2 }),
    service: fc.record({ type: fc.constantFrom('ClusterIP', 'NodePort', 'LoadBalancer') }),
    credentials: fc.record({
      secretName: fc.oneof(fc.constant(''), dnsLabel(12), fc.constantFrom(...YAMLISH.filter((v) => /^[a-z0-9]+$/.test(v)))),
      externalSecret: fc.record({
        storeName: fc.oneof(dnsLabel(10), fc.constantFrom('true', '123', 'null')),
        remoteKey: fc.oneof(fc.stringMatching(/^[a-z0-9]+(\/[a-z0-9-]+){0,3}$/), fc.constantFrom('true', '#main', 'kv/app: config')),
      }, { requiredKeys: [] }),
    }, { requiredKeys: [] }),
    pdb: fc.record({ enabled: fc.boolean(), maxUnavailable: fc.oneof(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 100 }).map((n) => `${n}%`)) }),
  };
  const fields = Object.fromEntries(Object.entries(candidates).filter(([k]) => k in shape));
  return fc.record(fields, { requiredKeys: [] });
}

const capabilityNames = ['istio', 'externalSecrets', 'prometheusOperator', 'keda', 'certManager', 'snapshots', 'velero', 'rook', 'argocd'] as const;

const globalValues = fc.record({
  tenantId: labelValue,
  workspaceId: labelValue,
  topology: fc.constantFrom('A', 'B'),
  environment: dnsLabel(12),
  imageRegistry: fc.oneof(fc.constant(''), registry),
  commonLabels: labels,
  capabilities: fc.record(Object.fromEntries(capabilityNames.map((c) => [c, fc.boolean()]))),
}, { requiredKeys: ['capabilities'] });

const valueAt = (obj: unknown, dottedPath: string) => dottedPath.split('.').reduce<any>((cur, k) => (cur && typeof cur === 'object' ? cur[k] : undefined), obj);

/** A random valid platform: 1 to 8 instances (a component may appear twice), capabilities, 0 to 2 environments. */
export const validPlatform: fc.Arbitrary<PlatformData> = fc
  .record({
    name: fc.stringMatching(/^[a-z][a-z0-9]{0,10}$/),
    global: globalValues,
    picks: fc.uniqueArray(fc.constantFrom(...components.map((c) => c.spec.id)), { minLength: 1, maxLength: components.length }),
    twice: fc.option(fc.constantFrom(...components.map((c) => c.spec.id)), { nil: undefined }),
  })
  .chain(({ name, global, picks, twice }) => {
    const keys: [string, Component<any>][] = [...picks, ...(twice ? [twice] : [])].map((id, i) => [i >= picks.length ? `${id}2` : id, components.find((c) => c.spec.id === id)!]);
    const unique = [...new Map(keys).entries()];
    const instance = ([, component]: [string, Component<any>]) =>
      fc.record({
        values: valuesFor(component),
        switches: fc.array(fc.boolean(), { minLength: component.spec.capabilities.rules.length, maxLength: component.spec.capabilities.rules.length }),
        enabled: fc.option(fc.boolean(), { nil: undefined }),
        useBits: fc.array(fc.boolean(), { minLength: 10, maxLength: 10 }),
        pick: fc.nat(),
      }).map(({ values, switches, enabled, useBits, pick }) => {
        // "X needs capability Y": X is switched on only where Y is on.
        component.spec.capabilities.rules.forEach((rule, i) => {
          const r = rule as { kind?: string; if?: string; then?: string };
          if ((r.kind ?? 'implies') === 'implies' && r.if && r.then && switches[i] && valueAt({ global }, r.then) === true) setDotted(values, r.if, true);
        });
        return { data: { component: component.spec.id, values, ...(enabled === undefined ? {} : { enabled }) }, useBits, pick };
      });
    const keyNames = unique.map(([k]) => k);
    const overlay = fc.record({
      global: fc.record({ tenantId: labelValue, workspaceId: labelValue }, { requiredKeys: [] }),
      components: fc.dictionary(fc.constantFrom(...keyNames), fc.record({ enabled: fc.boolean(), persistence: fc.record({ size }) }, { requiredKeys: [] }), { maxKeys: 3 }),
    }, { requiredKeys: [] });
    return fc.record({
      instances: fc.tuple(...unique.map(instance)),
      environments: fc.dictionary(fc.stringMatching(/^[a-z]([a-z0-9-]{0,8}[a-z0-9])?$/), overlay, { maxKeys: 2 }),
    }).map(({ instances, environments }): PlatformData => {
      const platformComponents = withUses(unique, instances);
      for (const o of Object.values(environments)) {
        for (const [k, change] of Object.entries(o.components ?? {})) {
          const component = unique.find(([key]) => key === k)![1];
          // An overlay changes only what the platform has, and what the component has (as its type requires).
          if (!platformComponents[k]) delete o.components![k];
          else if (!('persistence' in (component.spec.values as any).shape)) delete (change as Record<string, unknown>).persistence;
        }
      }
      separateEnvironments(unique, platformComponents as Record<string, { values: Record<string, unknown> }>, environments as Record<string, { components?: Record<string, unknown> }>);
      return { name, version: '0.1.0', description: 'A random platform.', global, components: platformComponents, environments };
    });
  });

/** What a component needs from the instances it uses ("one" or "any" provider of a kind); none on a DSL without `needs`. */
const needsOf = (c: Component<any>) => (c.spec as { needs?: Record<string, 'one' | 'any'> }).needs ?? {};

/** The kinds a component provides to the instances that use it, read from its defaults. */
function kindsOf(c: Component<any>): string[] {
  const provides = (c.spec as { provides?: (v: Record<string, unknown>, self: { key: string }) => object }).provides;
  try {
    return provides ? Object.keys(provides(c.chartSchema.parse({}) as Record<string, unknown>, { key: 'x' })) : [];
  } catch {
    return [];
  }
}

type Drawn = { data: InstanceData; useBits: boolean[]; pick: number };

/**
 * `uses` for every instance: one provider of each kind it needs "one" of (an instance without one is left
 * out), some of those it needs "any" of; an instance that needs nothing may use instances before it.
 */
function withUses(unique: [string, Component<any>][], drawn: Drawn[]): Record<string, InstanceData> {
  const providers = unique.filter(([, c]) => Object.keys(needsOf(c)).length === 0);
  const out: Record<string, InstanceData> = {};
  unique.forEach(([key, component], i) => {
    const { data, useBits, pick } = drawn[i]!;
    const needs = Object.entries(needsOf(component));
    const bit = (j: number) => useBits[j % useBits.length]!;
    let uses: string[] = [];
    if (needs.length) {
      const ones = needs.filter(([, n]) => n === 'one').map(([k]) => k);
      for (const kind of ones) {
        const candidates = providers.filter(([k, c]) => k !== key && kindsOf(c).includes(kind)).map(([k]) => k);
        if (!candidates.length) return;
        uses.push(candidates[pick % candidates.length]!);
      }
      // "Any" providers, but never a second provider of a kind needed once.
      const anyKinds = needs.filter(([, n]) => n === 'any').map(([k]) => k);
      uses.push(...providers.filter(([k, c]) => k !== key && !uses.includes(k) && kindsOf(c).some((kind) => anyKinds.includes(kind)) && !kindsOf(c).some((kind) => ones.includes(kind)))
        .map(([k]) => k).filter((_, j) => bit(j)));
    } else {
      uses = providers.slice(0, providers.findIndex(([k]) => k === key)).map(([k]) => k).filter((_, j) => bit(j));
    }
    out[key] = { ...data, ...(uses.length ? { uses } : {}) };
  });
  return out;
}

function setDotted(root: Record<string, unknown>, dotted: string, value: unknown): void {
  const keys = dotted.split('.');
  let cur: any = root;
  keys.forEach((k, i) => {
    if (i === keys.length - 1) cur[k] = value;
    else cur = cur[k] && typeof cur[k] === 'object' ? cur[k] : (cur[k] = {});
  });
}

// ---- mutations ----------------------------------------------------------------------------------------

/** Replacement values by kind: another type, awkward strings, numbers out of every range. */
export const replacements = {
  types: fc.oneof(
    fc.boolean(),
    fc.constant(null),
    fc.constant({}),
    fc.constant([]),
    fc.array(fc.string({ maxLength: 5 }), { minLength: 1, maxLength: 3 }),
    fc.dictionary(fc.string({ minLength: 1, maxLength: 5 }), fc.string({ maxLength: 5 }), { minKeys: 1, maxKeys: 2 }),
    fc.integer({ min: 0, max: 100 }),
    fc.string({ maxLength: 8 }),
  ),
  strings: fc.oneof(
    fc.string({ maxLength: 20 }),
    fc.string({ unit: 'binary', maxLength: 12 }),
    fc.constant(''),
    fc.integer({ min: 64, max: 5000 }).map((n) => 'x'.repeat(n)),
    fc.constantFrom(...YAMLISH, '#x', 'a: b', 'x\ny', '- x', '*x', '&a', '!tag', '%x', '@x', '`x`', "'", '"', '{{ .Values }}', ' padded ', '\t'),
  ),
  numbers: fc.oneof(
    fc.integer({ min: -1_000_000, max: -1 }),
    fc.constantFrom(0, -0, 0.5, 1e21, Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER, 2 ** 31, 65536),
    fc.double({ noDefaultInfinity: true, noNaN: true }),
  ),
};

/**
 * What a valid platform with environments must have besides valid values: each environment its own Vault paths and
 * hosts (the generator refuses two that share one), and a quota that holds what the random instances run.
 */
function separateEnvironments(
  unique: [string, Component<any>][], platform: Record<string, { values: Record<string, unknown> }>, environments: Record<string, { components?: Record<string, unknown> }>,
) {
  for (const [key, component] of unique) {
    const inst = platform[key];
    if (!inst) continue;
    const caps = component.spec.capabilities;
    if (caps.namespaceQuota) setDotted(inst.values, 'quota.hard', { 'requests.cpu': '1000', 'requests.memory': '100Ti', persistentvolumeclaims: 1000 });
    for (const [env, overlay] of Object.entries(environments)) {
      const change: Record<string, unknown> = {};
      for (const secret of caps.secrets) setDotted(change, `${secret.path}.externalSecret.remoteKey`, `kv/${env}/${key}/${secret.path}`);
      for (const h of caps.hosts ?? []) {
        const host = valueAt(inst.values, h.path);
        if (typeof host === 'string' && host) setDotted(change, h.path, `${env}.${host}`);
      }
      if (Object.keys(change).length === 0) continue;
      overlay.components ??= {};
      overlay.components[key] = { ...(overlay.components[key] as Record<string, unknown> | undefined), ...change };
    }
  }
}
