// Environments of an umbrella: `values-<env>.yaml` holding only what differs from values.yaml (Helm
// merges it on top with `-f`), and the table of those differences for the README and the CLI.
import type { UmbrellaEnvironment, UmbrellaModel } from '../model/buildChartSet.ts';
import { isPlainObject } from '../parse/resolvePlatform.ts';

type Values = Record<string, unknown>;
const SAME = Symbol('same');

/** The umbrella's values as its values.yaml carries them: `global`, then each instance's switch and values. */
export function umbrellaValues(u: Pick<UmbrellaModel, 'global'> & { dependencies: UmbrellaEnvironment['dependencies'] }): Values {
  const values: Values = { global: u.global };
  for (const d of u.dependencies) values[d.key] = { enabled: d.enabled, ...d.given };
  return values;
}

/**
 * What a values file given with `-f` must hold so that Helm's merge of it onto `base` yields `next`:
 * maps are merged key by key, anything else replaces, and `null` removes a key.
 */
export function valuesDiff(base: unknown, next: unknown): unknown {
  const d = diff(base, next);
  return d === SAME ? {} : d;
}

function diff(base: unknown, next: unknown): unknown {
  if (isPlainObject(base) && isPlainObject(next)) {
    const out: Values = {};
    for (const [k, v] of Object.entries(next)) {
      const d = diff(base[k], v);
      if (d !== SAME) out[k] = d;
    }
    for (const k of Object.keys(base)) if (!(k in next)) out[k] = null;
    return Object.keys(out).length ? out : SAME;
  }
  return JSON.stringify(base) === JSON.stringify(next) ? SAME : next;
}

/** The leaves of a diff as key lists (a replaced array or scalar is one leaf); keys may hold dots ("requests.cpu"). */
function leaves(node: unknown, prefix: string[] = []): string[][] {
  if (!isPlainObject(node) || (prefix.length && Object.keys(node).length === 0)) return [prefix];
  return Object.entries(node).flatMap(([k, v]) => leaves(v, [...prefix, k]));
}

/** A key list as Helm's --set writes it: keys joined by dots, a dot inside a key escaped. */
const dotted = (keys: string[]) => keys.map((k) => k.replace(/\./g, '\\.')).join('.');

const at = (obj: unknown, keys: string[]): unknown =>
  keys.reduce<unknown>((cur, k) => (isPlainObject(cur) ? cur[k] : undefined), obj);

export interface EnvironmentTable {
  environments: string[];
  /** Value path, its value in values.yaml (or the sub-chart's default), then its value in each environment. */
  rows: { path: string; base: unknown; values: unknown[] }[];
}

/** Every value that some environment changes, with its value in values.yaml and in each environment. */
export function environmentTable(u: UmbrellaModel): EnvironmentTable {
  const base = umbrellaValues(u);
  const envs = u.environments.map((e) => umbrellaValues(e));
  const byPath = new Map<string, string[]>();
  for (const e of envs) for (const keys of leaves(valuesDiff(base, e))) if (keys.length) byPath.set(dotted(keys), keys);
  const paths = [...byPath.values()];
  // In the order of values.yaml, so related values stay together.
  const first = new Map<string, number>();
  leaves(base).forEach((leaf, i) => {
    for (let n = 1; n <= leaf.length; n++) if (!first.has(dotted(leaf.slice(0, n)))) first.set(dotted(leaf.slice(0, n)), i);
  });
  const rank = (keys: string[]) => {
    for (let n = keys.length; n > 0; n--) {
      const i = first.get(dotted(keys.slice(0, n)));
      if (i !== undefined) return i;
    }
    return first.size;
  };
  paths.sort((a, b) => rank(a) - rank(b) || dotted(a).localeCompare(dotted(b)));
  return {
    environments: u.environments.map((e) => e.name),
    rows: paths.map((keys) => {
      const [key, ...rest] = keys;
      const chartDefault = () => at(u.dependencies.find((d) => d.key === key)?.chart.defaults, rest);
      const fallback = (v: unknown) => (v === undefined && rest.length ? chartDefault() : v);
      return { path: dotted(keys), base: fallback(at(base, keys)), values: envs.map((e) => fallback(at(e, keys))) };
    }),
  };
}

const cell = (v: unknown) => (v === undefined ? '(unset)' : `\`${JSON.stringify(v).replace(/\|/g, '\\|')}\``);

/** The table as Markdown (README and `appgear-charts environments`). */
export function environmentTableMarkdown(t: EnvironmentTable): string {
  if (t.rows.length === 0) return 'No environment changes any value.';
  return [
    `| Value | Default | ${t.environments.join(' | ')} |`,
    `|-------|---------|${t.environments.map(() => '---').join('|')}|`,
    ...t.rows.map((r) => `| \`${r.path}\` | ${cell(r.base)} | ${r.values.map((v) => (JSON.stringify(v) === JSON.stringify(r.base) ? '=' : cell(v))).join(' | ')} |`),
  ].join('\n');
}
