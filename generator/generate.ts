// The pipeline, one step per module: load -> resolve (zod) -> policy + models -> render -> write.
import { join } from 'node:path';
import { loadPlatforms, type ModuleImporter } from './load/loadPlatforms.ts';
import { buildChartSet, type ChartSet } from './model/buildChartSet.ts';
import { checkVersionBumps } from './policy/checkVersionBumps.ts';
import { saveTemplateCache, templateCacheName, useTemplateCache } from './render/compileTemplate.ts';
import { renderChartSet } from './render/renderChartSet.ts';
import type { FileMap } from './render/renderSubchart.ts';
import { ValuesError, type ValueProblem } from './validate/formatIssues.ts';
import { resolvePlatform, type ResolvedPlatform } from './validate/resolvePlatform.ts';
import { type Drift, diffFiles, writeFiles } from './write/writeFiles.ts';

export interface GenerateOptions {
  /** Folder of platform modules. @default "values-src" */
  valuesDir?: string;
  /** Folder the charts are written to. @default "charts" */
  outDir?: string;
  /** Repository root. @default process.cwd() */
  cwd?: string;
  /** How values modules are imported. @default the running TypeScript loader's import() */
  importModule?: ModuleImporter;
  /** Folder for caches that only save time (precompiled templates). @default none */
  cacheDir?: string;
}

export interface GenerateResult {
  set: ChartSet;
  files: FileMap;
  /** Kubernetes object kinds declared by the rendered templates (a static count, before values). */
  objects: number;
  bytes: number;
}

/** Loads and validates the platform modules into chart models; renders and writes nothing. */
export async function buildAll(opts: GenerateOptions = {}): Promise<ChartSet> {
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
  return buildChartSet(platforms);
}

/** Validates and renders everything in memory; writes nothing. */
export async function renderAll(opts: GenerateOptions = {}): Promise<GenerateResult> {
  const cwd = opts.cwd ?? process.cwd();
  const set = await buildAll(opts);
  if (opts.cacheDir) useTemplateCache(join(opts.cacheDir, templateCacheName()));
  const files = await renderChartSet(set, opts.outDir ?? 'charts', cwd);
  saveTemplateCache();
  const bumps = checkVersionBumps(set, files, opts.outDir ?? 'charts', cwd);
  if (bumps.length) throw new ValuesError(bumps);
  let objects = 0;
  let bytes = 0;
  for (const [path, body] of files) {
    bytes += Buffer.byteLength(body);
    if (/\/templates\/[^_][^/]*\.yaml$/.test(path)) objects += (body.match(/^kind: /gm) ?? []).length;
  }
  return { set, files, objects, bytes };
}

/** Renders and writes atomically. */
export async function generate(opts: GenerateOptions = {}): Promise<GenerateResult> {
  const result = await renderAll(opts);
  writeFiles(result.files, opts.cwd ?? process.cwd());
  return result;
}

/** Renders and compares with the disk; writes nothing. */
export async function check(opts: GenerateOptions = {}): Promise<GenerateResult & { drift: Drift }> {
  const result = await renderAll(opts);
  return { ...result, drift: diffFiles(result.files, opts.cwd ?? process.cwd()) };
}

/** The atomic writer generate() uses, for callers that render and write in separate steps (the benchmark). */
export { writeFiles };
