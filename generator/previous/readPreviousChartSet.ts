// The previous chart set: what was generated before (on disk), or released before (at a git ref, or in an OCI
// registry, read through Helm). Checks that compare with a previous release (version bumps, upgrade diffs) read it
// through here, never through the disk or git on their own.
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { untgz } from '../package/tarball.ts';
import { CONTENT_DIGEST } from '../render/renderChartYaml.ts';
import { gitListFiles, gitShow } from '../tools/git.ts';
import { findHelm, type HelmTool, pullChart, type RegistryOptions } from '../tools/helm.ts';

/** What a check needs of a previous chart: its version and content digest, and its files when asked. */
export interface PreviousChart {
  name: string;
  version?: string;
  /** sha256 over the chart's files, from Chart.yaml's content-digest annotation. */
  digest?: string;
}

export type PreviousSource =
  | { kind: 'disk'; out: string }
  | { kind: 'git'; ref: string; cwd: string; out: string }
  /**
   * A registry the charts are published to (oci://HOST/PATH): each chart's archive at `versions[name]`, or
   * the highest version Helm finds. A chart it does not hold has no version, as one never generated.
   */
  | { kind: 'oci'; url: string; versions?: Record<string, string>; helm?: HelmTool; registry?: RegistryOptions };

export interface PreviousChartSet {
  /** Where it was read from, for messages: "charts/ on disk", "charts/ at HEAD". */
  source: string;
  charts: Map<string, PreviousChart>;
  /** A chart's file by path relative to its folder, or undefined. */
  file(chart: string, path: string): Promise<string | undefined>;
}

const VERSION_LINE = /^version: ['"]?([^'"\s]+)/m;
const DIGEST_LINE = new RegExp(`^  ${CONTENT_DIGEST.replaceAll('.', '\\.')}: ['"]?(sha256:[0-9a-f]{64})`, 'm');

/** Version and digest of a Chart.yaml the generator wrote (read by line: a YAML parse cost ~40 ms a run). */
export function chartHead(name: string, text: string | undefined): PreviousChart {
  return { name, version: text ? VERSION_LINE.exec(text)?.[1] : undefined, digest: text ? DIGEST_LINE.exec(text)?.[1] : undefined };
}

function readOrUndefined(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

/** Reads only the charts named in `names` (the ones a check is about), so a large folder costs nothing extra. */
export async function readPreviousChartSet(from: PreviousSource, names?: string[]): Promise<PreviousChartSet> {
  if (from.kind === 'oci') return readFromRegistry(from, names);
  if (from.kind === 'disk') {
    const list = names ?? safeList(from.out);
    const file = async (chart: string, path: string) => readOrUndefined(join(from.out, chart, path));
    const charts = new Map(list.map((n) => [n, chartHead(n, readOrUndefined(join(from.out, n, 'Chart.yaml')))]));
    return { source: `${from.out} on disk`, charts, file };
  }
  const dir = relative(from.cwd, resolve(from.out));
  const file = (chart: string, path: string) => gitShow(from.cwd, from.ref, join(dir, chart, path));
  const list = names ?? [...new Set((await gitListFiles(from.cwd, from.ref, dir)).map((p) => relative(dir, p).split('/')[0]!))];
  const charts = new Map(await Promise.all(list.map(async (n) => [n, chartHead(n, await file(n, 'Chart.yaml'))] as const)));
  return { source: `${dir || '.'} at ${from.ref}`, charts, file };
}

/** Pulls each named chart once (a registry cannot be listed); its files are read from the archive. */
async function readFromRegistry(from: Extract<PreviousSource, { kind: 'oci' }>, names?: string[]): Promise<PreviousChartSet> {
  if (!names) throw new Error(`cannot list the charts of ${from.url}: a registry is read chart by chart; expected the names of the charts to compare`);
  const helm = from.helm ?? (await findHelm());
  const scratch = mkdtempSync(join(tmpdir(), 'appgear-previous-'));
  const archives = new Map<string, Map<string, Buffer>>();
  try {
    for (const [i, name] of names.entries()) {
      const path = await pullChart(helm, from.url, name, from.versions?.[name], join(scratch, String(i)), from.registry);
      if (path) archives.set(name, untgz(readFileSync(path)));
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  const file = async (chart: string, path: string) => archives.get(chart)?.get(`${chart}/${path}`)?.toString('utf8');
  const charts = new Map(await Promise.all(names.map(async (n) => [n, chartHead(n, await file(n, 'Chart.yaml'))] as const)));
  return { source: from.url, charts, file };
}

function safeList(dir: string): string[] {
  try {
    return readdirSync(dir, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name);
  } catch {
    return [];
  }
}
