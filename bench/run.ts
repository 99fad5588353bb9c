// npm run bench: generation at several scales, side by side with cdk8s, readme-generator, helm and the
// bare-Node floor; environments; workspaces (generation, helm template of the suite's ApplicationSet and of one
// workspace's Application). Writes bench/results.md and prints a summary. No timed assertions: figures only.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { HELM_ENV, prepareHelmInput, prepareReadmeInput, readJson, TEMPLATE_ARGS, type HelmInput } from './lib/inputs.ts';
import { median, run, type Run } from './lib/measure.ts';
import { ROOT, TMP, prepareEnvironmentScenarios, prepareScenarios, prepareWorkspaceScenarios, type Scenario } from './lib/platforms.ts';
import { report, type EnvResult, type Result } from './lib/report.ts';
import type { WorkspaceResult } from './lib/reportWorkspaces.ts';
import { listElementBytes, prepareWorkspaceInput } from './lib/workspaces.ts';

/** A comma-separated list of counts from the environment; set but empty skips that dimension. */
function counts(name: string, fallback: string): number[] {
  const raw = process.env[name] ?? fallback;
  const xs = raw.split(',').map((x) => x.trim()).filter(Boolean).map(Number);
  if (xs.some((x) => !Number.isInteger(x) || x < 1)) throw new Error(`${name}: expected positive whole numbers separated by commas (or empty to skip), found ${JSON.stringify(raw)}`);
  return xs;
}
const SIZES = counts('BENCH_SIZES', '10,100,1000');
const ENVS = counts('BENCH_ENVS', '1,3,10');
const WORKSPACES = counts('BENCH_WORKSPACES', '10,100,1000');
const ENV_REPS = 7;
const WS_REPS = (n: number) => (n >= 1000 ? 5 : 7);
const REPS = (s: Scenario) => (s.instances >= 1000 ? 5 : 7);
const HELM_REPS = (s: Scenario) => (s.instances >= 1000 ? 3 : 7);
const README_TIMEOUT_S = Number(process.env.BENCH_README_TIMEOUT ?? 60);
const HELM_TIMEOUT_S = Number(process.env.BENCH_HELM_TIMEOUT ?? 120);
const node = process.execPath;
const tsx = ['--import', 'tsx'];
const helm = execFileSync(node, [join(ROOT, 'ci/tools.mjs'), 'path', 'helm3'], { encoding: 'utf8' }).trim();
const log = (s: string) => process.stderr.write(`${s}\n`);

function versions() {
  const pkg = (name: string) => readJson(join(ROOT, 'node_modules', name, 'package.json')).version as string;
  return {
    node: process.version,
    helm: execFileSync(helm, ['version', '--short'], { encoding: 'utf8' }).trim(),
    cdk8s: pkg('cdk8s'), constructs: pkg('constructs'), readmeGenerator: pkg('@bitnami/readme-generator-for-helm'),
    esbuild: pkg('esbuild'), tsx: pkg('tsx'), zod: pkg('zod'), handlebars: pkg('handlebars'), yaml: pkg('yaml'),
  };
}

function machine() {
  const c = cpus();
  return { cores: c.length, cpu: c[0]?.model ?? 'unknown', memGiB: +(totalmem() / 2 ** 30).toFixed(1), kernel: readFileSync('/proc/version', 'utf8').split(' ').slice(0, 3).join(' ') };
}

/** Reads a child's BENCH data, or undefined when the run failed (recorded as a note). */
function tryRun(cmd: string, args: string[], cwd: string, env = {}): Run | { error: string } {
  try { return run(cmd, args, cwd, env); } catch (e) { return { error: (e as Error).message.split('\n').slice(0, 2).join(' ') }; }
}

function benchScenario(s: Scenario): Result {
  const reps = REPS(s);
  const dump = join(s.dir, 'filemap.json');
  log(`\n== ${s.name}: first generation (empty output folder), inputs for the other tools`);
  rmSync(join(s.dir, 'charts'), { recursive: true, force: true });
  const first = run(node, ['bench/child/ours.mjs', s.dir, '--dump', dump], ROOT);
  const d = readJson(dump);
  prepareReadmeInput(d, join(s.dir, 'readme'));
  const h: HelmInput = prepareHelmInput(helm, s.dir, TMP);
  log(`   ${first.data.files} files, ${h.count} objects rendered by helm${h.refused ? ` (${h.refused})` : ''}`);

  // Interleaved rounds: ours in-process, cdk8s, ours CLI, readme-generator, floor.
  const r: Record<string, Run[]> = { ours: [], cli: [], cdk8s: [], readme: [], floor: [] };
  let readmeNote = '';
  for (let i = 0; i < reps; i++) {
    log(`   round ${i + 1}/${reps}`);
    r.ours!.push(run(node, ['bench/child/ours.mjs', s.dir], ROOT));
    r.cdk8s!.push(run(node, ['bench/child/cdk8s.mjs', h.objects, join(s.dir, 'cdk8s-out')], ROOT));
    r.cli!.push(run(node, [join(ROOT, 'bin/appgear-charts.mjs'), 'generate', '--quiet'], s.dir));
    if (!readmeNote) {
      const t = tryRun('timeout', [String(README_TIMEOUT_S), node, 'bench/child/readme.mjs', join(s.dir, 'readme')], ROOT);
      if ('error' in t) readmeNote = `did not finish within ${README_TIMEOUT_S} s (stopped; not repeated)`;
      else r.readme!.push(t);
    }
    r.floor!.push(run(node, ['bench/child/floor.mjs', dump, join(s.dir, 'floor-out')], ROOT));
  }
  const stages = run(node, [...tsx, 'bench/child/stages.ts', s.dir], ROOT).data.stages as Record<string, number>;
  const warm = run(node, ['bench/child/ours.mjs', s.dir, '--warm', '5'], ROOT).data.warmMs as number[];

  // helm template: generated umbrella vs the static chart, alternately; then helm lint of the umbrella.
  log('   helm template / lint');
  const env = HELM_ENV(TMP);
  const hr: Record<string, Run[]> = { umbrella: [], noschema: [], shared: [], static: [], lint: [] };
  let umbrellaNote = h.refused ?? '';
  // Helm's own runs can be quadratic in aliases (see shareLibrary in lib/inputs.ts): each is stopped after
  // HELM_TIMEOUT_S and then not repeated, like readme-generator.
  const stopped = `did not finish within ${HELM_TIMEOUT_S} s (stopped; not repeated)`;
  const timed = (args: string[]) => tryRun('timeout', [String(HELM_TIMEOUT_S), helm, ...args], s.dir, env);
  for (let i = 0; i < HELM_REPS(s); i++) {
    if (!umbrellaNote) {
      const t = timed([...TEMPLATE_ARGS, h.umbrella]);
      if ('error' in t) umbrellaNote = stopped;
      else hr.umbrella!.push(t);
    } else if (h.refused) hr.noschema!.push(run(helm, [...TEMPLATE_ARGS, h.renderedFrom], s.dir, env));
    hr.shared!.push(run(helm, [...TEMPLATE_ARGS, h.sharedLibrary], s.dir, env));
    // The shared-library copy is only a fair stand-in if it renders exactly what the umbrella renders.
    if (i === 0 && hr.umbrella![0] && hr.umbrella![0].stdout !== hr.shared![0]!.stdout) {
      throw new Error(`${s.name}: the umbrella with sub-charts sharing its library rendered different objects than the umbrella`);
    }
    hr.static!.push(run(helm, [...TEMPLATE_ARGS, h.staticChart], s.dir, env));
  }
  const skipRun = umbrellaNote === stopped ? undefined : timed([...TEMPLATE_ARGS, '--skip-schema-validation', h.renderedFrom]);
  const skip = skipRun && !('error' in skipRun) ? skipRun : undefined;
  const lintRuns: Run[] = [];
  let lintNote = umbrellaNote === stopped ? 'not run (template did not finish)' : 'passed';
  for (let i = 0; i < 3 && lintNote === 'passed'; i++) {
    const t = timed(['lint', h.umbrella]);
    if ('error' in t) { lintNote = `failed or stopped: ${t.error.split(':').slice(-2).join(':').trim()}`; break; }
    lintRuns.push(t);
  }
  const wall = (xs: Run[]) => (xs.length ? median(xs.map((x) => x.wallMs)) : NaN);
  const rss = (xs: Run[]) => (xs.length ? Math.max(...xs.map((x) => x.rssKiB)) : NaN);
  const inproc = (xs: Run[], key = 'totalMs') => (xs.length ? median(xs.map((x) => x.data[key])) : NaN);
  return {
    name: s.name, instances: s.instances, reps, helmReps: HELM_REPS(s),
    files: first.data.files, bytes: first.data.bytes, objects: h.count,
    firstRun: { inprocMs: first.data.totalMs, renderMs: first.data.renderMs },
    ours: { inprocMs: inproc(r.ours!), renderMs: inproc(r.ours!, 'renderMs'), writeMs: inproc(r.ours!, 'writeMs'), importMs: inproc(r.ours!, 'importMs'), startMs: inproc(r.ours!, 'startMs'), wallMs: wall(r.ours!), rssKiB: rss(r.ours!), warmMs: median(warm) },
    cli: { wallMs: wall(r.cli!), rssKiB: rss(r.cli!), minMs: Math.min(...r.cli!.map((x) => x.wallMs)) },
    cdk8s: { inprocMs: inproc(r.cdk8s!), importMs: inproc(r.cdk8s!, 'importMs'), wallMs: wall(r.cdk8s!), rssKiB: rss(r.cdk8s!) },
    readme: { inprocMs: inproc(r.readme!), wallMs: wall(r.readme!), rssKiB: rss(r.readme!), runs: r.readme!.length, note: readmeNote },
    floor: { writeMs: inproc(r.floor!, 'writeMs'), readMs: inproc(r.floor!, 'readMs'), wallMs: wall(r.floor!), rssKiB: rss(r.floor!) },
    helm: {
      umbrellaMs: wall(hr.umbrella!), noschemaMs: wall(hr.noschema!), sharedMs: wall(hr.shared!), staticMs: wall(hr.static!), skipSchemaMs: skip?.wallMs ?? NaN,
      umbrellaNote, lintMs: wall(lintRuns), lintNote,
    },
    stages,
  };
}

/** Environments: generation only (the umbrella gains one values file per environment), ours and the CLI alternately. */
function benchEnvironments(s: Scenario): EnvResult {
  log(`\n== ${s.name}`);
  rmSync(join(s.dir, 'charts'), { recursive: true, force: true });
  const first = run(node, ['bench/child/ours.mjs', s.dir], ROOT);
  const ours: Run[] = [];
  const cli: Run[] = [];
  for (let i = 0; i < ENV_REPS; i++) {
    ours.push(run(node, ['bench/child/ours.mjs', s.dir], ROOT));
    cli.push(run(node, [join(ROOT, 'bin/appgear-charts.mjs'), 'generate', '--quiet'], s.dir));
  }
  return {
    name: s.name, environments: s.environments!, reps: ENV_REPS, files: first.data.files, bytes: first.data.bytes,
    inprocMs: median(ours.map((x) => x.data.totalMs)), cliMs: median(cli.map((x) => x.wallMs)), rssKiB: Math.max(...cli.map((x) => x.rssKiB)),
  };
}

/**
 * Workspaces: generation (ours and the CLI), the bootstrap's suite mode (the ApplicationSet with an element per
 * workspace) and one workspace's Application (the suite chart with its merged values) through `helm template`,
 * and the per-workspace values files of the design the product does not use, in interleaved rounds.
 */
function benchWorkspaces(s: Scenario): WorkspaceResult {
  const n = s.workspaces!;
  const reps = WS_REPS(n);
  log(`\n== ${s.name}`);
  rmSync(join(s.dir, 'charts'), { recursive: true, force: true });
  const first = run(node, ['bench/child/ours.mjs', s.dir], ROOT);
  const w = prepareWorkspaceInput(helm, s.dir, TMP);
  const env = HELM_ENV(TMP);
  const filesDir = join(s.dir, 'workspace-files');
  const r: Record<string, Run[]> = { ours: [], cli: [], suite: [], app: [], files: [] };
  let suiteNote = '';
  for (let i = 0; i < reps; i++) {
    log(`   round ${i + 1}/${reps}`);
    r.ours!.push(run(node, ['bench/child/ours.mjs', s.dir], ROOT));
    r.cli!.push(run(node, [join(ROOT, 'bin/appgear-charts.mjs'), 'generate', '--quiet'], s.dir));
    if (!suiteNote) {
      const t = tryRun('timeout', [String(HELM_TIMEOUT_S), helm, ...w.suiteArgs], s.dir, env);
      if ('error' in t) suiteNote = `did not finish within ${HELM_TIMEOUT_S} s or failed (stopped; not repeated): ${t.error}`;
      else r.suite!.push(t);
    }
    r.app!.push(run(helm, w.appArgs, s.dir, env));
    r.files!.push(run(node, ['bench/child/workspace-files.mjs', w.valuesFile, w.suite, filesDir], ROOT));
  }
  const suiteOut = r.suite![0]?.stdout ?? '';
  const appOut = r.app![0]!.stdout;
  const wall = (xs: Run[]) => (xs.length ? median(xs.map((x) => x.wallMs)) : NaN);
  return {
    name: s.name, workspaces: n, releases: w.releases, suite: w.suite, environment: w.environment, workspace: w.workspace, reps,
    files: first.data.files, bytes: first.data.bytes, valuesBytes: statSync(w.valuesFile).size,
    inprocMs: median(r.ours!.map((x) => x.data.totalMs)), cliMs: wall(r.cli!), rssKiB: Math.max(...r.cli!.map((x) => x.rssKiB)),
    suiteMode: { ms: wall(r.suite!), runs: r.suite!.length, bytes: Buffer.byteLength(suiteOut), elementBytes: suiteOut ? listElementBytes(suiteOut, w.releases) : NaN, note: suiteNote },
    app: { ms: wall(r.app!), bytes: Buffer.byteLength(appOut), objects: (appOut.match(/^kind: /gm) ?? []).length },
    valuesFiles: { files: r.files![0]!.data.files, bytes: r.files![0]!.data.bytes, writeMs: median(r.files!.map((x) => x.data.writeMs)), wallMs: wall(r.files!) },
  };
}

const t0 = Date.now();
// BENCH_REPORT_ONLY=1 re-renders the report from the last run's saved results.
const saved = join(TMP, 'results.json');
const results: Result[] = process.env.BENCH_REPORT_ONLY ? readJson(saved).results : SIZES.length ? prepareScenarios(SIZES).map(benchScenario) : [];
const envResults: EnvResult[] = process.env.BENCH_REPORT_ONLY ? readJson(saved).envResults : prepareEnvironmentScenarios(ENVS).map(benchEnvironments);
const wsResults: WorkspaceResult[] = process.env.BENCH_REPORT_ONLY ? readJson(saved).wsResults ?? [] : prepareWorkspaceScenarios(WORKSPACES).map(benchWorkspaces);
const seconds: number = process.env.BENCH_REPORT_ONLY ? readJson(saved).seconds : (Date.now() - t0) / 1000;
writeFileSync(saved, JSON.stringify({ results, envResults, wsResults, seconds }));
const { markdown, summary } = report(results, envResults, wsResults, machine(), versions(), seconds);
writeFileSync(join(ROOT, 'bench/results.md'), markdown);
console.log(summary);
console.log('\nFull figures: bench/results.md');
if (!existsSync(join(ROOT, 'bench/results.md'))) process.exitCode = 1;
