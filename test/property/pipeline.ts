// In-process generation (the CLI's pipeline: resolve, policies, chart models, render; nothing written) and
// `helm lint --strict` of what it renders. Linting skips a chart whose exact content already passed with the
// same Helm (sub-charts do not change with platform values); the umbrella's built dependencies are reused
// while its sub-charts are the same.
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { isScalar, parseAllDocuments, visit } from 'yaml';
import { components } from '../../generator/components/index.ts';
import { definePlatform, type Platform } from '../../generator/dsl/platform.ts';
import { buildAll } from '../../generator/generate.ts';
import { renderChartSet } from '../../generator/render/renderChartSet.ts';
import { type ValueProblem, ValuesError } from '../../generator/parse/formatIssues.ts';
import { type PlatformData, instanceOptions } from '../corpus/platform.ts';
import { type Helm, helmRun } from '../helpers/helm.ts';

export const FILE = 'values-src/property.ts';

/** The platform a PlatformData describes, built with the real component factories. */
export function toPlatform(p: PlatformData): Platform {
  const instances = Object.fromEntries(Object.entries(p.components).map(([key, i]) => {
    const component = components.find((c) => c.spec.id === i.component)!;
    return [key, component(i.values as never, instanceOptions(i))];
  }));
  return definePlatform({ name: p.name, version: p.version, description: p.description, global: p.global as never, components: instances, environments: p.environments as never });
}

export type Generated = { refused: ValueProblem[] } | { files: Map<string, string>; umbrellas: string[] };

/**
 * Generates in memory, through the CLI's own `buildAll` (the module is handed over instead of imported); a
 * ValuesError becomes `refused`, any other exception propagates. The generated types are kept under `cwd`
 * (as the CLI keeps them in charts/), so an unchanged schema is not emitted again.
 */
export async function generateInProcess(p: PlatformData, cwd: string): Promise<Generated> {
  mkdirSync(join(cwd, dirname(FILE)), { recursive: true });
  writeFileSync(join(cwd, FILE), '// stands for the platform the property hands to the generator\n');
  try {
    const set = await buildAll({ cwd, valuesDir: dirname(FILE), importModule: async () => ({ default: toPlatform(p) }) });
    const files = await renderChartSet(set, 'charts', cwd);
    const umbrellas = set.umbrellas.map((u) => u.name);
    for (const [path, body] of files) {
      if (!path.endsWith('/values.d.ts')) continue;
      mkdirSync(dirname(join(cwd, path)), { recursive: true });
      writeFileSync(join(cwd, path), body);
    }
    return { files, umbrellas };
  } catch (err) {
    if (err instanceof ValuesError) return { refused: err.problems };
    throw err;
  }
}

const sha = (parts: string[]) => createHash('sha256').update(parts.join('\0')).digest('hex');

export class Linter {
  readonly root = mkdtempSync(join(tmpdir(), 'appgear-property-'));
  /** Charts (by content) that passed, per Helm line. */
  private passed = new Set<string>();
  /** Built `charts/` folders of umbrellas, by the content of their dependencies. */
  private deps = new Map<string, string>();
  private runs = 0;
  helmRuns = 0;
  skipped = 0;

  constructor(readonly helms: Helm[]) {}

  /**
   * Lints every chart of `files`, and renders each umbrella (`umbrellas`), each also with every
   * values-<env>.yaml; returns the failures.
   */
  async lint({ files, umbrellas }: { files: Map<string, string>; umbrellas: string[] }): Promise<string[]> {
    const dir = join(this.root, `run-${this.runs++}`);
    const byChart = new Map<string, [string, string][]>();
    for (const [path, body] of files) {
      const [, chart, ...rest] = path.split('/');
      if (!rest.length) continue; // the chart-set lock
      const file = join(dir, chart!, ...rest);
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, body);
      byChart.set(chart!, [...(byChart.get(chart!) ?? []), [rest.join('/'), body]]);
    }
    const own = new Map([...byChart].map(([c, fs]) => [c, sha(fs.flat())]));
    const all = [...own].map(([c, d]) => `${c}:${d}`).sort();
    // A chart with dependencies is judged with them: its digest covers the whole set.
    const withDeps = [...byChart].filter(([, fs]) => fs.some(([p, b]) => p === 'Chart.yaml' && /^dependencies:/m.test(b))).map(([c]) => c);
    const digest = new Map([...own].map(([c, d]) => [c, withDeps.includes(c) ? sha([d, ...all]) : d]));

    const failures: string[] = [];
    try {
      const pending = new Map(this.helms.map((h) => [h, [...byChart.keys()].filter((c) => !this.passed.has(`${h.name}:${digest.get(c)}`))]));
      const needed = withDeps.filter((c) => [...pending.values()].some((t) => t.includes(c)));
      // Umbrellas last: their dependencies are packaged with what those were built with.
      for (const c of [...needed.filter((x) => !umbrellas.includes(x)), ...needed.filter((x) => umbrellas.includes(x))]) {
        // What it builds depends on its lock and on the other charts (never on an umbrella's values).
        const lock = byChart.get(c)!.find(([p]) => p === 'Chart.lock')?.[1] ?? '';
        await this.buildDeps(this.helms[0]!, join(dir, c), sha([c, lock, ...all.filter((x) => ![c, ...umbrellas].some((o) => x.startsWith(`${o}:`)))]));
      }
      await Promise.all(this.helms.map(async (helm) => {
        const charts = pending.get(helm)!;
        this.skipped += byChart.size - charts.length;
        if (!charts.length) return;
        const problems: string[] = [];
        const rest = charts.filter((c) => !umbrellas.includes(c));
        const runs: string[][] = rest.length ? [['lint', '--strict', ...rest.map((c) => join(dir, c))]] : [];
        // `helm lint` checks the YAML of the chart's own templates only: render each umbrella with its
        // dependencies too and read every manifest (once: both Helm lines render the same).
        for (const u of umbrellas.filter((c) => charts.includes(c))) {
          const envs = byChart.get(u)!.map(([p]) => p).filter((p) => /^values-.+\.yaml$/.test(p)).map((p) => ['--values', join(dir, u, p)]);
          for (const extra of [[], ...envs]) {
            runs.push(['lint', '--strict', join(dir, u), ...extra]);
            if (helm === this.helms[0]) runs.push(['template', 'core', join(dir, u), ...extra]);
          }
        }
        const results = await Promise.all(runs.map((args) => helmRun(helm, args)));
        this.helmRuns += runs.length;
        results.forEach((r, i) => {
          const found = r.exitCode !== 0 ? [r.stdout, r.stderr] : runs[i]![0] === 'template' ? manifestTypeProblems(r.stdout) : [];
          if (found.length) problems.push(`${helm.name} ${runs[i]!.join(' ')}:\n${found.join('\n')}`.replaceAll(dir, '<charts>'));
        });
        if (!problems.length) charts.forEach((c) => this.passed.add(`${helm.name}:${digest.get(c)}`));
        failures.push(...problems);
      }));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    return failures;
  }

  /** `helm dependency build`, or a copy of the same build made before. */
  private async buildDeps(helm: Helm, chart: string, key: string): Promise<void> {
    const cached = this.deps.get(key);
    if (cached && existsSync(cached)) {
      cpSync(cached, join(chart, 'charts'), { recursive: true });
      return;
    }
    const r = await helmRun(helm, ['dependency', 'build', chart]);
    if (r.exitCode !== 0) throw new Error(`helm dependency build failed: ${r.stderr}`);
    const keep = join(this.root, `deps-${this.deps.size}`);
    cpSync(join(chart, 'charts'), keep, { recursive: true });
    this.deps.set(key, keep);
  }

  dispose(): void {
    rmSync(this.root, { recursive: true, force: true });
  }
}

export type Keys = (string | number)[];

/** Leaves of a values tree as key lists; empty objects and arrays count as leaves. */
export function leafPaths(value: unknown, prefix: Keys = []): Keys[] {
  if (Array.isArray(value)) return value.length ? value.flatMap((v, i) => leafPaths(v, [...prefix, i])) : [prefix];
  if (value && typeof value === 'object') {
    const entries = Object.entries(value);
    return entries.length ? entries.flatMap(([k, v]) => leafPaths(v, [...prefix, k])) : [prefix];
  }
  return [prefix];
}

/** "a.b[0].c", as the generator prints value paths. */
export const dotted = (keys: Keys) => keys.map((k) => (typeof k === 'number' ? `[${k}]` : `.${k}`)).join('').replace(/^\./, '');

/** Sets `value` under `keys`, creating objects and arrays on the way (the module's own values are kept). */
export function setAt(root: Record<string, unknown>, keys: Keys, value: unknown): void {
  let cur: any = root;
  keys.forEach((k, i) => {
    if (i === keys.length - 1) cur[k] = value;
    else {
      if (cur[k] === null || typeof cur[k] !== 'object') cur[k] = typeof keys[i + 1] === 'number' ? [] : {};
      cur = cur[k];
    }
  });
}

/** Fields Kubernetes reads as strings only; YAML turns an unquoted "true", "123" or "#x" into something else. */
const STRING_FIELDS = new Set(['name', 'namespace', 'key', 'secretKey', 'secretName', 'claimName', 'serviceAccountName', 'storageClassName', 'priorityClassName', 'volumeSnapshotClassName', 'schedule', 'image']);
const STRING_MAPS = new Set(['matchLabels', 'nodeSelector']);
const METADATA_MAPS = new Set(['labels', 'annotations']);

/**
 * Rendered values that are not strings where Kubernetes wants strings, as "Kind/name: path is <type> <value>".
 * Read as YAML 1.1, as Helm and Kubernetes read manifests (go-yaml: y, yes, on, off are booleans too).
 */
export function manifestTypeProblems(text: string): string[] {
  const problems: string[] = [];
  for (const doc of parseAllDocuments(text, { version: '1.1' })) {
    // The yaml package's 1.1 schema reads "e4" or "-e4" as NaN; go-yaml (Helm, Kubernetes) reads them as
    // strings, since Go's ParseFloat refuses them. Only ".nan" and ".inf" are NaN and infinity there.
    visit(doc, { Scalar(_, node) {
      if (isScalar(node) && typeof node.value === 'number' && !Number.isFinite(node.value) && node.range) {
        const source = text.slice(node.range[0], node.range[1]);
        if (!/^[-+]?\.(?:inf|Inf|INF)$|^\.(?:nan|NaN|NAN)$/.test(source)) node.value = source;
      }
    } });
    const o = doc.toJS() as { kind?: string; metadata?: { name?: string } } | null;
    if (!o || typeof o !== 'object') continue;
    const where = `${o.kind}/${o.metadata?.name}`;
    const bad = (path: string, v: unknown) => problems.push(`${where}: ${path} is ${v === null ? 'null' : `${typeof v} ${JSON.stringify(v)}`}, expected a string`);
    const walk = (node: unknown, path: string, parentKey: string): void => {
      if (Array.isArray(node)) {
        node.forEach((item, i) => {
          // An env or toleration value may be left out (null), never a number or a boolean.
          if (['env', 'tolerations'].includes(parentKey) && item && typeof item === 'object' && ['number', 'boolean'].includes(typeof item.value)) bad(`${path}[${i}].value`, item.value);
          walk(item, `${path}[${i}]`, '');
        });
      } else if (node && typeof node === 'object') {
        for (const [k, v] of Object.entries(node)) {
          if ((STRING_MAPS.has(k) || (parentKey === 'metadata' && METADATA_MAPS.has(k))) && v && typeof v === 'object' && !Array.isArray(v)) {
            // A null value reads as "" there; a number or a boolean is refused.
            for (const [lk, lv] of Object.entries(v)) if (typeof lv === 'number' || typeof lv === 'boolean') bad(`${path}.${k}.${lk}`, lv);
          } else if (STRING_FIELDS.has(k) && (v === null || ['number', 'boolean'].includes(typeof v))) bad(`${path}.${k}`, v);
          walk(v, `${path}.${k}`, k);
        }
      }
    };
    walk(o, '', '');
  }
  return problems;
}

export const chartsIn = (dir: string) => readdirSync(dir).filter((c) => existsSync(join(dir, c, 'Chart.yaml'))).sort();
