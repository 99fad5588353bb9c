// What an interrupted run leaves, recovered by the next one, state by state: killed while staging (the
// previous output is intact, staged files dropped), killed after the commit record (finished), killed
// while cleaning up (leftovers removed). The kill test does the same at random moments.
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { renderAll } from '../../generator/generate.ts';
import { type Journal, saveJournal } from '../../generator/write/journal.ts';
import { stagedPath } from '../../generator/write/outputPaths.ts';
import { planOutput } from '../../generator/write/planOutput.ts';
import { MINI_PLATFORM, cli, scratchRepo, snapshot } from '../helpers/workspace.ts';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** Output "out" generated from the reference, clean generations of both inputs, and the plan from A to B. */
async function interrupted() {
  const dir = scratchRepo();
  dirs.push(dir);
  mkdirSync(join(dir, 'values-b'));
  writeFileSync(join(dir, 'values-b/mini.ts'), MINI_PLATFORM);
  // Each output with its lock beside it (a lock outside the folder is published in the same journal).
  for (const [args, name] of [[[], 'now'], [[], 'clean-a'], [['--values', 'values-b'], 'clean-b']] as const) {
    const r = await cli(dir, 'generate', ...args, '--out', `${name}/charts`, '--lock', `${name}/Chart.lock`, '--quiet');
    expect(r.exitCode, r.stderr).toBe(0);
  }
  const { files } = await renderAll({ cwd: dir, valuesDir: 'values-b', outDir: 'now/charts', lockFile: 'now/Chart.lock' });
  const out = join(dir, 'now/charts');
  const plan = planOutput(new Map([...files].map(([p, body]) => [resolve(dir, p), body])), out, dir);
  const journal: Journal = { state: 'staging', pid: 999_999, write: plan.writes.map((w) => w.rel), remove: plan.removes.map((r) => r.rel) };
  const stage = (count: number) => {
    for (const w of plan.writes.slice(0, count)) {
      mkdirSync(dirname(stagedPath(out, w.rel)), { recursive: true });
      writeFileSync(stagedPath(out, w.rel), w.body);
    }
  };
  /** The output as a reader sees it: without the run's transient files. */
  const state = () => Object.fromEntries(Object.entries(snapshot(join(dir, 'now'))).filter(([p]) => !/(^|\/)\.appgear-charts-/.test(p)));
  return { dir, out, plan, journal, stage, state, now: () => snapshot(join(dir, 'now')), clean: (name: string) => snapshot(join(dir, name)) };
}

describe('recovery after an interrupted run', () => {
  it('stopped while staging: the previous output is intact; the next run drops the staged files and publishes', async () => {
    const t = await interrupted();
    expect(t.plan.writes.some((w) => w.rel === '../Chart.lock')).toBe(true);
    saveJournal(t.out, t.journal);
    t.stage(Math.floor(t.plan.writes.length / 2));
    expect(t.state()).toEqual(t.clean('clean-a'));
    expect(t.now()['.appgear-charts-stage-Chart.lock'] ?? t.now()['charts/.appgear-charts-journal']).toBeDefined();
    const r = await cli(t.dir, 'generate', '--values', 'values-b', '--out', 'now/charts', '--lock', 'now/Chart.lock');
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stderr.trim()).toMatch(/^appgear-charts: recovered now\/charts\/: an interrupted run \(pid 999999\) stopped before its commit point; removed its \d+ staged files, the previous output was intact$/);
    expect(t.now()).toEqual(t.clean('clean-b'));
  });

  it('stopped after the commit record, half-way through the renames: the next run finishes it', async () => {
    const t = await interrupted();
    t.stage(t.plan.writes.length);
    saveJournal(t.out, { ...t.journal, state: 'committed' });
    for (const r of t.plan.removes.slice(0, 5)) rmSync(r.abs);
    for (const w of t.plan.writes.slice(0, 3)) {
      mkdirSync(dirname(w.abs), { recursive: true });
      renameSync(stagedPath(t.out, w.rel), w.abs);
    }
    // --check reads the half-published output and says what will happen.
    const chk = await cli(t.dir, 'generate', '--check', '--values', 'values-b', '--out', 'now/charts', '--lock', 'now/Chart.lock');
    expect(chk.exitCode).toBe(1);
    expect(chk.stderr).toContain('appgear-charts: note: an interrupted run (pid 999999) left now/charts half-published; the next `generate` finishes or undoes it');
    // Run with the other input: recovery first completes the interrupted publication, then this run's own.
    const r = await cli(t.dir, 'generate', '--out', 'now/charts', '--lock', 'now/Chart.lock');
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stderr.trim()).toMatch(/^appgear-charts: recovered now\/charts\/: an interrupted run \(pid 999999\) had committed its output; finished publishing it \(\d+ files moved into place, \d+ removed\)$/);
    expect(t.now()).toEqual(t.clean('clean-a'));
  });

  it('stopped while writing its first intent record (only a partial temporary record): the leftovers go', async () => {
    const t = await interrupted();
    writeFileSync(join(t.out, '.appgear-charts-journal.tmp'), '{"state": "stag');
    const r = await cli(t.dir, 'generate', '--out', 'now/charts', '--lock', 'now/Chart.lock');
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stderr.trim()).toBe('appgear-charts: recovered now/charts/: removed the leftovers of an interrupted run; the output was complete');
    expect(t.now()).toEqual(t.clean('clean-a'));
  });
});
