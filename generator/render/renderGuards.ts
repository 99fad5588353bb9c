// A chart's install-time guard (templates/validate/values.yaml), as Go template text: every value rule and
// cross-field check the schema walk found, run with the library's helpers (same expression, same words as
// the generator's zod checks), then one `fail` listing every broken value with its path.
import { crossRuleMessage, rulePath, type Among, type CrossRule } from '../dsl/crossRules.ts';
import { LIBRARY } from '../library/index.ts';
import type { Guard } from '../schema/collectGuards.ts';
import { templateHeader } from './header.ts';

/** Go raw string literal (the words never hold a backquote). */
export const raw = (s: string) => {
  if (s.includes('`')) throw new Error(`guard text may not contain a backquote: ${s}`);
  return `\`${s}\``;
};
export const q = (s: string) => JSON.stringify(s);

/**
 * A printf format from a message built with placeholder values: "%" escaped, each placeholder -> %[n]s (Go's
 * explicit argument index), so a message may use a value twice or in another order than the arguments.
 */
export function printfFormat(message: (...shown: string[]) => string, count: number): string {
  const marks = Array.from({ length: count }, (_, i) => `@@${i}@@`);
  let format = message(...marks).replaceAll('%', '%%');
  marks.forEach((m, i) => {
    format = format.replaceAll(m, `%[${i + 1}]s`);
  });
  return format;
}

const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;
export const access = (expr: string, key: string) => (IDENT.test(key) ? `${expr}.${key}` : `(index ${expr} ${q(key)})`);
export const valuesExpr = (dotted: string, root = '$.Values') => dotted.split('.').reduce((e, k) => access(e, k), root);

/** The loops that lead to a guard's value and the line that checks it; `$p` collects problem lines. */
export function guardParts(g: Guard, depth = 0, root = '$.Values'): { open: string[]; body: string } {
  let expr = root;
  let fmt = '';
  const args: string[] = [];
  const open: string[] = [];
  let d = depth;
  for (const [i, step] of g.steps.entries()) {
    if ('key' in step) {
      expr = access(expr, step.key);
      fmt += fmt ? `.${step.key}` : step.key;
      continue;
    }
    if (step.each === 'key' && i !== g.steps.length - 1) throw new Error('a map key has no fields');
    open.push(`{{- range $k${d}, $v${d} := ${expr} }}`);
    fmt += step.each === 'item' ? '[%d]' : step.each === 'key' ? ' (key %q)' : '.%s';
    args.push(`$k${d}`);
    expr = step.each === 'key' ? `$k${d}` : `$v${d}`;
    d++;
  }
  const path = args.length ? `(printf ${q(fmt)} ${args.join(' ')})` : q(fmt);
  const lib = LIBRARY.name;
  let body: string;
  if (g.kind === 'rule') {
    body = `{{- $p = print $p (include "${lib}.validate.${g.use.rule.id}" (list ${path} ${expr} ${g.use.allowEmpty})) }}`;
  } else if (g.check.kind === 'requestsWithinLimits') {
    body = g.check.quantities.map((n) => `{{- $p = print $p (include "${lib}.validate.withinLimit" (list ${path} ${q(n)} ${expr})) }}`).join('\n');
  } else {
    body = `{{- $p = print $p (include "${lib}.validate.notAbove" (list ${path} ${q(g.check.lower)} ${q(g.check.upper)} ${expr})) }}`;
  }
  return { open, body };
}

/** Guards one after another; those inside the same loops (a map's keys and values) share them. */
export function renderGuardLines(guards: Guard[], root = '$.Values'): string[] {
  const out: string[] = [];
  let current: { open: string[]; bodies: string[] } | undefined;
  const flush = () => {
    if (current) out.push([...current.open, ...current.bodies, ...current.open.map(() => '{{- end }}')].join('\n'));
    current = undefined;
  };
  for (const g of guards) {
    const { open, body } = guardParts(g, 0, root);
    if (current && open.length > 0 && current.open.join('\n') === open.join('\n')) current.bodies.push(body);
    else {
      flush();
      current = { open, bodies: [body] };
    }
  }
  flush();
  return out;
}

/** Template lines that count the true booleans a rule looks at into `$n<i>`. */
function countTrue(a: Among, i: number): string {
  if ('list' in a) return `{{- $n${i} := 0 }}{{- range ${valuesExpr(a.list)} }}{{ if eq (get . ${q(a.flag)} | toString) "true" }}{{ $n${i} = add1 $n${i} }}{{ end }}{{ end }}`;
  return `{{- $n${i} := 0 }}${a.of.map((p) => `{{- if eq (${valuesExpr(p)} | toString) "true" }}{{ $n${i} = add1 $n${i} }}{{ end }}`).join('')}`;
}

/** The cross-field rules of a chart: each adds its line, in the generator's words, when broken. */
export function renderCrossRules(rules: CrossRule[]): string[] {
  return rules.map((r, i) => {
    const add = (format: string, ...args: string[]) => `{{- $p = print $p (printf "\\n  - %s: %s" ${q(rulePath(r))} (printf ${raw(format)} ${args.join(' ')})) }}`;
    switch (r.kind) {
      case 'implies':
        return `{{- if and ${valuesExpr(r.if)} (not ${valuesExpr(r.then)}) }}\n${add(printfFormat((f) => crossRuleMessage.implies(r, f!), 1), `(toJson ${valuesExpr(r.then)})`)}\n{{- end }}`;
      case 'exactlyOne':
        return `${countTrue(r.among, i)}\n{{- if ne $n${i} 1 }}\n${add(printfFormat((n) => crossRuleMessage.exactlyOne(r, n!), 1), `(toString $n${i})`)}\n{{- end }}`;
      case 'atMostOne':
        return `${countTrue(r.among, i)}\n{{- if gt $n${i} 1 }}\n${add(printfFormat((n) => crossRuleMessage.atMostOne(r, n!), 1), `(toString $n${i})`)}\n{{- end }}`;
      case 'oneOf':
        return `{{- if and ${valuesExpr(r.when)} (not (has ${valuesExpr(r.path)} (list ${r.values.map((v) => JSON.stringify(v)).join(' ')}))) }}\n${add(printfFormat((f) => crossRuleMessage.oneOf(r, f!), 1), `(toJson ${valuesExpr(r.path)})`)}\n{{- end }}`;
      case 'requiredWhen':
        return `{{- if and ${valuesExpr(r.when)} (empty ${valuesExpr(r.path)}) }}\n${add(printfFormat((f) => crossRuleMessage.requiredWhen(r, f!), 1), `(toJson ${valuesExpr(r.path)})`)}\n{{- end }}`;
    }
  });
}

export interface ValidateInput {
  chart: string;
  /** Guards of the chart's own values (global left out). */
  guards: Guard[];
  /** The chart's cross-field rules. */
  rules: CrossRule[];
  /** Sub-charts: global checked when the chart is the root, and the name budget; umbrellas check global's rules. */
  owner: { kind: 'subchart'; nameBudget: { max: number; because: string } } | { kind: 'umbrella' };
  /** More problem lines of the chart's own (template text that adds to `$p`). */
  extra?: string[];
}

/**
 * templates/validate/values.yaml: renders nothing, fails the install when a value breaks a rule. In a folder of
 * its own because Helm renders deeper templates first, so these messages come before any error a bad value
 * could cause in another template.
 */
export function renderValidateTemplate(v: ValidateInput): string {
  const lib = LIBRARY.name;
  const owner = v.owner.kind === 'subchart'
    ? [
      `{{- $p = print $p (include "${lib}.validate.global" .) }}`,
      `{{- $p = print $p (include "${lib}.validate.name" (dict "max" ${v.owner.nameBudget.max} "because" ${q(v.owner.nameBudget.because)} "problems" $p "context" .)) }}`,
    ]
    : [`{{- $p = print $p (include "${lib}.validate.globalRules" .) }}`];
  return `${templateHeader()}{{- /* Renders nothing: fails the install when a value breaks a rule of ${v.chart}. */ -}}
{{- $p := "" }}
${[...renderGuardLines(v.guards), ...renderCrossRules(v.rules), ...(v.extra ?? []), ...owner].join('\n')}
{{- include "${lib}.validate.fail" (dict "chart" ${q(v.chart)} "problems" $p "context" .) }}
`;
}
