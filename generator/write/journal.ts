// The intent record of a publication, <out>/.appgear-charts-journal. "staging": changed files are being
// written to their staging places, the output is untouched. "committed": every staged file is complete;
// the renames and removals it lists may be (re)applied in any number of attempts until done.
import { closeSync, fsyncSync, openSync, renameSync, rmdirSync, rmSync, writeSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { makeFolders } from './makeFolders.ts';
import { JOURNAL, STAGE, isOutside, showPath, stagedPath } from './outputPaths.ts';
import { errorCode, readIfPresent, WriteError } from './writeError.ts';

export interface Journal {
  state: 'staging' | 'committed';
  /** The run that wrote it (for messages). */
  pid: number;
  /** Paths relative to the output folder, renamed from their staging place in this order (manifest last). */
  write: string[];
  /** Owned files no longer generated, removed before the renames. */
  remove: string[];
}

/** Written to a temporary name, flushed, then renamed: a reader sees the old record or the new one, whole. */
export function saveJournal(out: string, journal: Journal): void {
  const path = join(out, JOURNAL);
  const tmp = `${path}.tmp`;
  const fd = openSync(tmp, 'w');
  try {
    writeSync(fd, `${JSON.stringify(journal, null, 1)}\n`);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, path);
  syncFolder(out);
}

/** Flushes a folder's entries (a rename is durable only once its folder is). Not every filesystem allows it. */
export function syncFolder(dir: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(dir, 'r');
    fsyncSync(fd);
  } catch {
    // e.g. EINVAL on filesystems without directory fsync: the rename itself is still atomic
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

export function readJournal(out: string, cwd: string): Journal | undefined {
  const path = join(out, JOURNAL);
  const text = readIfPresent(path, showPath(cwd, path));
  if (text === undefined) return undefined;
  try {
    const j = JSON.parse(text) as Journal;
    if ((j.state === 'staging' || j.state === 'committed') && Array.isArray(j.write) && Array.isArray(j.remove)) return j;
  } catch {
    // reported below
  }
  throw new WriteError(`cannot recover ${showPath(cwd, out, true)}: ${showPath(cwd, path)} is not a journal this generator wrote; if no run is writing here, delete it together with ${STAGE}/ and run again`);
}

/** Removes the journal and its temporary, then the staging folder (left empty by the renames, or discarded). */
export function endJournal(out: string): void {
  rmSync(join(out, STAGE), { recursive: true, force: true });
  rmSync(join(out, `${JOURNAL}.tmp`), { force: true });
  rmSync(join(out, JOURNAL), { force: true });
}

/** Before the commit point: the output was never touched, so dropping the staged files restores it. */
export function discardJournal(out: string, journal: Journal): void {
  for (const rel of journal.write) if (isOutside(rel)) rmSync(stagedPath(out, rel), { force: true });
  endJournal(out);
}

/**
 * After the commit point: removals, then renames from the staging places. Idempotent: a staged file
 * that is gone was renamed by an earlier attempt. Returns how many files it wrote and removed.
 */
export function applyJournal(out: string, journal: Journal): { written: number; removed: number } {
  let removed = 0;
  for (const rel of journal.remove) {
    const abs = resolve(out, rel);
    try {
      rmSync(abs);
      removed++;
    } catch (err) {
      if (errorCode(err) !== 'ENOENT') throw err;
    }
    if (!isOutside(rel)) pruneEmptyFolders(dirname(abs), out);
  }
  let written = 0;
  const made = new Set<string>();
  for (const rel of journal.write) {
    const abs = resolve(out, rel);
    if (!made.has(dirname(abs))) {
      makeFolders(dirname(abs));
      made.add(dirname(abs));
    }
    try {
      renameSync(stagedPath(out, rel), abs);
      written++;
    } catch (err) {
      if (errorCode(err) !== 'ENOENT') throw err;
    }
  }
  endJournal(out);
  return { written, removed };
}

/** Folders emptied by removals go too, up to the output folder; a folder holding anything else stays. */
function pruneEmptyFolders(dir: string, out: string): void {
  for (let d = dir; d !== out && d.startsWith(`${out}/`); d = dirname(d)) {
    try {
      rmdirSync(d);
    } catch {
      return; // not empty (or already gone): everything above holds it
    }
  }
}
