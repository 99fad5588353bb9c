// Policy rules over resolved values and component declarations. Each rule reads structure only
// (image blocks, declared exceptions), never a component's name. Value rules live in the schema.
import type { Component } from '../dsl/component.ts';
import type { ValueProblem } from '../validate/formatIssues.ts';
import { get } from '../validate/resolvePlatform.ts';

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
