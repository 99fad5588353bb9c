// Parses a platform module with zod: every instance against its chart's schema (its cross-field rules
// included), in the order its `uses` give, each deriving values from what the instances it uses provide.
// All problems are reported at once.
import { z } from 'zod';
import type { Component, ComponentInstance } from '../dsl/component.ts';
import type { Endpoints, UsedInstance } from '../dsl/endpoints.ts';
import { globalSchema, type GlobalValues } from '../dsl/global.ts';
import { dnsLabel } from '../dsl/primitives.ts';
import { type EnvironmentOverlay, isPlatform, type Maintainer, type ModuleInfo, type Platform } from '../dsl/platform.ts';
import { type ValueProblem, ValuesError, toProblems } from './formatIssues.ts';
import { resolveDelivery, type ResolvedDelivery } from './resolveDelivery.ts';
import { type ResolvedWorkspaces, resolveWorkspaces } from './resolveWorkspaces.ts';
import { checkNeeds, orderByUses, providesOf, structuralDerivations } from './resolveUses.ts';

export interface ResolvedInstance {
  /** Umbrella values key and dependency alias. */
  key: string;
  component: Component<any>;
  enabled: boolean;
  /** The values as written in the platform module (what the umbrella's values.yaml carries). */
  given: Record<string, unknown>;
  /** The values after defaults, with the platform's global merged in (what the chart will see). */
  resolved: Record<string, unknown>;
  /** Keys of the instances it uses. */
  uses: string[];
  /** What it offers the instances that use it. */
  provides: Partial<Endpoints>;
}

export interface ResolvedEnvironment {
  /** Environment name; its umbrella values file is `values-<name>.yaml`. */
  name: string;
  global: GlobalValues;
  /** Every instance of the platform, with this environment's changes applied and resolved. */
  instances: ResolvedInstance[];
}

export interface ResolvedPlatform {
  file: string;
  name: string;
  version: string;
  description: string;
  home?: string;
  maintainers: Maintainer[];
  sources: string[];
  global: GlobalValues;
  instances: ResolvedInstance[];
  environments: ResolvedEnvironment[];
  /** The module of the platform documents its instances belong to. */
  module?: ModuleInfo;
  /** How Argo CD installs it (the bootstrap chart); none without a `delivery` block. */
  delivery?: ResolvedDelivery;
  /** Per-workspace suites, tenants and workspaces (each workspace's releases of the suites). */
  workspaces: ResolvedWorkspaces;
}

const SEMVER = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$/;

const platformShape = z.strictObject({
  kind: z.literal('platform'),
  name: dnsLabel(),
  version: z.string().regex(SEMVER, { error: (i) => `expected a SemVer 2 version like "0.1.0", found ${JSON.stringify(i.input)}` }),
  description: z.string().min(1),
  home: z.string().regex(/^https?:\/\/\S+$/, { error: (i) => `expected an http(s) URL, found ${JSON.stringify(i.input)}` }).optional(),
  maintainers: z.array(z.strictObject({ name: z.string().min(1), email: z.string().regex(/^[^@\s]+@[^@\s]+$/).optional(), url: z.string().regex(/^https?:\/\/\S+$/).optional() })),
  sources: z.array(z.string().regex(/^(https?|git|ssh):\/\/\S+$|^[\w.-]+@[\w.-]+:\S+$/, { error: (i) => `expected a repository URL, found ${JSON.stringify(i.input)}` })),
  module: z.strictObject({ name: z.string().min(1), contractVersion: z.string().min(1) }).optional(),
  global: z.unknown(),
  components: z.record(z.string(), z.unknown()),
  environments: z.record(
    z.string(),
    z.strictObject({ global: z.record(z.string(), z.unknown()).optional(), components: z.record(z.string(), z.unknown()).optional() }),
  ).optional(),
  delivery: z.unknown().optional(),
  suites: z.record(z.string(), z.unknown()),
  tenants: z.unknown(),
  workspaces: z.unknown(),
});

export function resolvePlatform(file: string, value: unknown): ResolvedPlatform {
  if (!isPlatform(value)) {
    throw new ValuesError([{ file, path: '', message: 'expected the default export to be definePlatform({...}), found something else' }]);
  }
  const problems: ValueProblem[] = [];
  const shape = platformShape.safeParse(value);
  if (!shape.success) problems.push(...toProblems(file, '', shape.error, value));

  const g = globalSchema.safeParse(value.global);
  if (!g.success) problems.push(...toProblems(file, 'global', g.error, value.global));

  for (const name of Object.keys(value.environments ?? {})) {
    // The name is part of a file name (values-<name>.yaml) and usually of a namespace.
    if (!/^[a-z]([a-z0-9-]{0,30}[a-z0-9])?$/.test(name)) {
      problems.push({ file, path: `environments.${name}`, message: `expected an environment name like "staging" (lowercase letters, digits and dashes), found ${JSON.stringify(name)}` });
    }
  }
  const entries = Object.entries(value.components ?? {});
  const instances = resolveInstances(file, 'components', g.success ? g.data : undefined, entries, problems, value.module);
  if (problems.length) throw new ValuesError(problems);
  // Suites resolve with the components beside them (their `uses`), never with the platform's module: each
  // suite's chart keeps its own.
  const workspaces = resolveWorkspaces(file, value, g.data!, entries.map(([k]) => k), problems, (suites) => {
    const keys = new Set(suites.map(([k]) => k));
    return resolveInstances(file, 'suites', g.data, [...entries, ...suites], problems).filter((i) => keys.has(i.key));
  });
  // Environments are checked once the base is valid: their problems are then their own.
  const environments: ResolvedEnvironment[] = [];
  for (const [name, overlay] of Object.entries(value.environments ?? {})) {
    const env = resolveEnvironment(file, name, value, overlay, problems);
    if (env) environments.push(env);
  }
  const delivery = value.delivery === undefined
    ? undefined
    : resolveDelivery(file, value.delivery, { name: value.name, version: value.version, environments: Object.keys(value.environments ?? {}), instances: instances.map((i) => i.key) }, problems);
  if (problems.length) throw new ValuesError(problems);
  return {
    file, name: value.name, version: value.version, description: value.description, home: value.home,
    maintainers: value.maintainers ?? [], sources: value.sources ?? [], global: g.data!, instances, environments,
    ...(value.module ? { module: value.module } : {}),
    ...(delivery ? { delivery } : {}),
    workspaces,
  };
}

/** One environment: the overlay merged onto the platform's own values, then resolved like them. */
function resolveEnvironment(file: string, name: string, platform: Platform, overlay: EnvironmentOverlay, problems: ValueProblem[]): ResolvedEnvironment | undefined {
  const where = `environments.${name}`;
  const before = problems.length;
  const globalInput = deepMerge(platform.global, { environment: name, ...(overlay.global ?? {}) });
  const g = globalSchema.safeParse(globalInput);
  if (!g.success) problems.push(...toProblems(file, `${where}.global`, g.error, globalInput));
  const known = Object.keys(platform.components);
  const changes = (overlay.components ?? {}) as Record<string, Record<string, unknown> | undefined>;
  for (const key of Object.keys(changes)) {
    if (!known.includes(key)) problems.push({ file, path: `${where}.components.${key}`, message: `expected one of the platform's components (${known.join(', ')}), found ${JSON.stringify(key)}` });
  }
  const entries = Object.entries(platform.components).map(([key, inst]): [string, ComponentInstance] => {
    const { enabled, ...change } = changes[key] ?? {};
    if (enabled !== undefined && typeof enabled !== 'boolean') {
      problems.push({ file, path: `${where}.components.${key}.enabled`, message: `expected true or false, found ${JSON.stringify(enabled)}` });
    }
    return [key, { ...inst, values: deepMerge(inst.values, change), enabled: typeof enabled === 'boolean' ? enabled : inst.enabled }];
  });
  const instances = resolveInstances(file, `${where}.components`, g.success ? g.data : undefined, entries, problems, platform.module);
  return problems.length === before ? { name, global: g.data!, instances } : undefined;
}

/**
 * Parses every instance against its chart's schema, the instances it uses first, with the values it derives
 * from them and the platform's module merged under what the module gives; problems are collected, valid
 * instances returned in the module's order.
 */
function resolveInstances(
  file: string, prefix: string, global: GlobalValues | undefined, entries: [string, unknown][], problems: ValueProblem[], module?: ModuleInfo,
): ResolvedInstance[] {
  const named: { key: string; instance: ComponentInstance }[] = [];
  for (const [key, raw] of entries) {
    const where = `${prefix}.${key}`;
    const instance = raw as Partial<ComponentInstance> | undefined;
    // The key becomes the dependency alias, hence object names and template paths: lowercase only.
    if (!/^[a-z][a-z0-9]{0,30}$/.test(key)) {
      problems.push({ file, path: where, message: `expected a key like "db" or "analyticsdb" (lowercase letters and digits), found ${JSON.stringify(key)}` });
      continue;
    }
    if (instance?.kind !== 'component-instance' || !instance.component) {
      problems.push({ file, path: where, message: 'expected a component instance (a component\'s function called with its values, e.g. db: <component>({ ... })), found something else' });
      continue;
    }
    if ('global' in ((instance.values ?? {}) as object)) {
      problems.push({ file, path: `${where}.global`, message: 'global settings belong in the platform\'s global block, not in a component' });
      continue;
    }
    named.push({ key, instance: instance as ComponentInstance });
  }
  const { order, problems: useProblems } = orderByUses(file, prefix, named);
  problems.push(...useProblems);
  if (useProblems.length) return [];
  const done = new Map<string, ResolvedInstance>();
  for (const { key, instance } of order) {
    const where = `${prefix}.${key}`;
    const { component } = instance;
    const wanted = instance.uses ?? [];
    const uses: UsedInstance[] = wanted.flatMap((k) => (done.has(k) ? [{ key: k, provides: done.get(k)!.provides }] : []));
    // A used instance that did not resolve has its own problems: this one is still checked for its own, but
    // derives nothing and is not offered to others (what it would derive is unknown).
    const complete = uses.length === wanted.length;
    const needs = complete ? checkNeeds(file, where, component, uses) : [];
    if (needs.length) {
      problems.push(...needs);
      continue;
    }
    const derived = complete ? mergeUnder(structuralDerivations(component, uses), component.spec.derive?.({ uses }) ?? {}) : {};
    const meta = module && 'appgear' in component.chartSchema.shape ? { appgear: { module: module.name, contractVersion: module.contractVersion } } : {};
    const given = mergeUnder(instance.values as Record<string, unknown>, mergeUnder(derived, meta));
    const withGlobal = { ...given, global: global ?? {} };
    const parsed = component.chartSchema.safeParse(withGlobal);
    if (!parsed.success) {
      // With an invalid global the instance was checked against global's defaults: rules that read global
      // would only add noise to the one problem that matters.
      const issues = parsed.error.issues.filter((i) => global || !(i.code === 'custom' && (i.params as { readsGlobal?: boolean } | undefined)?.readsGlobal));
      if (issues.length) problems.push(...toProblems(file, where, new z.ZodError(issues), withGlobal));
      continue;
    }
    const resolved = parsed.data as Record<string, unknown>;
    if (!complete) continue;
    done.set(key, { key, component, enabled: instance.enabled ?? true, given, resolved, uses: [...wanted], provides: providesOf(key, component, resolved) });
  }
  // Back to the order of the platform module (umbrella dependencies and values follow it).
  return entries.flatMap(([k]) => (done.has(k) ? [done.get(k)!] : []));
}

/** `overlay` on top of `base`: objects merge key by key, anything else (arrays too) replaces; undefined changes nothing. */
export function deepMerge<T>(base: T, overlay: unknown): T {
  if (!isPlainObject(base) || !isPlainObject(overlay)) return (overlay === undefined ? base : overlay) as T;
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(overlay)) if (v !== undefined) out[k] = deepMerge(out[k], v);
  return out as T;
}

/** `derived` with `given` on top: what the platform module says always wins; undefined derives nothing. */
export function mergeUnder(given: Record<string, unknown>, derived: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(derived)) if (v !== undefined) out[k] = v;
  for (const [k, v] of Object.entries(given)) {
    const d = out[k];
    out[k] = isPlainObject(v) && isPlainObject(d) ? mergeUnder(v as Record<string, unknown>, d as Record<string, unknown>) : v;
  }
  return out;
}

/** A values map (not an array, not null). */
export const isPlainObject = (x: unknown): x is Record<string, unknown> => !!x && typeof x === 'object' && !Array.isArray(x);

export function get(obj: unknown, dotted: string): unknown {
  return dotted.split('.').reduce<unknown>((cur, k) => (cur && typeof cur === 'object' ? (cur as Record<string, unknown>)[k] : undefined), obj);
}
