// Checks across the fields of one object (a request above its limit, a minimum above its maximum): zod
// enforces them at generation time, and the chart's install-time guard finds them by walking the schema
// (schema/collectGuards.ts), so both times refuse the same values with the same words.
import { z } from 'zod';
import { parseQuantity } from '../policy/quantity.ts';
import { breaks, ruleMessage, type StringRule } from './rules.ts';

export type ObjectCheck =
  /** A resources block: every request at most its limit (cpu, memory, ephemeral-storage). */
  | { kind: 'requestsWithinLimits'; quantities: readonly string[] }
  /** Two numbers of the object: `lower` may not be above `upper`. */
  | { kind: 'notAbove'; lower: string; upper: string }
  /** Every key of the object (known ones and the catch-all's) follows a rule. */
  | { kind: 'keys'; rule: StringRule };

const checks = new WeakMap<object, ObjectCheck[]>();

/** Checks registered on an object schema (found through `.describe()`, which keeps the definition). */
export const checksOf = (schema: z.ZodType): ObjectCheck[] => checks.get(schema._zod.def) ?? [];

/** "the memory request "4Gi" is above the limit "2Gi"; ..." (values already shown, as JSON). */
export const limitMessage = (quantity: string, request: string, limit: string) =>
  `the ${quantity} request ${request} is above the limit ${limit}; expected a request no higher than its limit`;

export const notAboveMessage = (lower: string, upper: string, a: string, b: string) =>
  `${lower} ${a} is above ${upper} ${b}; expected ${lower} no higher than ${upper}`;

/** Adds `check` to an object schema, enforced by zod now and registered for the install-time guard. */
export function withCheck<T extends z.ZodObject>(schema: T, check: ObjectCheck): T {
  const refined = schema.superRefine((value: Record<string, any>, ctx) => {
    if (check.kind === 'requestsWithinLimits') {
      for (const q of check.quantities) {
        const req = value.requests?.[q];
        const lim = value.limits?.[q];
        if (req === undefined || lim === undefined) continue;
        if (parseQuantity(req) > parseQuantity(lim)) ctx.addIssue({ code: 'custom', path: ['requests', q], message: limitMessage(q, JSON.stringify(req), JSON.stringify(lim)), input: req, params: { complete: true } });
      }
    } else if (check.kind === 'keys') {
      for (const key of Object.keys(value)) {
        if (breaks(check.rule, key)) ctx.addIssue({ code: 'custom', path: [key], message: ruleMessage(check.rule, JSON.stringify(key)), input: key, params: { mapKey: true } });
      }
    } else if (typeof value[check.lower] === 'number' && typeof value[check.upper] === 'number' && value[check.lower] > value[check.upper]) {
      ctx.addIssue({ code: 'custom', path: [check.lower], message: notAboveMessage(check.lower, check.upper, JSON.stringify(value[check.lower]), JSON.stringify(value[check.upper])), input: value[check.lower], params: { complete: true } });
    }
  }) as unknown as T;
  checks.set(refined._zod.def, [...checksOf(schema), check]);
  return refined;
}
