// Resolved (and policy-checked) platforms -> chart models: the library chart, one sub-chart per component
// used, one umbrella per platform, one bootstrap chart per platform that says how Argo CD installs it, each
// with explicit references to the charts it depends on. Pure data;
// nothing here renders text, checks policy or touches the disk.
import type { Component } from '../dsl/component.ts';
import { globalSchema, type GlobalValues } from '../dsl/global.ts';
import type { Maintainer } from '../dsl/platform.ts';
import { LIBRARY } from '../library/index.ts';
import { emitUmbrellaSchema, emitValuesSchema, type JsonSchema } from '../schema/emitValuesSchema.ts';
import { type ValueProblem, ValuesError } from '../parse/formatIssues.ts';
import type { ResolvedPlatform } from '../parse/resolvePlatform.ts';
import { type BootstrapModel, bootstrapName, buildBootstrap } from './buildBootstrap.ts';

/** Where the charts a chart depends on are served from: beside it (a git checkout) or a registry. */
export type Repository = { kind: 'local' } | { kind: 'remote'; url: string };

/** A chart as another chart's Chart.yaml names it. */
export interface ChartRef {
  name: string;
  version: string;
  /** "file://../<name>", "oci://host/path" or "https://host/path". */
  repository: string;
}

export const chartRef = (name: string, version: string, repository: Repository): ChartRef => ({
  name,
  version,
  repository: repository.kind === 'local' ? `file://../${name}` : repository.url.replace(/\/+$/, ''),
});

/** Maintainers and sources of the charts, from the platform modules that use them. */
export interface ChartMeta {
  maintainers: Maintainer[];
  sources: string[];
}

export interface LibraryModel {
  name: string;
  version: string;
  meta: ChartMeta;
}

export interface SubchartModel {
  component: Component<any>;
  name: string;
  version: string;
  /** Defaults of every value (values.yaml). */
  defaults: Record<string, unknown>;
  schema: JsonSchema;
  /** Scenario name -> values as written (ci/<name>-values.yaml). */
  scenarios: Record<string, unknown>;
  library: ChartRef;
  meta: ChartMeta;
}

export interface UmbrellaDependency {
  key: string;
  chart: SubchartModel;
  ref: ChartRef;
  enabled: boolean;
  given: Record<string, unknown>;
}

/** An environment of an umbrella: the same dependencies with this environment's values. */
export interface UmbrellaEnvironment {
  name: string;
  global: GlobalValues;
  dependencies: { key: string; enabled: boolean; given: Record<string, unknown> }[];
}

export interface UmbrellaModel {
  name: string;
  version: string;
  description: string;
  home?: string;
  sourceFile: string;
  global: GlobalValues;
  dependencies: UmbrellaDependency[];
  library: ChartRef;
  /** The values' schema for types and docs; `helmSchema` is the one Helm enforces (defaulted keys required). */
  schema: JsonSchema;
  helmSchema: JsonSchema;
  environments: UmbrellaEnvironment[];
  meta: ChartMeta;
}

export interface ChartSet {
  library: LibraryModel;
  subcharts: SubchartModel[];
  umbrellas: UmbrellaModel[];
  /** Bootstrap charts (Argo CD AppProjects and ApplicationSets), one per platform with a `delivery` block. */
  bootstraps: BootstrapModel[];
  /** Declared Pod Security exceptions (from the policy stage), reported with the summary. */
  exceptions: string[];
}

/** Maintainers and sources of several platforms, without repeats, in a stable order. */
function mergeMeta(platforms: ResolvedPlatform[]): ChartMeta {
  const maintainers = new Map<string, Maintainer>();
  for (const m of platforms.flatMap((p) => p.maintainers)) maintainers.set(JSON.stringify([m.name, m.email ?? '', m.url ?? '']), m);
  return {
    maintainers: [...maintainers.values()].sort((a, b) => a.name.localeCompare(b.name)),
    sources: [...new Set(platforms.flatMap((p) => p.sources))].sort(),
  };
}

export function buildChartSet(platforms: ResolvedPlatform[], opts: { exceptions?: string[]; repository?: Repository } = {}): ChartSet {
  const repository = opts.repository ?? { kind: 'local' };
  const problems: ValueProblem[] = [];
  const users = new Map<Component<any>, ResolvedPlatform[]>();
  const names = new Map<string, string>();
  for (const p of platforms) {
    if (names.has(p.name)) problems.push({ file: p.file, path: 'name', message: `umbrella "${p.name}" is also defined by ${names.get(p.name)}; expected unique platform names` });
    names.set(p.name, p.file);
    // Every component the platform uses: its instances', and its per-workspace suites' (charts of their own).
    for (const inst of [...p.instances, ...p.workspaces.suites]) users.set(inst.component, [...(users.get(inst.component) ?? []), p]);
  }
  // Shared charts carry their own metadata: their content may not depend on which platforms use them.
  const library: LibraryModel = { name: LIBRARY.name, version: LIBRARY.version, meta: { maintainers: [...LIBRARY.maintainers], sources: [] } };
  const libraryRef = chartRef(library.name, library.version, repository);
  const subcharts = [...users.keys()].map((component) => buildSubchart(component, libraryRef, { maintainers: component.spec.chart.maintainers ?? [], sources: [] })).sort((a, b) => a.name.localeCompare(b.name));
  const bootstrapNames = platforms.filter((p) => p.delivery).map((p) => bootstrapName(p.name));
  for (const name of [...subcharts.map((s) => s.name), library.name, ...bootstrapNames]) {
    if (names.has(name)) problems.push({ file: names.get(name)!, path: 'name', message: `"${name}" is already the name of a generated chart; expected another umbrella name` });
  }
  if (problems.length) throw new ValuesError(problems);
  const byComponent = new Map(subcharts.map((s) => [s.component, s]));
  const umbrellas = platforms.map((p) => buildUmbrella(p, byComponent, libraryRef, repository));
  const bootstraps = platforms.flatMap((p) => (p.delivery ? [buildBootstrap({ ...p, delivery: p.delivery }, libraryRef, mergeMeta([p]))] : []));
  return { library, subcharts, umbrellas, bootstraps, exceptions: opts.exceptions ?? [] };
}

function buildSubchart(component: Component<any>, library: ChartRef, meta: ChartMeta): SubchartModel {
  const { spec, chartSchema } = component;
  return {
    component,
    name: spec.chart.name,
    version: spec.chart.version,
    defaults: chartSchema.parse({}) as Record<string, unknown>,
    schema: emitValuesSchema(chartSchema, `${spec.chart.name} values`),
    scenarios: spec.scenarios,
    library,
    meta,
  };
}

function buildUmbrella(p: ResolvedPlatform, charts: Map<Component<any>, SubchartModel>, library: ChartRef, repository: Repository): UmbrellaModel {
  const dependencies = p.instances.map((inst) => {
    const chart = charts.get(inst.component)!;
    return { key: inst.key, chart, ref: chartRef(chart.name, chart.version, repository), enabled: inst.enabled, given: inst.given };
  });
  const instances = dependencies.map((d) => ({ key: d.key, chart: d.chart.name, title: `${d.key} (${d.chart.name})` }));
  const schema = emitUmbrellaSchema(`${p.name} values`, globalSchema, instances);
  const helmSchema = emitUmbrellaSchema(`${p.name} values`, globalSchema, instances, { requireDefaulted: true });
  const environments = p.environments.map((e) => ({
    name: e.name,
    global: e.global,
    dependencies: e.instances.map((i) => ({ key: i.key, enabled: i.enabled, given: i.given })),
  }));
  return {
    name: p.name, version: p.version, description: p.description, home: p.home, sourceFile: p.file, global: p.global,
    dependencies, library, schema, helmSchema, environments, meta: mergeMeta([p]),
  };
}
