// The library's install-time rule helpers (templates/_validate.tpl), generated from dsl/rules.ts, dsl/checks.ts
// and the global schema, so a chart checks a value with the generator's own expression and words.
import type { z } from 'zod';
import { limitMessage, notAboveMessage } from '../dsl/checks.ts';
import { nameMessage } from '../dsl/component.ts';
import { allowedWords, allRules, type StringRule } from '../dsl/rules.ts';
import { LIBRARY } from '../library/index.ts';
import { unknownKeyMessage } from '../parse/formatIssues.ts';
import { QUANTITY_SUFFIXES } from '../policy/quantity.ts';
import { collectGuards, defOf, type Step, unwrap } from '../schema/collectGuards.ts';
import { access, guardParts, printfFormat, q, raw, renderGuardLines } from './renderGuards.ts';

const lib = LIBRARY.name;

function ruleHelper(rule: StringRule): string {
  const conditions = [
    ...(rule.maxLength === undefined ? [] : [`(gt (len $v) ${rule.maxLength})`]),
    ...(rule.forbidden === undefined ? [] : [`(eq $v ${q(rule.forbidden)})`]),
    `(not (regexMatch ${raw(rule.pattern.source)} $v))`,
  ];
  return `{{/*
"${rule.id}": ${rule.allowed}.
Usage: {{ include "${lib}.validate.${rule.id}" (list "value.path" .Values.value.path false) }} (true: "" passes)
*/}}
{{- define "${lib}.validate.${rule.id}" -}}
{{- $v := index . 1 -}}
{{- if and (kindIs "string" $v) (not (and (index . 2) (eq $v ""))) (or ${conditions.join(' ')}) -}}
{{- printf "\\n  - %s: expected %s%s, found %s" (index . 0) ${raw(rule.allowed)} (ternary ${raw(allowedWords(rule, true).slice(rule.allowed.length))} "" (index . 2)) (toJson $v) -}}
{{- end -}}
{{- end -}}`;
}

const QUANTITY_HELPERS = () => {
  const factors = Object.entries(QUANTITY_SUFFIXES).map(([k, v]) => `${q(k)} ${v === 1 ? '1.0' : String(v)}`).join(' ');
  return `{{/*
A quantity ("500m", "2Gi", 2) as a number of base units, or "" when it cannot be compared.
Usage: {{ include "${lib}.validate.quantity" .Values.resources.limits.cpu }}
*/}}
{{- define "${lib}.validate.quantity" -}}
{{- $s := toString . -}}
{{- $n := regexFind ${raw('^[+]?([0-9]+([.][0-9]*)?|[.][0-9]+)')} $s -}}
{{- $factors := dict ${factors} -}}
{{- $unit := trimPrefix $n $s -}}
{{- if and $n (hasKey $factors $unit) }}{{ mulf (float64 $n) (get $factors $unit) }}{{ end -}}
{{- end -}}

{{/*
A request above its limit, as a problem line (or nothing).
Usage: {{ include "${lib}.validate.withinLimit" (list "resources" "memory" .Values.resources) }}
*/}}
{{- define "${lib}.validate.withinLimit" -}}
{{- $name := index . 1 -}}
{{- $req := index (index . 2).requests $name -}}
{{- $lim := index (index . 2).limits $name -}}
{{- $r := include "${lib}.validate.quantity" $req -}}
{{- $l := include "${lib}.validate.quantity" $lim -}}
{{- if and $r $l (gt (float64 $r) (float64 $l)) -}}
{{- printf "\\n  - %s.requests.%s: %s" (index . 0) $name (printf ${raw(printfFormat((a, b, c) => limitMessage(a!, b!, c!), 3))} $name (toJson $req) (toJson $lim)) -}}
{{- end -}}
{{- end -}}

{{/*
One number above another of the same object, as a problem line (or nothing).
Usage: {{ include "${lib}.validate.notAbove" (list "keda" "minReplicaCount" "maxReplicaCount" .Values.keda) }}
*/}}
{{- define "${lib}.validate.notAbove" -}}
{{- $o := index . 3 -}}
{{- $a := index $o (index . 1) -}}
{{- $b := index $o (index . 2) -}}
{{- if and (or (kindIs "float64" $a) (kindIs "int64" $a) (kindIs "int" $a)) (or (kindIs "float64" $b) (kindIs "int64" $b) (kindIs "int" $b)) (gt (float64 $a) (float64 $b)) -}}
{{- printf "\\n  - %s.%s: %s" (index . 0) (index . 1) (printf ${raw(printfFormat((a, b, c, d) => notAboveMessage(a!, b!, c!, d!), 4))} (index . 1) (index . 2) (toJson $a) (toJson $b)) -}}
{{- end -}}
{{- end -}}`;
};

/**
 * Full checks of `global` (known keys only, enums, booleans, and the value rules), each nested object
 * checked only when it is an object, so one mistake gives one message.
 */
function globalChecks(global: z.ZodType): string[] {
  const lines: string[] = [];
  const emit = (node: z.ZodType, steps: Step[], expr: string, path: string): void => {
    const { schema, use } = unwrap(node);
    const def = defOf(schema);
    const problem = (msg: string) => `{{- $p = print $p (printf "\\n  - %s: %s" ${q(path)} ${msg}) }}`;
    const typed = (kind: string, what: string) => `{{- if not (kindIs ${q(kind)} ${expr}) }}${problem(`(printf "expected ${what}, found %s" (toJson ${expr}))`)}`;
    if (use) {
      lines.push(`${typed('string', 'a string')}{{- else }}`, guardParts({ kind: 'rule', steps, use }).body, '{{- end }}');
      return;
    }
    switch (def.type) {
      case 'boolean':
        lines.push(`${typed('bool', 'boolean')}{{- end }}`);
        return;
      case 'enum': {
        const values = Object.values(def.entries ?? {});
        lines.push(`{{- if not (has ${expr} (list ${values.map(q).join(' ')})) }}${problem(`(printf "expected one of %s, found %s" ${raw(values.map(q).join(', '))} (toJson ${expr}))`)}{{- end }}`);
        return;
      }
      case 'array':
      case 'record': {
        lines.push(`${typed(def.type === 'array' ? 'slice' : 'map', def.type === 'array' ? 'array' : 'object')}{{- else }}`);
        const eaches = def.type === 'array' ? [['item', def.element]] as const : [['key', def.keyType], ['value', def.valueType]] as const;
        const guards = eaches.flatMap(([each, t]) => {
          const u = unwrap(t!).use;
          return u ? [{ kind: 'rule' as const, steps: [...steps, { each }], use: u }] : [];
        });
        lines.push(...renderGuardLines(guards));
        lines.push('{{- end }}');
        return;
      }
      case 'object': {
        const keys = Object.keys(def.shape ?? {});
        lines.push(`${typed('map', 'object')}{{- else }}`);
        lines.push(`{{- range $k, $_ := ${expr} }}{{ if not (has $k (list ${keys.map(q).join(' ')})) }}{{ $p = print $p (printf "\\n  - %s.%s: %s" ${q(path)} $k (printf ${raw(printfFormat((parent, key) => unknownKeyMessage(parent!, key!), 2))} ${q(path)} (toJson $k))) }}{{ end }}{{ end }}`);
        for (const key of keys) emit(def.shape![key]!, [...steps, { key }], access(expr, key), `${path}.${key}`);
        lines.push('{{- end }}');
        return;
      }
      default:
    }
  };
  emit(global, [{ key: 'global' }], '$.Values.global', 'global');
  return lines;
}

/** The library's _validate.tpl: rule helpers, quantity comparison, global checks, the name check, the fail. */
export function renderLibraryValidation(global: z.ZodType, globalShape: z.ZodType): string {
  return [
    ...allRules().map(ruleHelper),
    QUANTITY_HELPERS(),
    `{{/*
Checks of global for a chart installed at the root of a release: the root owns global (inside an umbrella the
umbrella's schema and guard check it once). Returns problem lines.
Usage: {{ $p = print $p (include "${lib}.validate.global" .) }}
*/}}
{{- define "${lib}.validate.global" -}}
{{- $p := "" }}
{{- if eq (len (splitList "/" $.Template.BasePath)) 2 }}
${globalChecks(global).join('\n')}
{{- end }}
{{- $p -}}
{{- end -}}`,
    `{{/*
The value rules of global (its shape is the umbrella schema's). Returns problem lines.
Usage: {{ $p = print $p (include "${lib}.validate.globalRules" .) }}
*/}}
{{- define "${lib}.validate.globalRules" -}}
{{- $p := "" }}
${renderGuardLines(collectGuards(globalShape)).join('\n')}
{{- $p -}}
{{- end -}}`,
    `{{/*
The release's object names must stay valid once the chart adds its suffixes: a Service name is a DNS label
starting with a letter, and StatefulSet and CronJob names leave room for what their controllers append.
Skipped when nameOverride or fullnameOverride already broke their own rule (one message per mistake).
Usage: {{ $p = print $p (include "${lib}.validate.name" (dict "max" 52 "because" "..." "problems" $p "context" .)) }}
*/}}
{{- define "${lib}.validate.name" -}}
{{- $ctx := .context -}}
{{- $name := default $ctx.Chart.Name $ctx.Values.nameOverride -}}
{{- $full := $ctx.Values.fullnameOverride | default (ternary $ctx.Release.Name (printf "%s-%s" $ctx.Release.Name $name) (contains $name $ctx.Release.Name)) -}}
{{- if and (not (regexMatch ${raw('\n  - (name|fullname)Override:')} .problems)) (or (gt (len $full) (int .max)) (not (regexMatch ${raw('^[a-z]([-a-z0-9]*[a-z0-9])?$')} $full))) -}}
{{- printf "\\n  - %s: %s" (ternary "fullnameOverride" "nameOverride" (not (empty $ctx.Values.fullnameOverride))) (printf ${raw(printfFormat((a, b, c, d) => nameMessage(a!, b!, c!, d!), 4))} (toJson $full) (len $full | toString) (toString .max) .because) -}}
{{- end -}}
{{- end -}}`,
    `{{/*
Fails once with every problem line, each path as the user wrote it: inside an umbrella the values sit under
the dependency's key, so the path is prefixed with it.
Usage: {{ include "${lib}.validate.fail" (dict "chart" "my-chart" "problems" $p "context" .) }}
*/}}
{{- define "${lib}.validate.fail" -}}
{{- with .problems }}
{{- $keys := list }}
{{- $parts := splitList "/" $.context.Template.BasePath }}
{{- range $i, $part := $parts }}{{ if and (eq $part "charts") (lt (add1 $i) (len $parts)) }}{{ $keys = append $keys (index $parts (add1 $i)) }}{{ end }}{{ end }}
{{- $under := ternary "" (printf "%s." (join "." $keys)) (empty $keys) }}
{{- fail (printf "%s: %d value(s) break the chart's rules:%s" $.chart (len (splitList "\\n  - " .) | add -1) (replace "\\n  - " (printf "\\n  - %s" $under) .)) }}
{{- end }}
{{- end -}}`,
  ].join('\n\n');
}
