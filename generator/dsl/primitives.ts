// Leaf value types shared by every component, each bound to a rule of rules.ts. The generator checks the
// rule with zod; the chart's install-time guard (templates/validate.yaml) checks the same rule, found by
// walking the schema (schema/collectGuards.ts), so every value that lands in a Kubernetes field is
// checked at both times with the same words.
import { z } from 'zod';
import { RULES, breaks, ruleMessage, type StringRule } from './rules.ts';

export interface RuleUse {
  rule: StringRule;
  /** "" passes too (it means "unset": the chart falls back to a default). */
  allowEmpty: boolean;
}

/**
 * Which rule a string schema follows, keyed by the schema's definition: `.describe()` and `.meta()` copy a
 * schema but keep its definition, `.default()` wraps it, so the walker finds the rule through both.
 */
const uses = new WeakMap<object, RuleUse>();

export const ruleOf = (schema: z.ZodType): RuleUse | undefined => uses.get(schema._zod.def);

/** A string that follows `rule`; in values.schema.json it is `{ type: string, format: <rule id> }`. */
export function text(rule: StringRule, opts: { allowEmpty?: boolean } = {}) {
  const allowEmpty = opts.allowEmpty ?? false;
  const schema = z
    .string()
    .refine((v) => (allowEmpty && v === '') || !breaks(rule, v), {
      error: (iss) => ruleMessage(rule, JSON.stringify(iss.input), allowEmpty),
    })
    .meta({ format: rule.id });
  uses.set(schema._zod.def, { rule, allowEmpty });
  return schema;
}

/** A DNS label (namespaces, keys that become object names). */
export const dnsLabel = () => text(RULES.dnsLabel);

/** A Kubernetes object name (DNS subdomain); `optional` lets "" mean "use the chart's default name". */
export const k8sName = (opts: { optional?: boolean } = {}) => text(RULES.objectName, { allowEmpty: opts.optional });

/** A Kubernetes label value (may be empty). */
export const labelValue = () => text(RULES.labelValue);

/** Labels: keys and values as Kubernetes accepts them. */
export const labelMap = () => z.record(text(RULES.qualifiedKey), text(RULES.labelValue));

/** Annotations: keys as Kubernetes accepts them, any string values. */
export const annotationMap = () => z.record(text(RULES.qualifiedKey), z.string());

/** A CPU quantity such as "500m" or 2. */
export const cpu = () => z.union([text(RULES.cpu), z.number().nonnegative()]);

/** A memory (or ephemeral storage) quantity such as "512Mi". */
export const memory = () => z.union([text(RULES.memory), z.number().nonnegative()]);

/** A storage size above zero with a unit, e.g. "20Gi". */
export const storageSize = () => text(RULES.storageSize);

/** An image tag that pins a version: never "latest", never empty. */
export const imageTag = () => text(RULES.imageTag);

/** An image digest ("sha256:<64 hex>") or the empty string. */
export const imageDigest = () => text(RULES.imageDigest);

/** A Go duration as Kubernetes and external-secrets read it, e.g. "1h", "15m". */
export const duration = () => text(RULES.duration);

/** A cron schedule (five fields or a macro), as a CronJob or a Velero Schedule reads it. */
export const cron = () => text(RULES.cron);

/** An absolute filesystem path (mount paths, host paths). */
export const absolutePath = () => text(RULES.absolutePath);

/** A TCP/UDP port number. */
export const port = () => z.number().int().min(1).max(65535);

/** A regular expression as Go reads it; Helm checks it at install time through the schema's `format: regex`. */
export const goRegex = () =>
  z
    .string()
    .refine((v) => isGoRegex(v), { error: (iss) => `expected a regular expression (Go syntax), found ${JSON.stringify(iss.input)}: ${regexProblem(String(iss.input))}` })
    .meta({ format: 'regex' });

/** Go's RE2 has no lookaround and no backreferences; anything JavaScript cannot compile is invalid too. */
function regexProblem(v: string): string {
  if (/\(\?[=!<]/.test(v)) return 'lookaround is not supported';
  if (/\\[1-9]/.test(v)) return 'backreferences are not supported';
  try {
    new RegExp(v);
    return '';
  } catch (err) {
    return (err as Error).message.replace(/^Invalid regular expression: /, '');
  }
}
const isGoRegex = (v: string) => regexProblem(v) === '';

/** A free-form Kubernetes object (affinity, extra NetworkPolicy rules, ...), passed through as-is. */
export const k8sObject = () => z.record(z.string(), z.unknown());

/** A string-to-string map with no rule on its keys (e.g. postgresql.conf is typed elsewhere). */
export const stringMap = () => z.record(z.string(), z.string());

export function show(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (typeof v === 'string') return JSON.stringify(v);
  if (v === null) return 'null';
  if (Array.isArray(v)) return `an array (${JSON.stringify(v).slice(0, 60)})`;
  if (typeof v === 'object') return `an object (${JSON.stringify(v).slice(0, 60)})`;
  return `${typeof v} ${String(v)}`;
}
