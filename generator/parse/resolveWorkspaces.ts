// A platform's per-workspace suites, tenants and workspaces: each suite resolved like an instance (its `uses`
// among the platform's components), each workspace checked against its tenant and the suites, and the values of
// every workspace's release of every suite computed and checked against the suite chart's schema. Nothing here
// names a component: a suite's parts and its backup block come from what its component declares.
import { z } from 'zod';
import type { GlobalValues } from '../dsl/global.ts';
import { dnsLabel } from '../dsl/primitives.ts';
import type { Platform } from '../dsl/platform.ts';
import { type ValueProblem, toProblems } from './formatIssues.ts';
import { type ResolvedInstance, deepMerge } from './resolvePlatform.ts';

/** The label the disaster-recovery schedule of workspaces selects objects by. */
export const BACKUP_LABEL = 'appgear.io/backup-enabled';
/** Kubernetes' limit on a namespace name (a DNS label). */
const NAMESPACE_MAX = 63;

/** The namespace of a workspace's release of a suite. */
export const workspaceNamespace = (workspace: string, suite: string) => `ws-${workspace}-${suite}`;

export interface WorkspaceRelease {
  /** Suite key, e.g. "factory". */
  suite: string;
  /** ws-<id>-<suite> */
  namespace: string;
  parts: string[];
  /**
   * The workspace's values over the suite's own (`given` of the suite instance): tenant and workspace ids in
   * `global`, the parts switched on and off, the backup label, then the tenant's and the workspace's values.
   */
  values: Record<string, unknown>;
}

export interface ResolvedWorkspace {
  id: string;
  tenant: string;
  backup: boolean;
  /** Its releases, one per suite it has parts of, in the order of the platform's suites. */
  releases: WorkspaceRelease[];
}

export interface ResolvedWorkspaces {
  suites: ResolvedInstance[];
  tenants: string[];
  workspaces: ResolvedWorkspace[];
}

const settingsShape = {
  backup: z.boolean().optional(),
  suites: z.record(z.string(), z.strictObject({
    parts: z.array(z.string()).optional(),
    values: z.record(z.string(), z.unknown()).optional(),
  })).optional(),
};
const tenantsSchema = z.record(dnsLabel(), z.strictObject({ workspaces: z.strictObject(settingsShape).optional() }));
const workspacesSchema = z.array(z.strictObject({ id: dnsLabel(), tenant: z.string(), ...settingsShape }));
type Settings = z.output<z.ZodObject<typeof settingsShape>>;

/** `{ a: { b: value } }` for "a.b". */
const at = (path: string, value: unknown): Record<string, unknown> =>
  path.split('.').reduceRight<Record<string, unknown>>((inner, k, i, all) => ({ [k]: i === all.length - 1 ? value : inner }), {});

const list = (xs: string[]) => xs.map((x) => JSON.stringify(x)).join(', ');

/**
 * Checks and resolves `suites`, `tenants` and `workspaces`; problems go to `problems`. `resolveSuites` resolves
 * the suite instances (with the platform's components available to their `uses`).
 */
export function resolveWorkspaces(
  file: string, platform: Platform, global: GlobalValues, components: string[], problems: ValueProblem[],
  resolveSuites: (entries: [string, unknown][]) => ResolvedInstance[],
): ResolvedWorkspaces {
  const before = problems.length;
  const suiteEntries = Object.entries(platform.suites ?? {});
  for (const [key] of suiteEntries) {
    if (components.includes(key)) problems.push({ file, path: `suites.${key}`, message: `expected a suite name no component of the platform has, found ${JSON.stringify(key)} (a key of components too)` });
  }
  const suites = problems.length > before ? [] : resolveSuites(suiteEntries);
  const suiteKeys = suiteEntries.map(([k]) => k);
  const tenantsParsed = tenantsSchema.safeParse(platform.tenants ?? {});
  if (!tenantsParsed.success) problems.push(...toProblems(file, 'tenants', tenantsParsed.error, platform.tenants));
  const workspacesParsed = workspacesSchema.safeParse(platform.workspaces ?? []);
  if (!workspacesParsed.success) problems.push(...toProblems(file, 'workspaces', workspacesParsed.error, platform.workspaces));
  if (!tenantsParsed.success || !workspacesParsed.success || problems.length > before) return { suites: [], tenants: [], workspaces: [] };
  const tenants = tenantsParsed.data;
  const tenantIds = Object.keys(tenants);
  const list_ = workspacesParsed.data;
  if (list_.length > 0 && suiteKeys.length === 0) {
    problems.push({ file, path: 'workspaces', message: 'expected suites for the workspaces to get (the platform\'s suites), found none' });
  }

  /** Unknown suites and parts of one settings block (a tenant's defaults or a workspace). */
  const checkSettings = (where: string, s: Settings | undefined) => {
    for (const [key, v] of Object.entries(s?.suites ?? {})) {
      const suite = suites.find((x) => x.key === key);
      if (!suite) {
        problems.push({ file, path: `${where}.suites.${key}`, message: `expected one of the platform's suites (${list(suiteKeys) || 'none declared'}), found ${JSON.stringify(key)}` });
        continue;
      }
      const known = suite.component.spec.capabilities.workspace?.parts ?? [];
      (v.parts ?? []).forEach((p, i) => {
        if (!known.includes(p)) problems.push({ file, path: `${where}.suites.${key}.parts[${i}]`, message: `expected one of the parts of suite ${JSON.stringify(key)} (${list(known) || 'it has none'}), found ${JSON.stringify(p)}` });
      });
    }
  };
  // A tenant's defaults are checked as the tenant's (once, even without workspaces): values its suites'
  // charts refuse are its mistake, not each of its workspaces'.
  const badTenants = new Set<string>();
  for (const [id, t] of Object.entries(tenants)) {
    const where = `tenants.${id}.workspaces`;
    const start = problems.length;
    checkSettings(where, t.workspaces);
    for (const [key, v] of problems.length > start ? [] : Object.entries(t.workspaces?.suites ?? {})) {
      const suite = suites.find((x) => x.key === key)!;
      if (!v.values) continue;
      if ('global' in v.values) {
        problems.push({ file, path: `${where}.suites.${key}.values.global`, message: 'global settings belong in the platform\'s global block (tenant and workspace ids are set from the workspace)' });
        continue;
      }
      const whole = deepMerge(deepMerge(structuredClone(suite.given), { global: { ...global, tenantId: id } }), structuredClone(v.values));
      const parsed = suite.component.chartSchema.safeParse(whole);
      if (!parsed.success) problems.push(...toProblems(file, `${where}.suites.${key}.values`, parsed.error, whole));
    }
    if (problems.length > start) badTenants.add(id);
  }

  const seen = new Map<string, number>();
  const workspaces: ResolvedWorkspace[] = [];
  list_.forEach((w, i) => {
    const where = `workspaces[${i}]`;
    const start = problems.length;
    if (seen.has(w.id)) problems.push({ file, path: `${where}.id`, message: `expected an id no other workspace has, found ${JSON.stringify(w.id)}, the id of workspaces[${seen.get(w.id)}] too` });
    else seen.set(w.id, i);
    const tenant = tenants[w.tenant];
    if (!tenant) {
      problems.push({ file, path: `${where}.tenant`, message: `expected one of the platform's tenants (${list(tenantIds) || 'none declared'}), found ${JSON.stringify(w.tenant)}` });
      return;
    }
    checkSettings(where, w);
    // The tenant's own mistakes are reported once, under the tenant.
    if (problems.length > start || badTenants.has(w.tenant)) return;
    const defaults = tenant.workspaces ?? {};
    const backup = w.backup ?? defaults.backup ?? false;
    const releases: WorkspaceRelease[] = [];
    for (const suite of suites) {
      const own = w.suites?.[suite.key];
      const dflt = defaults.suites?.[suite.key];
      const known = suite.component.spec.capabilities.workspace?.parts ?? [];
      const parts = [...new Set(own?.parts ?? dflt?.parts ?? known)];
      if (known.length > 0 && parts.length === 0) continue;
      const namespace = workspaceNamespace(w.id, suite.key);
      if (namespace.length > NAMESPACE_MAX) {
        const max = NAMESPACE_MAX - workspaceNamespace('', suite.key).length;
        problems.push({ file, path: `${where}.id`, message: `expected an id of at most ${max} characters (its namespace ${JSON.stringify(workspaceNamespace('<id>', suite.key))} is a name of at most ${NAMESPACE_MAX}), found ${JSON.stringify(w.id)} (${w.id.length} characters)` });
        continue;
      }
      const switchPath = suite.component.spec.capabilities.workspace?.backup;
      const generated: Record<string, unknown> = deepMerge({
        global: { tenantId: w.tenant, workspaceId: w.id, ...(backup ? { commonLabels: { [BACKUP_LABEL]: 'true' } } : {}) },
        ...Object.fromEntries(known.map((p) => [p, { enabled: parts.includes(p) }])),
      }, switchPath ? at(switchPath, backup) : {});
      const overrides = deepMerge(structuredClone(dflt?.values ?? {}), structuredClone(own?.values ?? {}));
      if ('global' in overrides) {
        problems.push({ file, path: `${where}.suites.${suite.key}.values.global`, message: 'global settings belong in the platform\'s global block (tenant and workspace ids are set from the workspace)' });
        continue;
      }
      const values = deepMerge(overrides, generated);
      // The release as its chart will see it: the suite's values, the platform's global, the workspace's values.
      const whole = deepMerge(deepMerge(structuredClone(suite.given), { global }), values);
      const parsed = suite.component.chartSchema.safeParse(whole);
      if (!parsed.success) {
        problems.push(...toProblems(file, `${where}.suites.${suite.key}.values`, parsed.error, whole));
        continue;
      }
      releases.push({ suite: suite.key, namespace, parts: known.filter((p) => parts.includes(p)), values });
    }
    workspaces.push({ id: w.id, tenant: w.tenant, backup, releases });
  });
  return { suites, tenants: tenantIds, workspaces };
}
