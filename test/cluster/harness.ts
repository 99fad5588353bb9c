// Helpers for the install tests on the local control plane (npm run cluster:up): kubectl and Helm against
// that cluster, Pod Security namespaces, the credentials Secrets charts expect, and charts from `main`.
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { parse, parseAllDocuments } from 'yaml';
import { KUBECONFIG, clusterTools } from '../../ci/cluster/api.mjs';
import { CHARTS, REPO, scratchCharts as scratchWith } from '../helpers/helm.ts';

export { CHARTS, REPO, chartNames, scenarioFiles as scenarios } from '../helpers/helm.ts';
export const TMP = join(REPO, 'test/.tmp');
export const tools = clusterTools();
/** Label on every namespace the tests create, so a later run can remove leftovers of a killed one. */
export const TEST_LABEL = 'appgear.io/cluster-test';
const RUN = randomBytes(2).toString('hex');

export interface Result { exitCode: number; stdout: string; stderr: string; all: string }

async function run(bin: string, args: string[], input?: string): Promise<Result> {
  const r = await execa(bin, args, { reject: false, all: true, env: { KUBECONFIG }, ...(input === undefined ? {} : { input }) });
  return { exitCode: r.exitCode ?? -1, stdout: String(r.stdout), stderr: String(r.stderr), all: String(r.all) };
}

export const kubectl = (args: string[], input?: string) => run(tools.kubectl, ['--kubeconfig', KUBECONFIG, ...args], input);
export const helm = (args: string[]) => run(tools.helm, args);

/**
 * kubectl with `namespace` as the default for objects that name none. Unlike --namespace, this also
 * accepts objects that name another namespace (e.g. Argo CD Applications in "argocd").
 */
export async function kubectlIn(namespace: string, args: string[], input?: string): Promise<Result> {
  mkdirSync(TMP, { recursive: true });
  const dir = mkdtempSync(join(TMP, 'kubeconfig-'));
  const config = join(dir, 'config');
  try {
    cpSync(KUBECONFIG, config);
    await must(run(tools.kubectl, ['--kubeconfig', config, 'config', 'set-context', '--current', '--namespace', namespace]), 'kubectl config set-context');
    return await run(tools.kubectl, ['--kubeconfig', config, ...args], input);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Run and throw with the tool's own output on failure (so the test log shows the server's message). */
export async function must(p: Promise<Result>, what: string): Promise<Result> {
  const r = await p;
  if (r.exitCode !== 0) throw new Error(`${what} failed (exit ${r.exitCode}):\n${r.all}`);
  return r;
}

export const chartVersion = (dir: string): string => parse(readFileSync(join(dir, 'Chart.yaml'), 'utf8')).version;

/** A fresh namespace that enforces a Pod Security level; unique per run, so nothing is left to wait for. */
export async function freshNamespace(base: string, level = 'restricted'): Promise<string> {
  const name = `${base}`.slice(0, 57).replace(/-+$/, '') + `-${RUN}`;
  const ns = {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: {
      name,
      labels: {
        [TEST_LABEL]: 'true',
        'pod-security.kubernetes.io/enforce': level,
        'pod-security.kubernetes.io/enforce-version': 'latest',
        'pod-security.kubernetes.io/warn': level,
      },
    },
  };
  await must(kubectl(['create', '-f', '-'], JSON.stringify(ns)), `creating namespace ${name}`);
  return name;
}

export async function deleteNamespace(name: string) {
  await kubectl(['delete', 'namespace', name, '--wait=false', '--ignore-not-found']);
}

/** charts/ (or `from`) copied with the umbrella's file:// dependencies built, using the cluster's Helm. */
export const scratchCharts = (from = CHARTS) => scratchWith(tools.helm, from);

/** charts/ as committed on the main branch (origin/main when present), or undefined without one. */
export async function mainCharts(): Promise<string | undefined> {
  for (const ref of ['refs/remotes/origin/main', 'refs/heads/main']) {
    const ok = await execa('git', ['rev-parse', '--verify', '--quiet', ref], { cwd: REPO, reject: false });
    if (ok.exitCode !== 0) continue;
    const out = mkdtempSync(join(tmpdir(), 'appgear-main-'));
    // git archive reads objects only: no index or worktree change in the repository.
    await execa('sh', ['-c', `git archive ${ref} charts | tar -x -C ${out}`], { cwd: REPO });
    if (!existsSync(join(out, 'charts'))) return undefined;
    const dir = await scratchCharts(join(out, 'charts'));
    rmSync(out, { recursive: true, force: true });
    return dir;
  }
  return undefined;
}

type Obj = { kind?: string; metadata?: { name?: string }; spec?: any };

function podSpecs(o: Obj): any[] {
  const s = o.spec;
  if (!s) return [];
  if (o.kind === 'Pod') return [s];
  if (o.kind === 'CronJob') return [s.jobTemplate?.spec?.template?.spec].filter(Boolean);
  return [s.template?.spec].filter(Boolean);
}

/**
 * Secrets the rendered pods read but the chart does not create (credentials supplied by the operator
 * or by an ExternalSecret): name -> keys. The tests create them, as an operator would before install.
 */
export function referencedSecrets(manifest: string): Map<string, Set<string>> {
  const objs = parseAllDocuments(manifest).map((d) => d.toJS() as Obj).filter((o) => o && typeof o === 'object');
  const rendered = new Set(objs.filter((o) => o.kind === 'Secret').map((o) => o.metadata?.name));
  const want = new Map<string, Set<string>>();
  const add = (name: string | undefined, key?: string) => {
    if (!name || rendered.has(name)) return;
    if (!want.has(name)) want.set(name, new Set());
    if (key) want.get(name)!.add(key);
  };
  for (const spec of objs.flatMap(podSpecs)) {
    for (const c of [...(spec.containers ?? []), ...(spec.initContainers ?? [])]) {
      for (const e of c.env ?? []) add(e.valueFrom?.secretKeyRef?.name, e.valueFrom?.secretKeyRef?.key);
      for (const e of c.envFrom ?? []) add(e.secretRef?.name);
    }
    for (const v of spec.volumes ?? []) {
      const sources = [v.secret && { secret: { name: v.secret.secretName, items: v.secret.items } }, ...(v.projected?.sources ?? [])];
      for (const s of sources.filter((x) => x?.secret)) {
        add(s.secret.name);
        for (const it of s.secret.items ?? []) add(s.secret.name, it.key);
      }
    }
  }
  return want;
}

export async function createSecrets(namespace: string, secrets: Map<string, Set<string>>) {
  const items = [...secrets].map(([name, keys]) => ({
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name, namespace },
    stringData: Object.fromEntries([...(keys.size ? keys : ['value'])].map((k) => [k, randomBytes(12).toString('hex')])),
  }));
  if (items.length) await must(kubectl(['create', '-f', '-'], JSON.stringify({ apiVersion: 'v1', kind: 'List', items })), `creating Secrets in ${namespace}`);
  return items.map((i) => i.metadata.name);
}

/** Pods of a namespace that are not Running and Ready, and controller events that refused to create pods. */
export async function unhealthy(namespace: string): Promise<string[]> {
  const pods = JSON.parse((await must(kubectl(['get', 'pods', '-n', namespace, '-o', 'json']), 'listing pods')).stdout).items as any[];
  const bad = pods
    .filter((p) => p.status?.phase !== 'Succeeded')
    .filter((p) => p.status?.phase !== 'Running' || !(p.status?.conditions ?? []).some((c: any) => c.type === 'Ready' && c.status === 'True'))
    .map((p) => `pod ${p.metadata.name}: ${p.status?.phase}`);
  const events = JSON.parse((await must(kubectl(['get', 'events', '-n', namespace, '--field-selector', 'reason=FailedCreate', '-o', 'json']), 'listing events')).stdout).items as any[];
  return [...bad, ...events.map((e) => `${e.involvedObject.kind} ${e.involvedObject.name}: ${e.message}`)];
}

/** Shared between test files through a JSON file: the orchestrator prints it as the run's summary. */
export function recordSummary(part: string, data: unknown) {
  mkdirSync(TMP, { recursive: true });
  const file = join(TMP, 'cluster-summary.json');
  const all = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : {};
  all[part] = data;
  writeFileSync(file, JSON.stringify(all, null, 2));
}

/**
 * Poll `check` every `everyMs` until it returns a value; after `seconds`, fail with `what` and `explain()` (what
 * was last seen, the logs of the programs involved).
 */
export async function until<T>(what: string, seconds: number, check: () => Promise<T | undefined>, explain: () => Promise<string> | string, everyMs = 1000): Promise<T> {
  const deadline = Date.now() + seconds * 1000;
  for (;;) {
    const v = await check();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`${what}: not reached within ${seconds} s.\n${await explain()}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
