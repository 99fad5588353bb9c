// zod issues -> sentences a person can act on: file, value path, expected, found.
import type { z } from 'zod';
import { show } from '../dsl/primitives.ts';

export interface ValueProblem {
  file: string;
  /** Dotted value path, e.g. "components.postgres.persistence.size". */
  path: string;
  message: string;
}

export class ValuesError extends Error {
  constructor(readonly problems: ValueProblem[]) {
    super(problems.map(formatProblem).join('\n'));
    this.name = 'ValuesError';
  }
}

export function formatProblem(p: ValueProblem): string {
  return `${p.file}: ${p.path || '(top level)'}: ${p.message}`;
}

/** The generator and the charts' guards say the same about a key a schema does not have. */
export const unknownKeyMessage = (parent: string, shownKey: string) =>
  `expected one of the keys of ${parent} (see its chart's values), found the unknown key ${shownKey}; check the spelling`;

export function dottedPath(prefix: string, path: readonly PropertyKey[]): string {
  return [prefix, ...path.map((k) => (typeof k === 'number' ? `[${k}]` : String(k)))]
    .filter(Boolean)
    .join('.')
    .replace(/\.\[/g, '[');
}

/** One problem per zod issue, with the offending input shown. */
export function toProblems(file: string, prefix: string, error: z.ZodError, input: unknown): ValueProblem[] {
  return error.issues.flatMap((issue) => problemsOf(file, prefix, issue, input));
}

function problemsOf(file: string, prefix: string, issue: z.core.$ZodIssue, input: unknown): ValueProblem[] {
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => ({
      file,
      path: dottedPath(prefix, [...issue.path, key]),
      message: unknownKeyMessage(dottedPath(prefix, issue.path) || 'the platform', JSON.stringify(key)),
    }));
  }
  // A map key that breaks its rule: named the way the chart's guard names it, `labels (key "x")`.
  const keyPath = () => `${dottedPath(prefix, issue.path.slice(0, -1))} (key ${JSON.stringify(String(issue.path.at(-1)))})`;
  if (issue.code === 'invalid_key') return issue.issues.map((inner) => ({ file, path: keyPath(), message: inner.message }));
  if (issue.code === 'custom' && (issue.params as { mapKey?: boolean } | undefined)?.mapKey) return [{ file, path: keyPath(), message: issue.message }];
  const found = valueAt(input, issue.path);
  let message = issue.message;
  if (issue.code === 'invalid_type') message = `expected ${issue.expected}, found ${show(found)}`;
  else if (issue.code === 'invalid_value') message = `expected one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}, found ${show(found)}`;
  else if (issue.code === 'invalid_union') {
    // No form fits: say which forms there are, from each form's own expectation.
    const forms = issue.errors.map((branch) => branch[0]).filter((b) => b !== undefined).map((b) => (b.code === 'invalid_type' ? b.expected : b.message.replace(/, found .*$/, '').replace(/^expected /, '')));
    // A discriminated union whose discriminator fits no form has no forms to list: its own message says it.
    if (forms.length) message = `expected ${[...new Set(forms)].join(', or ')}, found ${show(found)}`;
  } else if (issue.code === 'too_small' || issue.code === 'too_big') message = `expected ${bound(issue)}, found ${show(found)}`;
  // Messages that say what was found already (a cross-field check names both values) need no "found".
  else if (!(issue.code === 'custom' && (issue.params as { complete?: boolean } | undefined)?.complete) && !/found/.test(message)) message = `${message}, found ${show(found)}`;
  return [{ file, path: dottedPath(prefix, issue.path), message }];
}

/** "a number of at least 1", "at most 63 characters", "at least 1 item". */
function bound(issue: z.core.$ZodIssueTooSmall | z.core.$ZodIssueTooBig): string {
  const small = issue.code === 'too_small';
  const limit = Number(small ? (issue as z.core.$ZodIssueTooSmall).minimum : (issue as z.core.$ZodIssueTooBig).maximum);
  const inclusive = issue.inclusive !== false;
  const words = small ? (inclusive ? 'at least' : 'more than') : inclusive ? 'at most' : 'less than';
  if (issue.origin === 'string') return `${words} ${limit} character${limit === 1 ? '' : 's'}`;
  if (issue.origin === 'array' || issue.origin === 'set') return `${words} ${limit} item${limit === 1 ? '' : 's'}`;
  return `a number ${inclusive ? `of ${words}` : small ? 'greater than' : 'less than'} ${limit}`;
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let cur: unknown = root;
  for (const key of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<PropertyKey, unknown>)[key];
  }
  return cur;
}
