// The only module that writes: all files into a temporary tree, then one swap per output root,
// so a failed or interrupted run never leaves half-written charts.
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';

import type { FileMap } from '../render/renderSubchart.ts';

export interface Drift { changed: string[]; added: string[]; removed: string[] }

/** Top-level roots a file map owns: "charts" for charts/..., "Chart.lock" for the root lock. */
function roots(files: FileMap): string[] {
  return [...new Set([...files.keys()].map((p) => p.split('/')[0]!))].sort();
}

function listFiles(dir: string, base = dir): string[] {
  if (!existsSync(dir)) return [];
  if (statSync(dir).isFile()) return [relative(dirname(base), dir)];
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    return e.isDirectory() ? listFiles(p, base) : [join(relative(dirname(base), dir), e.name)];
  });
}

/** What differs between the file map and the disk under `cwd` (nothing is written). */
export function diffFiles(files: FileMap, cwd: string): Drift {
  const drift: Drift = { changed: [], added: [], removed: [] };
  const onDisk = new Set(roots(files).flatMap((r) => listFiles(join(cwd, r))));
  for (const [p, body] of files) {
    if (!onDisk.has(p)) drift.added.push(p);
    else if (readFileSync(join(cwd, p), 'utf8') !== body) drift.changed.push(p);
    onDisk.delete(p);
  }
  drift.removed = [...onDisk].sort();
  return drift;
}

/** Writes the file map under `cwd`, replacing each root it owns as a whole. */
export function writeFiles(files: FileMap, cwd: string): void {
  const stage = join(cwd, `.charts.stage-${process.pid}`);
  rmSync(stage, { recursive: true, force: true });
  const made = new Set<string>();
  try {
    for (const [p, body] of files) {
      const target = join(stage, p);
      const dir = dirname(target);
      if (!made.has(dir)) {
        mkdirSync(dir, { recursive: true });
        made.add(dir);
      }
      writeFileSync(target, body);
    }
    for (const root of roots(files)) {
      const live = join(cwd, root);
      const old = join(cwd, `.charts.old-${process.pid}-${root}`);
      if (existsSync(live)) renameSync(live, old);
      try {
        renameSync(join(stage, root), live);
      } catch (err) {
        if (existsSync(old)) renameSync(old, live);
        throw err;
      }
      rmSync(old, { recursive: true, force: true });
    }
  } finally {
    rmSync(stage, { recursive: true, force: true });
  }
}
