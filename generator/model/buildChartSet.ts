// Resolved platforms -> chart models: one sub-chart per component used, one umbrella per platform.
// Pure data; nothing here renders text or touches the disk.
import type { Component } from '../dsl/component.ts';
import { globalSchema, type GlobalValues } from '../dsl/global.ts';
import { checkComponentPolicies, checkValuesPolicies } from '../policy/checkPolicies.ts';
import { emitUmbrellaSchema, emitValuesSchema, type JsonSchema } from '../schema/emitValuesSchema.ts';
import { type ValueProblem, ValuesError, toProblems } from '../validate/formatIssues.ts';
import type { ResolvedPlatform } from '../validate/resolvePlatform.ts';

export interface SubchartModel {
  component: Component<any>;
  name: string;
  /** Defaults of every value (values.yaml). */
  defaults: Record<string, unknown>;
  schema: JsonSchema;
  /** Scenario name -> values as written (ci/<name>-values.yaml). */
  scenarios: Record<string, unknown>;
}

export interface UmbrellaDependency {
  key: string;
  chart: SubchartModel;
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
  sourceFile: string;
  global: GlobalValues;
  dependencies: UmbrellaDependency[];
  schema: JsonSchema;
  environments: UmbrellaEnvironment[];
}

export interface ChartSet {
  subcharts: SubchartModel[];
  umbrellas: UmbrellaModel[];
  exceptions: string[];
}

export function buildChartSet(platforms: ResolvedPlatform[]): ChartSet {
  const problems: ValueProblem[] = [];
  const exceptions: string[] = [];
  const byComponent = new Map<Component<any>, SubchartModel>();
  const names = new Map<string, string>();
  for (const p of platforms) {
    if (names.has(p.name)) problems.push({ file: p.file, path: 'name', message: `umbrella "${p.name}" is also defined by ${names.get(p.name)}; expected unique platform names` });
    names.set(p.name, p.file);
    // An environment's policy problems are reported unless the base already reports the same one.
    const seen = new Set(p.instances.flatMap((inst) => checkValuesPolicies(p.file, `components.${inst.key}`, inst.component, inst.resolved).map((q) => `${q.path}\0${q.message}`)));
    for (const env of p.environments) {
      const prefix = `environments.${env.name}.`;
      for (const inst of env.instances) {
        const own = checkValuesPolicies(p.file, `${prefix}components.${inst.key}`, inst.component, inst.resolved);
        problems.push(...own.filter((q) => !seen.has(`${q.path.slice(prefix.length)}\0${q.message}`)));
      }
    }
    for (const inst of p.instances) {
      problems.push(...checkValuesPolicies(p.file, `components.${inst.key}`, inst.component, inst.resolved));
      if (byComponent.has(inst.component)) continue;
      const policy = checkComponentPolicies(inst.component);
      problems.push(...policy.problems);
      exceptions.push(...policy.exceptions);
      const model = buildSubchart(inst.component, problems);
      byComponent.set(inst.component, model);
    }
  }
  const subcharts = [...byComponent.values()].sort((a, b) => a.name.localeCompare(b.name));
  for (const s of subcharts) {
    if (names.has(s.name)) problems.push({ file: names.get(s.name)!, path: 'name', message: `"${s.name}" is already a sub-chart name; expected another umbrella name` });
  }
  if (problems.length) throw new ValuesError(problems);
  const umbrellas = platforms.map((p) => buildUmbrella(p, byComponent));
  return { subcharts, umbrellas, exceptions };
}

function buildSubchart(component: Component<any>, problems: ValueProblem[]): SubchartModel {
  const { spec, chartSchema } = component;
  const file = `generator/components/${spec.id}/index.ts`;
  const defaults = chartSchema.parse({}) as Record<string, unknown>;
  for (const [name, values] of Object.entries(spec.scenarios)) {
    const parsed = chartSchema.safeParse(values);
    if (!parsed.success) {
      problems.push(...toProblems(file, `scenarios.${name}`, parsed.error, values));
      continue;
    }
    const resolved = parsed.data as Record<string, unknown>;
    problems.push(...checkValuesPolicies(file, `scenarios.${name}`, component, resolved));
  }
  return {
    component,
    name: spec.chart.name,
    defaults,
    schema: emitValuesSchema(chartSchema, `${spec.chart.name} values`),
    scenarios: spec.scenarios,
  };
}

function buildUmbrella(p: ResolvedPlatform, charts: Map<Component<any>, SubchartModel>): UmbrellaModel {
  const dependencies = p.instances.map((inst) => ({ key: inst.key, chart: charts.get(inst.component)!, enabled: inst.enabled, given: inst.given }));
  const schema = emitUmbrellaSchema(
    `${p.name} values`,
    globalSchema,
    dependencies.map((d) => ({ key: d.key, chart: d.chart.name, title: `${d.key} (${d.chart.name})` })),
  );
  const environments = p.environments.map((e) => ({
    name: e.name,
    global: e.global,
    dependencies: e.instances.map((i) => ({ key: i.key, enabled: i.enabled, given: i.given })),
  }));
  return { name: p.name, version: p.version, description: p.description, sourceFile: p.file, global: p.global, dependencies, schema, environments };
}
