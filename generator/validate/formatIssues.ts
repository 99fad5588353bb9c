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

export function dottedPath(prefix: string, path: readonly PropertyKey[]): string {
  return [prefix, ...path.map((k) => (typeof k === 'number' ? `[${k}]` : String(k)))]
    .filter(Boolean)
    .join('.')
    .replace(/\.\[/g, '[');
}

/** One problem per zod issue, with the offending input shown. */
export function toProblems(file: string, prefix: string, error: z.ZodError, input: unknown): ValueProblem[] {
  return error.issues.flatMap((issue) => {
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({
        file,
        path: dottedPath(prefix, [...issue.path, key]),
        message: `unknown key (not in the schema of ${dottedPath(prefix, issue.path) || 'the platform'}); check the spelling`,
      }));
    }
    const found = valueAt(input, issue.path);
    let message = issue.message;
    if (issue.code === 'invalid_type') message = `expected ${issue.expected}, found ${show(found)}`;
    else if (issue.code === 'invalid_value') message = `expected one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}, found ${show(found)}`;
    else if (issue.code === 'too_small' || issue.code === 'too_big') message = `${issue.message}, found ${show(found)}`;
    else if (!/found/.test(message)) message = `${message}, found ${show(found)}`;
    return [{ file, path: dottedPath(prefix, issue.path), message }];
  });
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let cur: unknown = root;
  for (const key of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<PropertyKey, unknown>)[key];
  }
  return cur;
}
