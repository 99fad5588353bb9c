// The install-time twin of the mutation property: one value of a freshly generated chart changed with
// --set-string / --set. `helm template` either renders manifests Kubernetes can read, or refuses through the
// schema or the guard naming the changed path; never a template crash (nil pointer, "error calling", YAML
// that does not parse). Helm 3 and Helm 4.
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshRepo, reportedPaths } from '../corpus/tools.ts';
import { type Helm, helmRun, helms, scratchCharts } from '../helpers/helm.ts';
import { SEED, replacements } from './arbitraries.ts';
import { type Keys, chartsIn, dotted, leafPaths, manifestTypeProblems } from './pipeline.ts';

const RUNS = { strings: 40, typed: 30, removal: 20 };
const HELMS = helms();
const dirs = new Map<Helm, string>();
let root = '';
const counts = { mutations: 0, refused: 0, rendered: 0 };

beforeAll(async () => {
  const repo = await freshRepo();
  root = repo.root;
  for (const helm of HELMS) dirs.set(helm, await scratchCharts(helm, join(repo.root, repo.out)));
});
afterAll(() => {
  console.log(`property: seed ${SEED}; ${counts.mutations} install-time mutations x Helm 3 and 4: ${counts.refused} Helm runs refused naming the path, ${counts.rendered} rendered readable manifests`);
  for (const d of [...dirs.values(), root]) rmSync(d, { recursive: true, force: true });
});

const valuesOf = (dir: string, chart: string) => parse(readFileSync(join(dir, chart, 'values.yaml'), 'utf8')) as Record<string, unknown>;

/** Every object holding `keys`' leaf, the leaf's own path last. */
const withParents = (paths: Keys[]) => [...new Map(paths.flatMap((p) => p.map((_, i) => p.slice(0, i + 1))).map((p) => [JSON.stringify(p), p])).values()];

/**
 * Every leaf a user may --set (with `objects`, every object above one too): a sub-chart's values; the
 * umbrella's global and, per instance, its sub-chart's values.
 */
function targets(dir: string, objects: boolean): { chart: string; at: Keys }[] {
  const expand = (paths: Keys[]) => (objects ? withParents(paths) : paths);
  return chartsIn(dir).flatMap((chart) => {
    const chartYaml = parse(readFileSync(join(dir, chart, 'Chart.yaml'), 'utf8')) as { type?: string; dependencies?: { name: string; alias?: string }[] };
    if (chartYaml.type === 'library') return []; // not installable; its values are its users'
    const instances = (chartYaml.dependencies ?? []).filter((d): d is { name: string; alias: string } => !!d.alias);
    if (!instances.length) return expand(leafPaths(valuesOf(dir, chart))).filter((at) => at.length).map((at) => ({ chart, at }));
    return expand([
      ...leafPaths(valuesOf(dir, chart).global).map((k) => ['global', ...k]),
      ...instances.flatMap((d) => {
        const { global: _, ...own } = valuesOf(dir, d.name);
        return leafPaths(own).map((k) => [d.alias, ...k]);
      }),
    ]).filter((at) => at.length).map((at) => ({ chart, at }));
  });
}

/** --set reads "," as the next value, "{...}" as a list and "\\" as an escape: a string is passed as written. */
const escape = (s: string) => s.replace(/[\\,{}]/g, (c) => `\\${c}`);
const setKey = (at: Keys) => at.map((k, i) => (typeof k === 'number' ? `[${k}]` : `${i ? '.' : ''}${k.replace(/[.\\,=[]/g, (c) => `\\${c}`)}`)).join('');

const values: Record<'strings' | 'typed' | 'removal', fc.Arbitrary<[flag: string, value: string]>> = {
  strings: replacements.strings.map((v) => ['--set-string', escape(v)]),
  typed: fc.oneof(
    fc.integer({ min: -1_000_000, max: -1 }).map(String),
    fc.constantFrom('0', '0.5', '1e21', '2147483648', '9223372036854775807', 'true', 'false', '{a,b}', '{}', '[]', '{0}'),
    fc.string({ maxLength: 10 }).map(escape),
  ).map((v) => ['--set', v]),
  removal: fc.constant(['--set', 'null']),
};

/** Partners of a cross-field check: lowering a limit is reported at its request, raising a minimum at it. */
const partners = (path: string) => [path, path.replace(/\.limits\./, '.requests.'), path.replace(/maxReplicaCount$/, 'minReplicaCount')];

/** The object a path's last key belongs to ("a.b[1].c" -> "a.b[1]"). */
const holder = (path: string) => path.replace(/\.[^.[\]]+$/, '');

/** The list elements a path goes through ("a[0].b[2].c" -> ["a[0]", "a[0].b[2]"]). */
const elements = (path: string) => [...path.matchAll(/\]/g)].map((m) => path.slice(0, m.index + 1));

/**
 * The refusal names the changed path, an object holding it (a type refused as a whole), a part of it, or its
 * partner. `--set list[1].key=v` makes Helm rebuild the list with only that key in element 1 (every list on the
 * path: `a[0].b[0]=v` rebuilds a[0] too), so the schema refuses that element for a sibling key it now lacks: a
 * list element the change rebuilt counts as named.
 */
function namesPath(stderr: string, chart: string, path: string): boolean {
  const reported = reportedPaths(stderr, chart);
  const rebuilt = elements(path);
  return reported.some((r) => partners(path).some((p) => r === p || p.startsWith(`${r}.`) || p.startsWith(`${r}[`) || r.startsWith(`${p}.`) || r.startsWith(`${p}[`))
    || rebuilt.includes(holder(r)))
    || stderr.includes(`${path}=`); // "set global.capabilities.x=true or ...": the rule the change broke
}

const CRASH = /nil pointer evaluating|error calling |wrong type for value|can't evaluate field|YAML parse error|error converting YAML|cannot unmarshal|index out of range/;
const REFUSAL = /don't meet the specifications of the schema|break the chart's rules|chart dependencies processing failed: type mismatch on/;

/** What one Helm did with the change, as a failure message (or nothing when it is fine). */
function judge(helm: Helm, chart: string, shown: string, r: { exitCode: number; stdout: string; stderr: string }, path: string): string | undefined {
  const say = (what: string) => `${helm.name}: ${what}: ${shown}\n${r.stderr}`;
  if (CRASH.test(r.stderr)) return say('a template crash');
  if (r.exitCode === 0) {
    const problems = manifestTypeProblems(r.stdout);
    if (problems.length) return say(`rendered, but not as Kubernetes reads it:\n${problems.join('\n')}`);
    counts.rendered++;
    return undefined;
  }
  if (!REFUSAL.test(r.stderr)) return say('not a refusal by the schema or the guard');
  if (!namesPath(r.stderr, chart, path)) return say(`the refusal does not name ${path}`);
  counts.refused++;
  return undefined;
}

describe('(c) helm template (Helm 3 and 4) of a fresh chart with one value changed', () => {
  it.each(Object.entries(RUNS))('by --set %s (%i runs): renders readable manifests or names the path, never crashes', async (kind, numRuns) => {
    const mutation = fc.record({ target: fc.constantFrom(...targets(dirs.get(HELMS[0]!)!, kind === 'removal')), value: values[kind as keyof typeof values] });
    await fc.assert(
      fc.asyncProperty(mutation, async ({ target: { chart, at }, value: [flag, v] }) => {
        counts.mutations++;
        const set = `${setKey(at)}=${v}`;
        const shown = `helm template core charts/${chart} ${flag} '${set}'`;
        const results = await Promise.all(HELMS.map((helm) => helmRun(helm, ['template', 'core', join(dirs.get(helm)!, chart), flag, set])));
        const failures = HELMS.map((helm, i) => judge(helm, chart, shown, results[i]!, dotted(at))).filter(Boolean);
        expect(failures).toEqual([]);
      }),
      { seed: SEED, numRuns, endOnFailure: true },
    );
  });
});
