// Walks a chart's zod schema for what its install-time guard must check: every string bound to a rule
// (dsl/rules.ts) and every cross-field check of an object (dsl/checks.ts), with the value path that leads
// there (keys, array items, map keys and values). Reads structure only, never a component's name.
import type { z } from 'zod';
import { checksOf, type ObjectCheck } from '../dsl/checks.ts';
import { ruleOf, type RuleUse } from '../dsl/primitives.ts';

export type Step = { key: string } | { each: 'item' | 'key' | 'value' };

export type Guard =
  | { kind: 'rule'; steps: Step[]; use: RuleUse }
  | { kind: 'object'; steps: Step[]; check: Exclude<ObjectCheck, { kind: 'keys' }> };

const WRAPPERS = new Set(['default', 'prefault', 'optional', 'nullable', 'readonly', 'catch', 'nonoptional']);

type Def = { type: string; innerType?: z.ZodType; shape?: Record<string, z.ZodType>; element?: z.ZodType; keyType?: z.ZodType; valueType?: z.ZodType; options?: z.ZodType[]; in?: z.ZodType; catchall?: z.ZodType; entries?: Record<string, string>; values?: unknown[] };

const defOf = (s: z.ZodType) => s._zod.def as unknown as Def;

/** The schema under defaults, optionals and pipes, with the first rule or checks met on the way. */
export function unwrap(schema: z.ZodType): { schema: z.ZodType; use?: RuleUse; checks: ObjectCheck[] } {
  let s = schema;
  let use = ruleOf(s);
  let checks = checksOf(s);
  for (;;) {
    const def = defOf(s);
    const next = WRAPPERS.has(def.type) ? def.innerType : def.type === 'pipe' ? def.in : undefined;
    if (!next) return { schema: s, use, checks };
    s = next;
    use ??= ruleOf(s);
    if (checks.length === 0) checks = checksOf(s);
  }
}

/** Guards of every value under `schema`; top-level keys in `skip` (e.g. "global") are left out. */
export function collectGuards(schema: z.ZodType, skip: readonly string[] = []): Guard[] {
  const out: Guard[] = [];
  walk(schema, [], out, new Set(skip));
  return out;
}

function walk(node: z.ZodType, steps: Step[], out: Guard[], skip: Set<string>): void {
  const { schema, use, checks } = unwrap(node);
  const def = defOf(schema);
  if (use) {
    out.push({ kind: 'rule', steps, use });
    return;
  }
  for (const check of checks) {
    if (check.kind === 'keys') out.push({ kind: 'rule', steps: [...steps, { each: 'key' }], use: { rule: check.rule, allowEmpty: false } });
    else out.push({ kind: 'object', steps, check });
  }
  switch (def.type) {
    case 'object':
      for (const [key, child] of Object.entries(def.shape ?? {})) {
        if (steps.length === 0 && skip.has(key)) continue;
        walk(child, [...steps, { key }], out, skip);
      }
      break;
    case 'array':
      walk(def.element!, [...steps, { each: 'item' }], out, skip);
      break;
    case 'record':
      walk(def.keyType!, [...steps, { each: 'key' }], out, skip);
      walk(def.valueType!, [...steps, { each: 'value' }], out, skip);
      break;
    case 'union': {
      // A rule on one of the forms (e.g. a quantity as text or as a number): the guard checks text only.
      const ruled = (def.options ?? []).map((o) => unwrap(o).use).find(Boolean);
      if (ruled) out.push({ kind: 'rule', steps, use: ruled });
      break;
    }
    default:
      break;
  }
}

/** The value path of a guard as the generator prints it: "a.b[0].c", "labels (key ...)". */
export function describeSteps(steps: Step[]): string {
  return steps.map((s) => ('key' in s ? `.${s.key}` : s.each === 'item' ? '[]' : s.each === 'key' ? ' (key)' : '.*')).join('').replace(/^\./, '');
}

export { defOf };
