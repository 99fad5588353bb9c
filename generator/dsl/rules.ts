// The rules a string value must follow, once: the generator checks them with zod and every chart checks
// them again at install time (templates/validate.yaml), with the same expression and the same words.
// Patterns are RE2-safe because Helm evaluates them with Go's regexp (no lookaround, no backreferences).
// Helm prints a schema `pattern` verbatim when it fails, so patterns never go into values.schema.json:
// there a rule only names itself, as `format` (validators ignore formats they do not know).

export interface StringRule {
  /** Name of the rule; the `format` of the value in values.schema.json and the guard's helper name. */
  id: string;
  /** What is allowed, in words; completes "expected ...". Never a regular expression; no backquotes. */
  allowed: string;
  /** The shape, anchored. */
  pattern: RegExp;
  /** Longest allowed value, in characters. */
  maxLength?: number;
  /** A value of the right shape that is still refused, e.g. the image tag "latest". */
  forbidden?: string;
  /** A value that passes, for docs and tests. */
  example: string;
  /** A value that fails, for docs and tests. */
  counterExample: string;
}

const label = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';
const subdomain = `${label}(\\.${label})*`;
const qualifiedName = '[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?';
const binary = 'Ki|Mi|Gi|Ti|Pi|Ei';
const decimal = 'k|M|G|T|P|E';
const cronField = (value: string) => `(\\*|(${value})(-(${value}))?)(/[0-9]+)?(,(\\*|(${value})(-(${value}))?)(/[0-9]+)?)*`;
const months = 'JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG|SEP|OCT|NOV|DEC|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec';
const days = 'SUN|MON|TUE|WED|THU|FRI|SAT|sun|mon|tue|wed|thu|fri|sat';

const rule = (r: Omit<StringRule, 'pattern'> & { pattern: string }): StringRule => ({ ...r, pattern: new RegExp(`^(${r.pattern})$`) });

/** Every string rule, by id. */
export const RULES = {
  dnsLabel: rule({
    id: 'dns-label',
    allowed: 'a DNS label: lowercase letters, digits and "-", starting and ending with a letter or digit, at most 63 characters',
    pattern: label,
    maxLength: 63,
    example: 'appgear-core',
    counterExample: 'Appgear_Core',
  }),
  objectName: rule({
    id: 'object-name',
    allowed: 'a Kubernetes object name: lowercase letters, digits, "-" and ".", starting and ending with a letter or digit, at most 253 characters',
    pattern: subdomain,
    maxLength: 253,
    example: 'ceph-block',
    counterExample: 'Ceph-Block',
  }),
  labelValue: rule({
    id: 'label-value',
    allowed: 'a label value: at most 63 letters, digits, "-", "_" and ".", starting and ending with a letter or digit (or empty)',
    pattern: '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?',
    maxLength: 63,
    example: 'team-a',
    counterExample: 'bad value!',
  }),
  qualifiedKey: rule({
    id: 'label-key',
    allowed: 'a label or annotation key: an optional DNS prefix and "/", then at most 63 letters, digits, "-", "_" and ".", starting and ending with a letter or digit',
    pattern: `(${subdomain}/)?${qualifiedName}`,
    maxLength: 317,
    example: 'appgear.io/team',
    counterExample: 'bad key!',
  }),
  cpu: rule({
    id: 'cpu-quantity',
    allowed: 'a CPU quantity such as "500m", "2" or "1.5"',
    pattern: `[+]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)(m|${decimal}|${binary}|[eE][-+]?[0-9]+)?`,
    example: '500m',
    counterExample: 'two cores',
  }),
  memory: rule({
    id: 'memory-quantity',
    allowed: 'a memory quantity such as "512Mi", "2Gi" or "1G"',
    pattern: `[+]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)(m|${decimal}|${binary}|[eE][-+]?[0-9]+)?`,
    example: '512Mi',
    counterExample: 'lots',
  }),
  storageSize: rule({
    id: 'storage-size',
    allowed: 'a storage size above zero with a unit, such as "20Gi" or "500Mi"',
    pattern: `([0-9]*[1-9][0-9]*(\\.[0-9]+)?|[0-9]*\\.[0-9]*[1-9][0-9]*)(${binary}|${decimal})`,
    example: '20Gi',
    counterExample: '0Gi',
  }),
  imageRegistry: rule({
    id: 'image-registry',
    allowed: 'a registry host such as "docker.io" or "registry.example.com:5000" (lowercase letters, digits, "." and "-"), optionally followed by a path such as "/mirror"',
    pattern: `${subdomain}(:[0-9]{1,5})?(/[a-z0-9]+([._-][a-z0-9]+)*)*`,
    maxLength: 255,
    example: 'registry.example.com:5000',
    counterExample: 'Registry Acme!',
  }),
  imageRepository: rule({
    id: 'image-repository',
    allowed: 'an image repository such as "library/postgres": lowercase letters and digits, separated by ".", "_", "__" or "-", in parts joined by "/"',
    pattern: '[a-z0-9]+((\\.|_|__|-+)[a-z0-9]+)*(/[a-z0-9]+((\\.|_|__|-+)[a-z0-9]+)*)*',
    maxLength: 255,
    example: 'library/postgres',
    counterExample: 'Library/Postgres',
  }),
  imageTag: rule({
    id: 'image-tag',
    allowed: 'a pinned image tag: letters, digits, "_", "." and "-", not starting with "." or "-", at most 128 characters, never "latest"',
    pattern: '[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}',
    forbidden: 'latest',
    example: '16.10',
    counterExample: 'latest',
  }),
  imageDigest: rule({
    id: 'image-digest',
    allowed: 'an image digest: "sha256:" and 64 lowercase hexadecimal digits (or empty)',
    pattern: '(sha256:[a-f0-9]{64})?',
    example: `sha256:${'0'.repeat(64)}`,
    counterExample: 'md5:abc',
  }),
  duration: rule({
    id: 'go-duration',
    allowed: 'a duration such as "1h", "30m" or "1h30m" (units ns, us, ms, s, m, h)',
    pattern: '([0-9]+(\\.[0-9]+)?(ns|us|ms|s|m|h))+',
    example: '1h',
    counterExample: '1 hour',
  }),
  cron: rule({
    id: 'cron',
    allowed: 'a cron schedule: five fields (minute 0-59, hour 0-23, day of month 1-31, month 1-12 or JAN-DEC, day of week 0-7 or SUN-SAT), each "*", a value, a range "a-b" or a list "a,b", optionally with a step "/n"; or @hourly, @daily, @weekly, @monthly, @yearly',
    pattern: `@(yearly|annually|monthly|weekly|daily|midnight|hourly)|${[
      cronField('[0-5]?[0-9]'),
      cronField('[01]?[0-9]|2[0-3]'),
      cronField('0?[1-9]|[12][0-9]|3[01]'),
      cronField(`0?[1-9]|1[0-2]|${months}`),
      cronField(`[0-7]|${days}`),
    ].join(' +')}`,
    example: '0 3 * * *',
    counterExample: '61 25 * * *',
  }),
  httpUrl: rule({
    id: 'http-url',
    allowed: 'an http:// or https:// URL such as "https://s3.example.com" (no spaces)',
    pattern: 'https?://[A-Za-z0-9]([-A-Za-z0-9.]*[A-Za-z0-9])?(:[0-9]{1,5})?(/[^\\s]*)?',
    maxLength: 2048,
    example: 'https://s3.example.com',
    counterExample: 'not a url',
  }),
  repoUrl: rule({
    id: 'repository-url',
    allowed: 'a repository URL: https://, http://, oci://, ssh:// or git:// followed by a host, or "user@host:path" (no spaces)',
    pattern: '(https?|oci|ssh|git)://[^\\s/]+(/[^\\s]*)?|[A-Za-z0-9._-]+@[A-Za-z0-9.-]+:[^\\s]+',
    maxLength: 2048,
    example: 'oci://registry.example.com/appgear',
    counterExample: 'not a url',
  }),
  s3Bucket: rule({
    id: 's3-bucket',
    allowed: 'an S3 bucket name: 3 to 63 lowercase letters, digits, "." and "-", starting and ending with a letter or digit',
    pattern: '[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]',
    example: 'appgear-backups',
    counterExample: 'My Bucket!',
  }),
  absolutePath: rule({
    id: 'absolute-path',
    allowed: 'an absolute path such as "/var/lib/data" (starting with "/", without ":")',
    pattern: '/[^:]*',
    maxLength: 4096,
    example: '/var/lib/data',
    counterExample: 'var/lib/data',
  }),
  percentage: rule({
    id: 'percentage',
    allowed: 'a percentage from "0%" to "100%"',
    pattern: '([0-9]|[1-9][0-9]|100)%',
    example: '25%',
    counterExample: '150%',
  }),
  secretKey: rule({
    id: 'secret-key',
    allowed: 'a Secret key: letters, digits, "-", "_" and ".", at most 253 characters',
    pattern: '[-._a-zA-Z0-9]+',
    maxLength: 253,
    example: 'password',
    counterExample: 'pass word',
  }),
  sqlIdentifier: rule({
    id: 'sql-identifier',
    allowed: 'an SQL identifier: a letter or "_", then letters, digits or "_", at most 63 characters',
    pattern: '[A-Za-z_][A-Za-z0-9_]*',
    maxLength: 63,
    example: 'appgear',
    counterExample: 'app-gear',
  }),
  version: rule({
    id: 'pinned-version',
    allowed: 'a pinned version such as "v1.18.8" or "1.18.8"',
    pattern: 'v?[0-9]+\\.[0-9]+\\.[0-9]+',
    example: 'v1.18.8',
    counterExample: '1.x',
  }),
} as const satisfies Record<string, StringRule>;

export type RuleName = keyof typeof RULES;

/** Every rule, including component-specific ones registered with `defineRule`. */
const registry = new Map<string, StringRule>(Object.values(RULES).map((r) => [r.id, r]));

/** A rule of one component (e.g. a Seastar memory size); same shape, same treatment as the shared ones. */
export function defineRule(r: Omit<StringRule, 'pattern'> & { pattern: string }): StringRule {
  const made = rule(r);
  const known = registry.get(made.id);
  if (known && known.pattern.source !== made.pattern.source) throw new Error(`rule "${made.id}" is defined twice with different patterns`);
  registry.set(made.id, made);
  return made;
}

export const allRules = (): StringRule[] => [...registry.values()].sort((a, b) => a.id.localeCompare(b.id));
export const ruleById = (id: string): StringRule | undefined => registry.get(id);

/** True when `value` does not follow `rule`. */
export function breaks(rule: StringRule, value: string): boolean {
  if (rule.maxLength !== undefined && value.length > rule.maxLength) return true;
  if (rule.forbidden !== undefined && value === rule.forbidden) return true;
  return !rule.pattern.test(value);
}

/** What the message says is allowed; `allowEmpty` adds that "" (the chart's default) passes too. */
export const allowedWords = (rule: StringRule, allowEmpty = false) => `${rule.allowed}${allowEmpty ? ', or "" for the default' : ''}`;

/** The message both sides print: "expected <allowed>, found <value>" (`shown`: the value as JSON). */
export const ruleMessage = (rule: StringRule, shown: string, allowEmpty = false) => `expected ${allowedWords(rule, allowEmpty)}, found ${shown}`;
