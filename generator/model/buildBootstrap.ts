// A platform's delivery -> the model of its bootstrap chart: the values Argo CD's objects are rendered from,
// with what each environment's charts need (namespaces, upstream repositories, cluster-scoped kinds) derived
// from the components' declared capabilities and templates, never from their names.
import { bootstrapChartSchema, bootstrapValues } from '../bootstrap/values.ts';
import { globalSchema } from '../dsl/global.ts';
import { ValuesError } from '../parse/formatIssues.ts';
import type { UsedInstance } from '../dsl/endpoints.ts';
import { type DeliveryEnvironment, placement, type ResolvedDelivery } from '../parse/resolveDelivery.ts';
import {
  deepMerge, get, isPlainObject, type ResolvedEnvironment, type ResolvedInstance, type ResolvedPlatform,
} from '../parse/resolvePlatform.ts';
import { toProblems } from '../parse/formatIssues.ts';
import { emitValuesSchema, type JsonSchema, libraryKey } from '../schema/emitValuesSchema.ts';
import { type GroupKind, clusterScopedKinds, uniqueKinds } from './clusterScoped.ts';
import type { ChartMeta, ChartRef } from './buildChartSet.ts';

export interface BootstrapModel {
  /** "<umbrella>-bootstrap" */
  name: string;
  version: string;
  /** The umbrella it installs. */
  umbrella: { name: string; version: string };
  sourceFile: string;
  delivery: ResolvedDelivery;
  /** values.yaml (global included). */
  defaults: Record<string, unknown>;
  /** For docs and types; `helmSchema` is the one Helm enforces (defaulted keys required). */
  schema: JsonSchema;
  helmSchema: JsonSchema;
  /** Scenario name -> values (ci/<name>-values.yaml): each generator kind, the git source, manual sync. */
  scenarios: Record<string, unknown>;
  library: ChartRef;
  meta: ChartMeta;
}

export const bootstrapName = (umbrella: string) => `${umbrella}-bootstrap`;

/** What an environment's instances need from an AppProject besides the modules' namespaces. */
function environmentNeeds(instances: ResolvedInstance[], argocd: boolean) {
  const namespaces = new Set<string>();
  const repos = new Set<string>();
  const kinds: GroupKind[] = [];
  for (const inst of instances.filter((i) => i.enabled)) {
    const caps = inst.component.spec.capabilities;
    // A namespace value left empty means the release's: the module's namespace, already allowed.
    const add = (path: string) => {
      const ns = get(inst.resolved, path);
      if (typeof ns === 'string' && ns !== '') namespaces.add(ns);
    };
    for (const p of caps.namespaces ?? []) add(p);
    kinds.push(...clusterScopedKinds(inst.component.spec.templatesDir));
    for (const app of caps.applications ?? []) {
      if (!argocd || get(inst.resolved, app.when) !== true) continue;
      repos.add(String(get(inst.resolved, app.repoURL)));
      add(app.namespace);
      add(app.destination);
      kinds.push(...app.clusterResources);
    }
  }
  return { destinationNamespaces: [...namespaces].sort(), sourceRepos: [...repos].sort(), clusterResources: uniqueKinds(kinds) };
}

/** An environment's needs with its workspaces' suites' cluster-scoped kinds (their namespaces come from `suites`). */
function withSuites(needs: ReturnType<typeof environmentNeeds>, suites: ResolvedInstance[]) {
  if (suites.length === 0) return needs;
  return {
    destinationNamespaces: needs.destinationNamespaces,
    sourceRepos: needs.sourceRepos,
    clusterResources: uniqueKinds([...needs.clusterResources, ...suites.flatMap((s) => clusterScopedKinds(s.component.spec.templatesDir))]),
  };
}

/** `derived` without the leaves `given` sets: what the platform module says about a suite always wins. */
function notGiven(derived: Record<string, unknown>, given: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(derived)) {
    if (!(k in given)) out[k] = v;
    else if (isPlainObject(v) && isPlainObject(given[k])) {
      const rest = notGiven(v, given[k] as Record<string, unknown>);
      if (Object.keys(rest).length > 0) out[k] = rest;
    }
  }
  return out;
}

/**
 * Per suite, what its workspace releases get in one environment over the suite's values: what the suite's
 * component derives from the instances it uses once it knows where they run there (the release and the
 * namespace of the module that installs each). A used instance switched off in the environment gives nothing.
 */
function workspaceValues(
  env: DeliveryEnvironment, resolved: ResolvedEnvironment, d: ResolvedDelivery, suites: ResolvedInstance[], file: string,
): Record<string, Record<string, unknown>> {
  return Object.fromEntries(suites.map((s) => {
    const uses: UsedInstance[] = s.uses.flatMap((key) => {
      const inst = resolved.instances.find((i) => i.key === key && i.enabled);
      const at = placement(d, key, env.name);
      return inst && at ? [{ key, provides: inst.provides, address: { release: at.module.releaseName, namespace: at.namespace } }] : [];
    });
    const derived = notGiven(s.component.spec.derive?.({ uses }) ?? {}, s.given);
    // The suite's chart checks what it derived, as it will see it there.
    const whole = deepMerge(deepMerge(structuredClone(s.given), { global: resolved.global }), derived);
    const parsed = s.component.chartSchema.safeParse(whole);
    if (!parsed.success) throw new ValuesError(toProblems(file, `suites.${s.key} (derived for environment ${env.name})`, parsed.error, whole));
    return [s.key, derived];
  }));
}

/**
 * Scenarios: each generator kind for every environment, the git source, manual sync. Environment entries are
 * written whole (Helm fills no defaults into a map's entries, so the schema asks for every key of one).
 */
function scenarios(environments: Record<string, Record<string, unknown>>, umbrella: string): Record<string, unknown> {
  const none = { clusters: [], matchLabels: {}, git: { repoURL: '', revision: 'HEAD', files: '' } };
  const each = (f: (env: string) => Record<string, unknown>) => ({
    // Copies, so the YAML writer sees no shared objects (it would write anchors).
    environments: Object.fromEntries(Object.entries(environments).map(([e, v]) => {
      const g = f(e);
      return [e, structuredClone({ ...v, generator: { kind: g.kind, ...none, ...g } })];
    })),
  });
  return {
    list: each((e) => ({ kind: 'list', clusters: [1, 2].map((n) => ({ name: `${e}-${n}`, server: `https://${e}-${n}.example.com:6443` })) })),
    cluster: each((e) => ({ kind: 'cluster', matchLabels: { 'appgear.io/environment': e, 'appgear.io/region': 'eu' } })),
    git: each((e) => ({ kind: 'git', git: { repoURL: 'https://github.com/appgear/clusters.git', revision: 'main', files: `clusters/${e}/*.yaml` } })),
    'git-source': { source: { kind: 'git', git: { repoURL: 'https://github.com/appgear/appgear-charts.git', targetRevision: 'main', path: `charts/${umbrella}` } } },
    'manual-sync': { syncPolicy: { automated: false, createNamespace: false } },
  };
}

/** Helm adds the library dependency's key to the values: allowed, never checked. */
const withLibraryKey = (s: JsonSchema): JsonSchema => ({ ...s, properties: { ...(s.properties as JsonSchema), ...libraryKey() } });

export function buildBootstrap(p: ResolvedPlatform & { delivery: ResolvedDelivery }, library: ChartRef, meta: ChartMeta): BootstrapModel {
  const d = p.delivery;
  // Per module: the value paths that receive the AppProject (its instances' own Applications), and the
  // instances of the other modules switched off.
  const projectParameters = (keys: string[]) => p.instances.filter((i) => keys.includes(i.key))
    .flatMap((i) => (i.component.spec.capabilities.applications ?? []).map((a) => `${i.key}.${a.project}`));
  const others = (keys: string[]) => Object.fromEntries(p.instances.filter((i) => !keys.includes(i.key)).map((i) => [i.key, { enabled: false }]));
  const environments = Object.fromEntries(d.environments.map((e) => {
    const resolved = p.environments.find((x) => x.name === e.name)!;
    const g = e.generator;
    return [e.name, {
      project: `${p.name}-${e.name}`,
      valueFiles: [`values-${e.name}.yaml`],
      values: {},
      generator: {
        kind: g.kind,
        clusters: g.kind === 'list' ? g.clusters : [],
        matchLabels: g.kind === 'cluster' ? g.matchLabels ?? {} : {},
        git: g.kind === 'git' ? { repoURL: g.repoURL, revision: g.revision, files: g.files } : { repoURL: '', revision: 'HEAD', files: '' },
      },
      namespaces: Object.fromEntries(Object.entries(e.namespaces).filter(([m, ns]) => d.modules.find((x) => x.name === m)!.namespace !== ns)),
      allowedServers: [],
      ...withSuites(environmentNeeds(resolved.instances, resolved.global.capabilities.argocd), p.workspaces.suites),
      global: resolved.global,
      workspaceValues: workspaceValues(e, resolved, d, p.workspaces.suites, p.file),
    }];
  }));
  const given = {
    argocd: { namespace: d.argocdNamespace },
    source: {
      kind: d.source.kind,
      oci: { registry: d.source.kind === 'oci' ? d.source.registry : '', version: p.version },
      git: d.source.kind === 'git'
        ? { repoURL: d.source.repoURL, targetRevision: d.source.targetRevision, path: d.source.path }
        : { repoURL: '', targetRevision: 'main', path: `charts/${p.name}` },
    },
    syncPolicy: d.syncPolicy,
    modules: Object.fromEntries(d.modules.map((m) => [m.name, {
      chart: m.chart, releaseName: m.releaseName, namespace: m.namespace, projectParameters: projectParameters(m.instances), values: others(m.instances),
    }])),
    environments,
    suites: Object.fromEntries(p.workspaces.suites.map((s) => [s.key, { chart: s.component.spec.chart.name, version: s.component.spec.chart.version, values: s.given, environments: d.environments.map((e) => e.name) }])),
    workspaces: p.workspaces.workspaces.filter((w) => w.releases.length > 0)
      .map((w) => ({ id: w.id, tenant: w.tenant, releases: Object.fromEntries(w.releases.map((r) => [r.suite, r.values])) })),
    ...(p.module ? { appgear: { module: p.module.name, contractVersion: p.module.contractVersion } } : {}),
    global: p.global,
  };
  const parsed = bootstrapChartSchema.safeParse(given);
  if (!parsed.success) throw new ValuesError(toProblems(p.file, 'delivery (as bootstrap chart values)', parsed.error, given));
  const name = bootstrapName(p.name);
  const docs = bootstrapValues.extend({ global: globalSchema });
  return {
    name,
    version: d.version,
    umbrella: { name: p.name, version: p.version },
    sourceFile: p.file,
    delivery: d,
    defaults: parsed.data as Record<string, unknown>,
    schema: emitValuesSchema(docs, `${name} values`),
    helmSchema: withLibraryKey(emitValuesSchema(docs, `${name} values`, { requireDefaulted: true })),
    scenarios: scenarios(environments, p.name),
    library,
    meta,
  };
}
