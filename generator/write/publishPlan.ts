// Publishes a plan all or nothing: intent record, staged files (flushed), commit record, then renames.
// A run stopped before the commit record leaves the output as it was; after it, the next run finishes it.
import { accessSync, constants, statSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { dirname } from 'node:path';
import { applyJournal, discardJournal, type Journal, saveJournal } from './journal.ts';
import { makeFolders } from './makeFolders.ts';
import { showPath, stagedPath } from './outputPaths.ts';
import type { OutputPlan, PlannedFile } from './planOutput.ts';
import { errorCode, fsFailure, WriteError } from './writeError.ts';

/** Staged files are flushed before the commit record, in parallel: one by one cost ~2 ms a file. */
const PARALLEL = 16;

async function stageFile(out: string, file: PlannedFile, made: Set<string>): Promise<void> {
  const staged = stagedPath(out, file.rel);
  if (!made.has(dirname(staged))) {
    makeFolders(dirname(staged));
    made.add(dirname(staged));
  }
  const fh = await open(staged, 'w');
  try {
    await fh.writeFile(file.body);
    await fh.datasync();
  } finally {
    await fh.close();
  }
}

function nearestExisting(dir: string): string {
  for (let d = dir; ; d = dirname(d)) {
    try {
      statSync(d);
      return d;
    } catch (err) {
      if (errorCode(err) !== 'ENOENT' || dirname(d) === d) throw err;
    }
  }
}

/**
 * Before the commit point, so the renames after it do not fail half-way: every folder that receives or
 * loses a file must be writable and on the output's filesystem (a rename cannot cross filesystems).
 */
function checkFolders(plan: OutputPlan, cwd: string): void {
  const device = statSync(plan.out).dev;
  for (const dir of new Set([...plan.writes, ...plan.removes].map((f) => dirname(f.abs)))) {
    const d = nearestExisting(dir);
    try {
      accessSync(d, constants.W_OK);
    } catch (err) {
      throw fsFailure(`write into ${showPath(cwd, d, true)}`, err);
    }
    if (d.startsWith(`${plan.out}/`) && statSync(d).dev !== device) {
      throw new WriteError(`cannot write into ${showPath(cwd, d, true)}: it is another filesystem mounted inside ${showPath(cwd, plan.out, true)}, and files cannot be moved onto it atomically; unmount it or choose another --out`);
    }
  }
}

export async function publishPlan(plan: OutputPlan, cwd: string): Promise<{ written: number; removed: number }> {
  const { out } = plan;
  const journal: Journal = { state: 'staging', pid: process.pid, write: plan.writes.map((w) => w.rel), remove: plan.removes.map((r) => r.rel) };
  checkFolders(plan, cwd);
  saveJournal(out, journal);
  const made = new Set<string>();
  const queue = [...plan.writes];
  let failed: unknown;
  // Workers stop at the first failure; all have settled before the staged files are dropped.
  await Promise.all(Array.from({ length: Math.min(PARALLEL, queue.length) }, async () => {
    for (let f = queue.shift(); f && failed === undefined; f = queue.shift()) {
      await stageFile(out, f, made).catch((err: unknown) => {
        failed ??= fsFailure(`write ${showPath(cwd, f!.abs)}`, err, 'nothing was changed');
      });
    }
  }));
  if (failed !== undefined) {
    discardJournal(out, journal);
    throw failed;
  }
  saveJournal(out, { ...journal, state: 'committed' }); // the commit point
  try {
    return applyJournal(out, journal);
  } catch (err) {
    throw fsFailure(`finish writing ${showPath(cwd, out, true)}`, err, 'fix that and run again: the next run completes this one (its journal is kept)');
  }
}
