// The previous chart set: what was generated before (on disk), or released before (at a git ref; a registry
// comes with publishing). Checks that compare with a previous release (version bumps, upgrade diffs) read it
// through here, never through the disk or git on their own.
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { CONTENT_DIGEST } from '../render/renderChartYaml.ts';
import { gitListFiles, gitShow } from '../tools/git.ts';

/** What a check needs of a previous chart: its version and content digest, and its files when asked. */
export interface PreviousChart {
  name: string;
  version?: string;
  /** sha256 over the chart's files, from Chart.yaml's content-digest annotation. */
  digest?: string;
}

export type PreviousSource =
  | { kind: 'disk'; out: string }
  | { kind: 'git'; ref: string; cwd: string; out: string };

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

function safeList(dir: string): string[] {
  try {
    return readdirSync(dir, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name);
  } catch {
    return [];
  }
}
