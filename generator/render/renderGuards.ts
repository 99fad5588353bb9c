// The install-time guard of a chart, as Go template text: one helper per rule (same expression, same
// words as the generator's zod check), and the chart's `validate` define, which runs every guard the
// schema walk found and fails once, listing every broken value with its path.
import type { z } from 'zod';
import { limitMessage, notAboveMessage } from '../dsl/checks.ts';
import { impliesMessage, nameMessage } from '../dsl/component.ts';
import { allowedWords, allRules, type StringRule } from '../dsl/rules.ts';
import { QUANTITY_SUFFIXES } from '../policy/quantity.ts';
import { defOf, type Guard, type Step, unwrap } from '../schema/collectGuards.ts';

/** Go raw string literal (the words never hold a backquote). */
const raw = (s: string) => {
  if (s.includes('`')) throw new Error(`guard text may not contain a backquote: ${s}`);
  return `\`${s}\``;
};
const q = (s: string) => JSON.stringify(s);

/** A printf format from a message built with placeholder values: "%" escaped, placeholders -> %s. */
function printfFormat(message: (...shown: string[]) => string, count: number): string {
  const marks = Array.from({ length: count }, (_, i) => `@@${i}@@`);
  let format = message(...marks).replaceAll('%', '%%');
  for (const m of marks) format = format.replace(m, '%s');
  return format;
}

function ruleHelper(chart: string, rule: StringRule): string {
  const conditions = [
    ...(rule.maxLength === undefined ? [] : [`(gt (len $v) ${rule.maxLength})`]),
    ...(rule.forbidden === undefined ? [] : [`(eq $v ${q(rule.forbidden)})`]),
    `(not (regexMatch ${raw(rule.pattern.source)} $v))`,
  ];
  return `{{/*
"${rule.id}": ${rule.allowed}.
Usage: {{ include "${chart}.validate.${rule.id}" (list "value.path" .Values.value.path false) }} (true: "" passes)
*/}}
{{- define "${chart}.validate.${rule.id}" -}}
{{- $v := index . 1 -}}
{{- if and (kindIs "string" $v) (not (and (index . 2) (eq $v ""))) (or ${conditions.join(' ')}) -}}
{{- printf "\\n  - %s: expected %s%s, found %s" (index . 0) ${raw(rule.allowed)} (ternary ${raw(allowedWords(rule, true).slice(rule.allowed.length))} "" (index . 2)) (toJson $v) -}}
{{- end -}}
{{- end -}}`;
}

/** Helpers every guard uses: one per rule, quantities, and the two cross-field comparisons. */
export function renderGuardHelpers(chart: string): string {
  const factors = Object.entries(QUANTITY_SUFFIXES).map(([k, v]) => `${q(k)} ${v === 1 ? '1.0' : String(v)}`).join(' ');
  return [
    ...allRules().map((r) => ruleHelper(chart, r)),
    `{{/*
A quantity ("500m", "2Gi", 2) as a number of base units, or "" when it cannot be compared.
Usage: {{ include "${chart}.validate.quantity" .Values.resources.limits.cpu }}
*/}}
{{- define "${chart}.validate.quantity" -}}
{{- $s := toString . -}}
{{- $n := regexFind ${raw('^[+]?([0-9]+([.][0-9]*)?|[.][0-9]+)')} $s -}}
{{- $factors := dict ${factors} -}}
{{- $unit := trimPrefix $n $s -}}
{{- if and $n (hasKey $factors $unit) }}{{ mulf (float64 $n) (get $factors $unit) }}{{ end -}}
{{- end -}}`,
    `{{/*
A request above its limit, as a problem line (or nothing).
Usage: {{ include "${chart}.validate.withinLimit" (list "resources" "memory" .Values.resources) }}
*/}}
{{- define "${chart}.validate.withinLimit" -}}
{{- $name := index . 1 -}}
{{- $req := index (index . 2).requests $name -}}
{{- $lim := index (index . 2).limits $name -}}
{{- $r := include "${chart}.validate.quantity" $req -}}
{{- $l := include "${chart}.validate.quantity" $lim -}}
{{- if and $r $l (gt (float64 $r) (float64 $l)) -}}
{{- printf "\\n  - %s.requests.%s: %s" (index . 0) $name (printf ${raw(printfFormat((a, b, c) => limitMessage(a!, b!, c!), 3))} $name (toJson $req) (toJson $lim)) -}}
{{- end -}}
{{- end -}}`,
    `{{/*
One number above another of the same object, as a problem line (or nothing).
Usage: {{ include "${chart}.validate.notAbove" (list "keda" "minReplicaCount" "maxReplicaCount" .Values.keda) }}
*/}}
{{- define "${chart}.validate.notAbove" -}}
{{- $o := index . 3 -}}
{{- $a := index $o (index . 1) -}}
{{- $b := index $o (index . 2) -}}
{{- if and (or (kindIs "float64" $a) (kindIs "int64" $a) (kindIs "int" $a)) (or (kindIs "float64" $b) (kindIs "int64" $b) (kindIs "int" $b)) (gt (float64 $a) (float64 $b)) -}}
{{- printf "\\n  - %s.%s: %s" (index . 0) (index . 1) (printf ${raw(printfFormat((a, b, c, d) => notAboveMessage(a!, b!, c!, d!), 4))} (index . 1) (index . 2) (toJson $a) (toJson $b)) -}}
{{- end -}}
{{- end -}}`,
  ].join('\n\n');
}

const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;
const access = (expr: string, key: string) => (IDENT.test(key) ? `${expr}.${key}` : `(index ${expr} ${q(key)})`);

/** Go template lines running one guard; `$p` collects problem lines. */
function renderGuard(chart: string, g: Guard, depth = 0): string {
  const { open, body } = guardParts(chart, g, depth);
  return [...open, body, ...open.map(() => '{{- end }}')].join('\n');
}

/** Guards one after another; those inside the same loops (a map's keys and values) share them. */
function renderGuards(chart: string, guards: Guard[]): string[] {
  const out: string[] = [];
  let current: { open: string[]; bodies: string[] } | undefined;
  const flush = () => {
    if (current) out.push([...current.open, ...current.bodies, ...current.open.map(() => '{{- end }}')].join('\n'));
    current = undefined;
  };
  for (const g of guards) {
    const { open, body } = guardParts(chart, g, 0);
    if (current && open.length > 0 && current.open.join('\n') === open.join('\n')) current.bodies.push(body);
    else {
      flush();
      current = { open, bodies: [body] };
    }
  }
  flush();
  return out;
}

function guardParts(chart: string, g: Guard, depth: number): { open: string[]; body: string } {
  let expr = '$.Values';
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
    const last = i === g.steps.length - 1;
    open.push(`{{- range $k${d}, $v${d} := ${expr} }}`);
    if (step.each === 'item') {
      fmt += '[%d]';
      args.push(`$k${d}`);
      expr = `$v${d}`;
    } else if (step.each === 'key') {
      fmt += ' (key %q)';
      args.push(`$k${d}`);
      expr = `$k${d}`;
    } else {
      fmt += '.%s';
      args.push(`$k${d}`);
      expr = `$v${d}`;
    }
    if (!last && step.each === 'key') throw new Error('a map key has no fields');
    d++;
  }
  const path = args.length ? `(printf ${q(fmt.replaceAll('%%', '%'))} ${args.join(' ')})` : q(fmt);
  let body: string;
  if (g.kind === 'rule') {
    body = `{{- $p = print $p (include "${chart}.validate.${g.use.rule.id}" (list ${path} ${expr} ${g.use.allowEmpty})) }}`;
  } else if (g.check.kind === 'requestsWithinLimits') {
    body = g.check.quantities.map((n) => `{{- $p = print $p (include "${chart}.validate.withinLimit" (list ${path} ${q(n)} ${expr})) }}`).join('\n');
  } else {
    body = `{{- $p = print $p (include "${chart}.validate.notAbove" (list ${path} ${q(g.check.lower)} ${q(g.check.upper)} ${expr})) }}`;
  }
  return { open, body };
}

export interface ValidateInput {
  chart: string;
  /** Guards of the chart's own values (global left out). */
  guards: Guard[];
  /** "If A then B" rules: value paths and the message. */
  implies: { if: string; then: string; message: string }[];
  /** Checks of `global`, run only when this chart is the root of the release (it owns global then). */
  globalChecks?: string;
}

/** The `<chart>.validate` define: every guard, then one `fail` listing all problems. */
export function renderValidateDefine(v: ValidateInput): string {
  const implies = v.implies.map((r) => `{{- if and ${valuesExpr(r.if)} (not ${valuesExpr(r.then)}) }}
{{- $p = print $p (printf "\\n  - %s: %s" ${q(r.if)} (printf ${raw(printfFormat((found) => impliesMessage(r, found!), 1))} (toJson ${valuesExpr(r.then)}))) }}
{{- end }}`);
  return `{{/*
Every install-time rule of ${v.chart}: the value rules of its schema, its cross-field rules, and global when
this chart is the root of the release. Fails once, naming every value that breaks a rule.
Usage: {{ include "${v.chart}.validate" . }}
*/}}
{{- define "${v.chart}.validate" -}}
{{- $p := "" }}
${[...renderGuards(v.chart, v.guards), ...implies, ...(v.globalChecks ? [v.globalChecks] : [])].join('\n')}
{{- with $p }}
{{- /* Inside an umbrella the values sit under the dependency's key: name the path the user wrote. */}}
{{- $keys := list }}
{{- $parts := splitList "/" $.Template.BasePath }}
{{- range $i, $part := $parts }}{{ if and (eq $part "charts") (lt (add1 $i) (len $parts)) }}{{ $keys = append $keys (index $parts (add1 $i)) }}{{ end }}{{ end }}
{{- $under := ternary "" (printf "%s." (join "." $keys)) (empty $keys) }}
{{- fail (printf "${v.chart}: %d value(s) break the chart's rules:%s" (len (splitList "\\n  - " .) | add -1) (replace "\\n  - " (printf "\\n  - %s" $under) .)) }}
{{- end }}
{{- end -}}`;
}

const valuesExpr = (dotted: string) => dotted.split('.').reduce((e, k) => access(e, k), '$.Values');

/**
 * Full checks of `global` for a sub-chart installed alone: known keys only, enums, booleans, and the value
 * rules; each nested object checked only when it is an object (so one mistake gives one message).
 */
export function renderGlobalChecks(chart: string, global: z.ZodType): string {
  const lines: string[] = [];
  const emit = (node: z.ZodType, steps: Step[], expr: string, path: string): void => {
    const { schema, use } = unwrap(node);
    const def = defOf(schema);
    const problem = (msg: string) => `{{- $p = print $p (printf "\\n  - %s: %s" ${q(path)} ${msg}) }}`;
    if (use) {
      lines.push(`{{- if not (kindIs "string" ${expr}) }}${problem(`(printf "expected a string, found %s" (toJson ${expr}))`)}{{- else }}`,
        `{{- $p = print $p (include "${chart}.validate.${use.rule.id}" (list ${q(path)} ${expr} ${use.allowEmpty})) }}`, '{{- end }}');
      return;
    }
    switch (def.type) {
      case 'boolean':
        lines.push(`{{- if not (kindIs "bool" ${expr}) }}${problem(`(printf "expected boolean, found %s" (toJson ${expr}))`)}{{- end }}`);
        return;
      case 'enum': {
        const values = Object.values(def.entries ?? {});
        lines.push(`{{- if not (has ${expr} (list ${values.map(q).join(' ')})) }}${problem(`(printf "expected one of %s, found %s" ${raw(values.map(q).join(', '))} (toJson ${expr}))`)}{{- end }}`);
        return;
      }
      case 'array':
        lines.push(`{{- if not (kindIs "slice" ${expr}) }}${problem(`(printf "expected array, found %s" (toJson ${expr}))`)}{{- else }}`);
        lines.push(renderGuard(chart, { kind: 'rule', steps: [...steps, { each: 'item' }], use: unwrap(def.element!).use! }, steps.length));
        lines.push('{{- end }}');
        return;
      case 'record':
        lines.push(`{{- if not (kindIs "map" ${expr}) }}${problem(`(printf "expected object, found %s" (toJson ${expr}))`)}{{- else }}`);
        for (const [each, t] of [['key', def.keyType], ['value', def.valueType]] as const) {
          const use2 = unwrap(t!).use;
          if (use2) lines.push(renderGuard(chart, { kind: 'rule', steps: [...steps, { each }], use: use2 }, steps.length));
        }
        lines.push('{{- end }}');
        return;
      case 'object': {
        const keys = Object.keys(def.shape ?? {});
        lines.push(`{{- if not (kindIs "map" ${expr}) }}${problem(`(printf "expected object, found %s" (toJson ${expr}))`)}{{- else }}`);
        lines.push(`{{- range $k, $_ := ${expr} }}{{ if not (has $k (list ${keys.map(q).join(' ')})) }}{{ $p = print $p (printf "\\n  - %s.%s: unknown key (not in the schema of %s); check the spelling" ${q(path)} $k ${q(path)}) }}{{ end }}{{ end }}`);
        for (const key of keys) emit(def.shape![key]!, [...steps, { key }], access(expr, key), `${path}.${key}`);
        lines.push('{{- end }}');
        return;
      }
      default:
        return;
    }
  };
  emit(global, [{ key: 'global' }], '$.Values.global', 'global');
  return `{{- if eq (len (splitList "/" $.Template.BasePath)) 2 }}\n${lines.join('\n')}\n{{- end }}`;
}

/**
 * The release's object names must stay valid once the chart adds its suffixes: a Service name is a DNS label
 * starting with a letter, and StatefulSet and CronJob names leave room for what their controllers append.
 */
export function renderNameCheck(chart: string, budget: { max: number; because: string }): string {
  return `{{- $name := default $.Chart.Name $.Values.nameOverride }}
{{- $full := $.Values.fullnameOverride | default (ternary $.Release.Name (printf "%s-%s" $.Release.Name $name) (contains $name $.Release.Name)) }}
{{- if and (not (regexMatch ${raw('\n  - (name|fullname)Override:')} $p)) (or (gt (len $full) ${budget.max}) (not (regexMatch ${raw('^[a-z]([-a-z0-9]*[a-z0-9])?$')} $full))) }}
{{- $p = print $p (printf "\\n  - %s: %s" (ternary "fullnameOverride" "nameOverride" (not (empty $.Values.fullnameOverride))) (printf ${raw(printfFormat((a, b, c) => nameMessage(a!, b!, c!, budget.because), 3))} (toJson $full) (len $full | toString) ${q(String(budget.max))})) }}
{{- end }}`;
}
