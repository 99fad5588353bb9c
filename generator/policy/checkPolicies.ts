// Policy rules over resolved values and component declarations. Each rule reads structure only
// (resource blocks, image blocks, declared exceptions), never a component's name.
import type { Component } from '../dsl/component.ts';
import type { ValueProblem } from '../validate/formatIssues.ts';
import { get } from '../validate/resolvePlatform.ts';
import { parseQuantity } from './quantity.ts';

export interface PolicyReport {
  problems: ValueProblem[];
  /** Declared Pod Security exceptions, reported, not failed. */
  exceptions: string[];
}

/** Runs every rule on one chart's values; `where` prefixes the value paths in messages. */
export function checkValuesPolicies(file: string, where: string, component: Component<any>, values: unknown): ValueProblem[] {
  const problems: ValueProblem[] = [];
  for (const [path, block] of resourceBlocks(values, where)) {
    for (const kind of ['cpu', 'memory'] as const) {
      const req = parseQuantity(block.requests[kind]);
      const lim = parseQuantity(block.limits[kind]);
      if (req > lim) {
        problems.push({ file, path: `${path}.requests.${kind}`, message: `request ${block.requests[kind]} is above the limit ${block.limits[kind]}; expected requests <= limits` });
      }
    }
  }
  for (const imagePath of component.spec.capabilities.images) {
    const img = get(values, imagePath) as { tag?: string; digest?: string } | undefined;
    if (!img || (!img.tag && !img.digest)) {
      problems.push({ file, path: `${where}.${imagePath}`, message: 'declared as an image in the component capabilities but has no tag or digest' });
    } else if (img.tag === 'latest' && !img.digest) {
      problems.push({ file, path: `${where}.${imagePath}.tag`, message: 'expected a pinned tag or a digest, found "latest"' });
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

type Resources = { requests: Record<'cpu' | 'memory', string | number>; limits: Record<'cpu' | 'memory', string | number> };

function* resourceBlocks(node: unknown, path: string): Generator<[string, Resources]> {
  if (!node || typeof node !== 'object' || Array.isArray(node)) return;
  const o = node as Record<string, unknown>;
  if (isResourceList(o.requests) && isResourceList(o.limits)) yield [path, o as unknown as Resources];
  for (const [k, v] of Object.entries(o)) if (k !== 'global') yield* resourceBlocks(v, `${path}.${k}`);
}

function isResourceList(v: unknown): boolean {
  return !!v && typeof v === 'object' && 'cpu' in v && 'memory' in v;
}
