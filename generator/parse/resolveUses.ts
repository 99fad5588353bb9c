// Typed dependencies between the instances of a platform: each instance names what it `uses`; the used ones
// resolve first, and it derives values from what they provide. Missing targets and cycles are errors that
// name the chain. Reads declarations only, never a component's name.
import type { Component, ComponentInstance } from '../dsl/component.ts';
import { providersOf, type EndpointKind, type Endpoints, type UsedInstance } from '../dsl/endpoints.ts';
import type { ValueProblem } from './formatIssues.ts';

interface Named { key: string; instance: ComponentInstance }

/**
 * The instances in an order where every instance comes after those it uses (the module's order otherwise),
 * and the problems with `uses`: a target that is no instance of the platform, an instance that uses itself,
 * a cycle.
 */
export function orderByUses(file: string, prefix: string, items: Named[]): { order: Named[]; problems: ValueProblem[] } {
  const problems: ValueProblem[] = [];
  const keys = items.map((i) => i.key);
  const byKey = new Map(items.map((i) => [i.key, i]));
  const edges = new Map<string, string[]>();
  for (const { key, instance } of items) {
    const uses = instance.uses ?? [];
    const valid: string[] = [];
    uses.forEach((target, n) => {
      const where = `${prefix}.${key}.uses[${n}]`;
      if (target === key) problems.push({ file, path: where, message: `expected another instance of the platform, found "${key}" itself` });
      else if (!byKey.has(target)) problems.push({ file, path: where, message: `expected the key of an instance of this platform (${keys.filter((k) => k !== key).join(', ')}), found ${JSON.stringify(target)}` });
      else valid.push(target);
    });
    edges.set(key, valid);
  }
  const order: Named[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const cycles = new Set<string>();
  const visit = (key: string, chain: string[]) => {
    if (state.get(key) === 'done') return;
    if (state.get(key) === 'visiting') {
      const cycle = [...chain.slice(chain.indexOf(key)), key];
      const id = [...cycle].sort().join(',');
      if (!cycles.has(id)) {
        cycles.add(id);
        problems.push({ file, path: `${prefix}.${cycle[0]}.uses`, message: `a dependency cycle: ${cycle.join(' -> ')}; expected instances to use each other in one direction only` });
      }
      return;
    }
    state.set(key, 'visiting');
    for (const target of edges.get(key) ?? []) visit(target, [...chain, key]);
    state.set(key, 'done');
    order.push(byKey.get(key)!);
  };
  for (const key of keys) visit(key, []);
  return { order, problems };
}

/** What a resolved instance provides: the component's own endpoints, and its data claims if it has any. */
export function providesOf(key: string, component: Component<any>, resolved: Record<string, any>): Partial<Endpoints> {
  const own = component.spec.provides?.(resolved, { key }) ?? {};
  const claims = component.spec.capabilities.claims;
  if (!claims || resolved.persistence?.enabled !== true) return own;
  const replicas = typeof claims.replicas === 'number' ? claims.replicas : Number(claims.replicas.split('.').reduce((o: any, k) => o?.[k], resolved));
  return { ...own, claims: { instance: key, fullnameOverride: resolved.fullnameOverride ?? '', replicas, profile: resolved.backup?.profile ?? '' } };
}

/** Problems when the used instances do not provide what the component needs (exactly one, or any). */
export function checkNeeds(file: string, where: string, component: Component<any>, uses: UsedInstance[]): ValueProblem[] {
  const problems: ValueProblem[] = [];
  for (const [kind, need] of Object.entries(component.spec.needs ?? {}) as [EndpointKind, string][]) {
    const providers = providersOf(uses, kind);
    if (need === 'one' && providers.length !== 1) {
      const found = providers.length ? `${providers.length} (${providers.map((p) => p.key).join(', ')})` : 'none';
      problems.push({ file, path: `${where}.uses`, message: `expected to use exactly one instance that provides ${kind}, found ${found}` });
    }
  }
  return problems;
}

/** Values every instance derives by its structure: StorageClass of its claims from a used storage provider. */
export function structuralDerivations(component: Component<any>, uses: UsedInstance[]): Record<string, unknown> {
  const [storage] = providersOf(uses, 'storageClasses');
  if (!storage || !component.spec.capabilities.claims) return {};
  return { persistence: { storageClass: storage.block } };
}
