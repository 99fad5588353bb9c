// Where an output's own bookkeeping lives, and how paths are named in it and shown to people.
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';

/** The record of the files the generator owns (committed with the output). */
export const MANIFEST = '.appgear-charts.json';
/** Transient files of a run in progress; none remains after a finished (or recovered) run. */
export const JOURNAL = '.appgear-charts-journal';
export const LOCK = '.appgear-charts-lock';
export const STAGE = '.appgear-charts-stage';
/** Prefix of every transient name, so one ignore pattern (`.appgear-charts-*`) covers them. */
export const TRANSIENT_PREFIX = '.appgear-charts-';

/** Where and how a run writes. */
export interface OutputTarget {
  /** Folder relative paths (keys of the file map, --out, --lock) are resolved against. */
  cwd: string;
  /** The output folder, relative to `cwd` or absolute. */
  outDir: string;
  /** Take over files at generated paths that the generator did not write. @default false */
  force?: boolean;
  /** How long to wait for another run writing the same output. @default 60000 */
  waitMs?: number;
  /** One-line notices (waiting, recovery). @default console.error */
  log?: (line: string) => void;
}

/** A path relative to the output folder, with "/" separators ("core-redis/values.yaml", "../Chart.lock"). */
export function outRelative(out: string, abs: string): string {
  return relative(out, abs).split(sep).join('/');
}

export const isOutside = (rel: string) => rel === '..' || rel.startsWith('../') || isAbsolute(rel);

/**
 * Where a changed file waits before the commit point. Inside the output: one staging folder there.
 * Outside it (a lock placed with --lock): beside the file, so its rename never crosses filesystems.
 */
export function stagedPath(out: string, rel: string): string {
  const abs = resolve(out, rel);
  return isOutside(rel) ? join(dirname(abs), `${TRANSIENT_PREFIX}stage-${basename(abs)}`) : join(out, STAGE, rel);
}

/** A path as people should read it: relative to where they ran the command when inside it. */
export function showPath(cwd: string, abs: string, folder = false): string {
  const rel = relative(cwd, abs);
  const shown = rel === '' ? '.' : rel.startsWith('..') || isAbsolute(rel) ? abs : rel;
  return folder && !shown.endsWith('/') ? `${shown}/` : shown;
}
