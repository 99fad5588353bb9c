// Policy rules over resolved values and component declarations. Each rule reads structure only
// (image blocks, declared exceptions), never a component's name. Value rules live in the schema.
import type { Component } from '../dsl/component.ts';
import { type ValueProblem, toProblems } from '../parse/formatIssues.ts';
import { get, type ResolvedPlatform } from '../parse/resolvePlatform.ts';
import { checkQuotas } from './checkQuotas.ts';
import { checkSeparation } from './checkSeparation.ts';

export interface PolicyReport {
  problems: ValueProblem[];
  /** Declared Pod Security exceptions, reported, not failed. */
  exceptions: string[];
}

/** Runs every rule on one chart's values; `where` prefixes the value paths in messages. */
export function checkValuesPolicies(file: string, where: string, component: Component<any>, values: unknown): ValueProblem[] {
  const problems: ValueProblem[] = [];
  for (const imagePath of component.spec.capabilities.images) {
    const img = get(values, imagePath) as { tag?: string; digest?: string } | undefined;
    // The tag itself ("latest" refused) is checked by the image tag rule of the schema.
    if (!img || (!img.tag && !img.digest)) {
      problems.push({ file, path: `${where}.${imagePath}`, message: 'declared as an image in the component capabilities but has no tag or digest' });
    }
  }
  return problems;
}

/** Rules on the declaration itself: exceptions need reasons. */
export function checkComponentPolicies(component: Component<any>): PolicyReport {
  const { chart, capabilities } = component.spec;
  const file = `generator/components/${component.spec.id}`;
  const ps = capabilities.podSecurity;
  if (ps.level === 'restricted') return { problems: [], exceptions: [] };
  if (!ps.reason?.trim()) {
    return { problems: [{ file, path: 'capabilities.podSecurity', message: `level "${ps.level}" is below "restricted"; expected a reason` }], exceptions: [] };
  }
  return { problems: [], exceptions: [`${chart.name}: Pod Security "${ps.level}" (${ps.reason})`] };
}

/**
 * The policy stage of the pipeline, between parsing and the chart models: every instance's values (an
 * environment's problem only when the base does not already report it), and once per component its
 * declaration and its named scenarios (parsed like any values).
 */
export function checkPlatforms(platforms: ResolvedPlatform[]): PolicyReport {
  const problems: ValueProblem[] = [];
  const exceptions: string[] = [];
  const components = new Set<Component<any>>();
  for (const p of platforms) {
    const base = p.instances.flatMap((inst) => checkValuesPolicies(p.file, `components.${inst.key}`, inst.component, inst.resolved));
    problems.push(...base);
    const seen = new Set(base.map((q) => `${q.path}\0${q.message}`));
    for (const env of p.environments) {
      const prefix = `environments.${env.name}.`;
      for (const inst of env.instances) {
        const own = checkValuesPolicies(p.file, `${prefix}components.${inst.key}`, inst.component, inst.resolved);
        problems.push(...own.filter((q) => !seen.has(`${q.path.slice(prefix.length)}\0${q.message}`)));
      }
    }
    for (const inst of p.workspaces.suites) problems.push(...checkValuesPolicies(p.file, `suites.${inst.key}`, inst.component, inst.resolved));
    // Across instances: each namespace's quota holds what goes into it; environments share no host or secret.
    problems.push(...checkQuotas(p), ...checkSeparation(p));
    for (const inst of [...p.instances, ...p.workspaces.suites]) components.add(inst.component);
  }
  for (const component of components) {
    const report = checkComponentPolicies(component);
    problems.push(...report.problems, ...checkScenarios(component));
    exceptions.push(...report.exceptions);
  }
  return { problems, exceptions };
}

/** A component's named scenarios (ci/<name>-values.yaml) must be values the chart accepts. */
function checkScenarios(component: Component<any>): ValueProblem[] {
  const file = `generator/components/${component.spec.id}/index.ts`;
  return Object.entries(component.spec.scenarios).flatMap(([name, values]) => {
    const parsed = component.chartSchema.safeParse(values);
    if (!parsed.success) return toProblems(file, `scenarios.${name}`, parsed.error, values);
    return checkValuesPolicies(file, `scenarios.${name}`, component, parsed.data);
  });
}
