// Rules across the values of one chart, in a small union: each is checked by zod at generation time and by
// the chart's guard at install time (render/renderCrossRules.ts), with the same words.

/** "When `if` is true, `then` must be true" (e.g. an ExternalSecret needs the external-secrets operator). */
export interface ImpliesRule { kind: 'implies'; if: string; then: string; message: string }

/** Exactly one, or at most one, of some booleans is true: named paths, or a flag of every item of a list. */
export type Among = { of: string[] } | { list: string; flag: string };
export interface ExactlyOneRule { kind: 'exactlyOne'; among: Among; message?: string }
export interface AtMostOneRule { kind: 'atMostOne'; among: Among; message?: string }

/** When `when` is true, `path` must be one of `values`. */
export interface OneOfRule { kind: 'oneOf'; path: string; values: (string | number | boolean)[]; when: string; message?: string }

/** When `when` is true, `path` must not be empty ("", [], {}). */
export interface RequiredWhenRule { kind: 'requiredWhen'; path: string; when: string; message?: string }

export type CrossRule = ImpliesRule | ExactlyOneRule | AtMostOneRule | OneOfRule | RequiredWhenRule;

export const valueAt = (obj: unknown, dotted: string): unknown =>
  dotted.split('.').reduce<unknown>((cur, k) => (cur && typeof cur === 'object' ? (cur as Record<string, unknown>)[k] : undefined), obj);

/** Where a rule's message is reported: the value the user should look at. */
export const rulePath = (r: CrossRule): string =>
  r.kind === 'implies' ? r.if : r.kind === 'oneOf' || r.kind === 'requiredWhen' ? r.path : 'list' in r.among ? r.among.list : r.among.of[0]!;

const amongWords = (a: Among) => ('list' in a ? `item of ${a.list} with ${a.flag}: true` : `of ${a.of.join(', ')} set to true`);
const prefix = (m?: string) => (m ? `${m}: ` : '');

/** The messages both sides print; `found` parts are given already shown (JSON, or a count). */
export const crossRuleMessage = {
  implies: (r: ImpliesRule, found: string) => `${r.message}: expected ${r.then} to be true, found ${found}; set ${r.then}=true or ${r.if}=false`,
  exactlyOne: (r: ExactlyOneRule, count: string) => `${prefix(r.message)}expected exactly one ${amongWords(r.among)}, found ${count}`,
  atMostOne: (r: AtMostOneRule, count: string) => `${prefix(r.message)}expected at most one ${amongWords(r.among)}, found ${count}`,
  oneOf: (r: OneOfRule, found: string) => `${prefix(r.message)}expected one of ${r.values.map((v) => JSON.stringify(v)).join(', ')} when ${r.when} is true, found ${found}`,
  requiredWhen: (r: RequiredWhenRule, found: string) => `${prefix(r.message)}expected a value when ${r.when} is true, found ${found}`,
};

/** How many of the booleans a rule counts are true. */
function countTrue(values: unknown, a: Among): number {
  if ('list' in a) {
    const list = valueAt(values, a.list);
    return Array.isArray(list) ? list.filter((i) => (i as Record<string, unknown>)?.[a.flag] === true).length : 0;
  }
  return a.of.filter((p) => valueAt(values, p) === true).length;
}

const isEmpty = (v: unknown) => v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0) || (typeof v === 'object' && v !== null && Object.keys(v).length === 0);

/** The message when `values` break `r`, else undefined (the generation-time side). */
export function breakRule(r: CrossRule, values: unknown): string | undefined {
  switch (r.kind) {
    case 'implies':
      return valueAt(values, r.if) === true && valueAt(values, r.then) !== true ? crossRuleMessage.implies(r, JSON.stringify(valueAt(values, r.then))) : undefined;
    case 'exactlyOne': {
      const n = countTrue(values, r.among);
      return n === 1 ? undefined : crossRuleMessage.exactlyOne(r, String(n));
    }
    case 'atMostOne': {
      const n = countTrue(values, r.among);
      return n <= 1 ? undefined : crossRuleMessage.atMostOne(r, String(n));
    }
    case 'oneOf':
      return valueAt(values, r.when) === true && !r.values.includes(valueAt(values, r.path) as never) ? crossRuleMessage.oneOf(r, JSON.stringify(valueAt(values, r.path))) : undefined;
    case 'requiredWhen':
      return valueAt(values, r.when) === true && isEmpty(valueAt(values, r.path)) ? crossRuleMessage.requiredWhen(r, JSON.stringify(valueAt(values, r.path) ?? null)) : undefined;
  }
}

/** Whether a rule reads global (a broken global makes such rules noise: they are skipped then). */
export const readsGlobal = (r: CrossRule): boolean =>
  [r.kind === 'implies' ? [r.if, r.then] : r.kind === 'oneOf' || r.kind === 'requiredWhen' ? [r.path, r.when] : 'list' in r.among ? [r.among.list] : r.among.of]
    .flat().some((p) => p.startsWith('global.'));
