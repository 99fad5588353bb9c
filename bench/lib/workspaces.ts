// Inputs of the workspaces dimension, made before timing: dependency-built copies of the bootstrap and the suite
// chart, the suite-mode arguments a suite Application gives the bootstrap, and one workspace's merged values.
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { deepMerge } from '../../generator/parse/resolvePlatform.ts';
import { HELM_ENV } from './inputs.ts';
import { run } from './measure.ts';

const BOOTSTRAP = 'appgear-bootstrap';
/** Where a list environment has no cluster to name (a cluster generator): Argo CD's own. */
const IN_CLUSTER = { name: 'in-cluster', server: 'https://kubernetes.default.svc' };

interface BootstrapValues {
  suites: Record<string, { chart: string; values: Record<string, unknown> }>;
  environments: Record<string, { global: Record<string, unknown>; generator?: { kind: string; clusters?: { name: string; server: string }[] } }>;
  workspaces: { id: string; tenant: string; releases: Record<string, Record<string, unknown>> }[];
}

export interface WorkspaceInput {
  suite: string; environment: string;
  /** `helm template` arguments of the bootstrap in suite mode (one ApplicationSet, an element per workspace). */
  suiteArgs: string[];
  /** `helm template` arguments of one workspace's Application: the suite chart with its merged values. */
  appArgs: string[];
  /** The workspace those are for, and how many workspaces have a release of the suite. */
  workspace: string; releases: number;
  /** The bootstrap's values.yaml, as generated. */
  valuesFile: string;
}

/** Copies charts/, builds the bootstrap's and the suite chart's dependencies, writes the workspace's values. */
export function prepareWorkspaceInput(helm: string, scenarioDir: string, tmp: string): WorkspaceInput {
  const base = join(scenarioDir, 'helm');
  rmSync(base, { recursive: true, force: true });
  mkdirSync(base, { recursive: true });
  cpSync(join(scenarioDir, 'charts'), join(base, 'charts'), { recursive: true });
  const valuesFile = join(scenarioDir, 'charts', BOOTSTRAP, 'values.yaml');
  const b = parse(readFileSync(valuesFile, 'utf8')) as BootstrapValues;
  const [suite, s] = Object.entries(b.suites ?? {})[0] ?? [];
  if (!suite || !s) throw new Error(`${valuesFile}: expected a suite under "suites" (the platform's suites), found none`);
  const [environment, e] = Object.entries(b.environments)[0]!;
  const cluster = e.generator?.kind === 'list' && e.generator.clusters?.[0] ? e.generator.clusters[0] : IN_CLUSTER;
  const withRelease = b.workspaces.filter((w) => w.releases[suite]);
  const w = withRelease[0];
  if (!w) throw new Error(`${valuesFile}: expected workspaces with a release of suite ${suite}, found none`);
  const env = HELM_ENV(tmp);
  const bootstrap = join(base, 'charts', BOOTSTRAP);
  const chart = join(base, 'charts', s.chart);
  run(helm, ['dependency', 'build', bootstrap], base, env);
  run(helm, ['dependency', 'build', chart], base, env);
  // As the workspaces ApplicationSet's templatePatch merges them: the suite's, the environment's global, the workspace's.
  const merged = deepMerge(deepMerge(structuredClone(s.values), { global: e.global }), w.releases[suite]);
  const appValues = join(base, `workspace-${w.id}.json`);
  writeFileSync(appValues, JSON.stringify(merged));
  const set = `render.suite=${suite},render.environment=${environment},render.cluster.name=${cluster.name},render.cluster.server=${cluster.server}`;
  return {
    suite, environment, workspace: w.id, releases: withRelease.length, valuesFile,
    suiteArgs: ['template', `suite-${suite}`, bootstrap, '--namespace', 'argocd', '--set', set],
    appArgs: ['template', suite, chart, '--namespace', `ws-${w.id}-${suite}`, '-f', appValues],
  };
}

/**
 * The bytes of the list generator's elements as rendered into the ApplicationSet (the lines from `elements:` to
 * `template:`), after checking it has one element per workspace.
 */
export function listElementBytes(rendered: string, expected: number): number {
  const docs = parseAllDocuments(rendered).map((d) => d.toJS()).filter(Boolean);
  const sets = docs.filter((d) => d.kind === 'ApplicationSet');
  const elements = sets[0]?.spec?.generators?.[0]?.list?.elements;
  if (sets.length !== 1 || elements?.length !== expected) {
    throw new Error(`suite mode rendered ${sets.length} ApplicationSet(s) with ${elements?.length ?? 0} list elements; expected 1 with ${expected} (one per workspace)`);
  }
  const lines = rendered.split('\n');
  const from = lines.findIndex((l) => /^\s+elements:$/.test(l));
  const to = lines.findIndex((l, i) => i > from && /^ {2}template:$/.test(l));
  if (from < 0 || to < 0) throw new Error('suite mode: expected the list generator\'s "elements:" before the ApplicationSet\'s "template:"');
  return Buffer.byteLength(lines.slice(from + 1, to).join('\n'));
}
