// The pipeline, one step per folder, data flowing one way: load -> parse -> policy -> model -> render ->
// (version check against the previous chart set) -> write.
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { loadPlatforms, type ModuleImporter } from './load/loadPlatforms.ts';
import { buildChartSet, type ChartSet, type Repository } from './model/buildChartSet.ts';
import { checkPlatforms } from './policy/checkPolicies.ts';
import { checkVersionBumps } from './policy/checkVersionBumps.ts';
import { saveTemplateCache, templateCacheName, useTemplateCache } from './render/compileTemplate.ts';
import { renderChartSet } from './render/renderChartSet.ts';
import type { FileMap } from './render/renderSubchart.ts';
import { ValuesError, type ValueProblem } from './parse/formatIssues.ts';
import { resolvePlatform, type ResolvedPlatform } from './parse/resolvePlatform.ts';
import { WriteError } from './write/writeError.ts';
import { type Drift, diffFiles, type WriteReport, writeFiles } from './write/writeFiles.ts';

export interface GenerateOptions {
  /** Folder of platform modules. @default "values-src" */
  valuesDir?: string;
  /** Folder the charts are written to, relative to `cwd` or absolute. @default "charts" */
  outDir?: string;
  /** Where the chart-set lock goes, relative to `cwd` or absolute. @default "<outDir>/Chart.lock" */
  lockFile?: string;
  /** Repository root. @default process.cwd() */
  cwd?: string;
  /** How values modules are imported. @default the running TypeScript loader's import() */
  importModule?: ModuleImporter;
  /** Folder for caches that only save time (precompiled templates). @default none */
  cacheDir?: string;
  /** Take over files at generated paths that the generator did not write. @default false */
  force?: boolean;
  /** How long to wait for another run writing the same output folder. @default 60000 */
  waitMs?: number;
  /** One-line notices while writing (waiting, recovery). @default console.error */
  log?: (line: string) => void;
}

/** The output folder and lock as file-map keys: relative to `cwd` (as given absolute when given so). */
function outputKeys(opts: GenerateOptions, cwd: string): { outDir: string; lockFile: string } {
  const key = (p: string) => (isAbsolute(p) ? resolve(p) : relative(cwd, resolve(cwd, p)) || '.');
  const outDir = key(opts.outDir ?? 'charts');
  return { outDir, lockFile: opts.lockFile === undefined ? `${outDir}/Chart.lock` : key(opts.lockFile) };
}

/** The set lock must not land inside a chart: it would replace or join that chart's own files. */
function checkLockPlace(set: ChartSet, cwd: string, outDir: string, lockFile: string): void {
  const [first, ...rest] = relative(resolve(cwd, outDir), resolve(cwd, lockFile)).split(sep);
  const charts = new Set([...set.subcharts.map((c) => c.name), ...set.umbrellas.map((u) => u.name), ...set.bootstraps.map((b) => b.name)]);
  if (rest.length && charts.has(first!)) {
    throw new WriteError(`cannot put the chart-set lock at ${lockFile}: that is inside the chart ${first}; choose a path outside the charts with --lock`);
  }
}

export interface GenerateResult {
  set: ChartSet;
  files: FileMap;
  /** Kubernetes object kinds declared by the rendered templates (a static count, before values). */
  objects: number;
  bytes: number;
}

/** Loads and validates the platform modules (parse and policy); builds, renders and writes nothing. */
export async function resolveAll(opts: GenerateOptions): Promise<{ platforms: ResolvedPlatform[]; exceptions: string[] }> {
  const modules = await loadPlatforms(opts.valuesDir ?? 'values-src', opts.cwd ?? process.cwd(), opts.importModule);
  const platforms: ResolvedPlatform[] = [];
  const problems: ValueProblem[] = [];
  for (const m of modules) {
    try {
      platforms.push(resolvePlatform(m.file, m.value));
    } catch (err) {
      if (!(err instanceof ValuesError)) throw err;
      problems.push(...err.problems);
    }
  }
  if (problems.length) throw new ValuesError(problems);
  const policy = checkPlatforms(platforms);
  if (policy.problems.length) throw new ValuesError(policy.problems);
  return { platforms, exceptions: policy.exceptions };
}

/** Loads and validates the platform modules into chart models; renders and writes nothing. */
export async function buildAll(opts: GenerateOptions = {}): Promise<ChartSet> {
  const { platforms, exceptions } = await resolveAll(opts);
  return buildChartSet(platforms, { exceptions });
}

/** Validates and renders everything in memory; writes nothing. */
export async function renderAll(opts: GenerateOptions = {}): Promise<GenerateResult> {
  const cwd = opts.cwd ?? process.cwd();
  const set = await buildAll(opts);
  if (opts.cacheDir) useTemplateCache(join(opts.cacheDir, templateCacheName()));
  const { outDir, lockFile } = outputKeys(opts, cwd);
  checkLockPlace(set, cwd, outDir, lockFile);
  const files = await renderChartSet(set, outDir, cwd, lockFile);
  saveTemplateCache();
  const bumps = await checkVersionBumps(set, files, outDir, cwd);
  if (bumps.length) throw new ValuesError(bumps);
  let objects = 0;
  let bytes = 0;
  for (const [path, body] of files) {
    bytes += Buffer.byteLength(body);
    // Kinds declared by templates (the library's shared objects included), before any values.
    if (/\/templates\/.+\.(yaml|tpl)$/.test(path)) objects += (body.match(/^kind: /gm) ?? []).length;
  }
  return { set, files, objects, bytes };
}

/**
 * The charts as they are packaged for `repository` (a registry, or file:// as in charts/), in memory. The
 * version check runs on the charts as generated (file://): a registry rendering differs from charts/ in every
 * dependency's repository, which is not a change of content that needs a new version.
 */
export async function renderForRepository(opts: GenerateOptions & { repository: Repository }): Promise<{ set: ChartSet; files: FileMap; outDir: string }> {
  const cwd = opts.cwd ?? process.cwd();
  const { platforms, exceptions } = await resolveAll(opts);
  const { outDir } = outputKeys(opts, cwd);
  if (opts.cacheDir) useTemplateCache(join(opts.cacheDir, templateCacheName()));
  const local = buildChartSet(platforms, { exceptions });
  const localFiles = await renderChartSet(local, outDir, cwd);
  const bumps = await checkVersionBumps(local, localFiles, outDir, cwd);
  if (bumps.length) throw new ValuesError(bumps);
  if (opts.repository.kind === 'local') {
    saveTemplateCache();
    return { set: local, files: localFiles, outDir };
  }
  const set = buildChartSet(platforms, { exceptions, repository: opts.repository });
  const files = await renderChartSet(set, outDir, cwd);
  saveTemplateCache();
  return { set, files, outDir };
}

const target = (opts: GenerateOptions) => ({
  cwd: opts.cwd ?? process.cwd(),
  outDir: opts.outDir ?? 'charts',
  force: opts.force,
  waitMs: opts.waitMs,
  log: opts.log,
});

/** Renders and publishes atomically: only files the generator owns are created, replaced or removed. */
export async function generate(opts: GenerateOptions = {}): Promise<GenerateResult & { written: WriteReport }> {
  const result = await renderAll(opts);
  return { ...result, written: await writeFiles(result.files, target(opts)) };
}

/** Renders and compares with the disk; writes nothing. */
export async function check(opts: GenerateOptions = {}): Promise<GenerateResult & { drift: Drift }> {
  const result = await renderAll(opts);
  return { ...result, drift: await diffFiles(result.files, target(opts)) };
}

/** The writer generate() uses, for callers that render and write in separate steps (the benchmark). */
export { writeFiles };
export type { OutputTarget } from './write/writeFiles.ts';
