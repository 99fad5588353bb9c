// One writer per output folder: a second run waits (saying for whom) and then runs, or fails clearly
// after --wait; a lock whose process is gone is taken over. Never a mix of two runs' files.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { MINI_PLATFORM, cli, scratchRepo, snapshot } from '../helpers/workspace.ts';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** A scratch repository with two very different inputs: values-a (the reference) and values-b (one Redis). */
function twoInputs(): string {
  const dir = scratchRepo();
  dirs.push(dir);
  mkdirSync(join(dir, 'values-b'));
  writeFileSync(join(dir, 'values-b/mini.ts'), MINI_PLATFORM);
  return dir;
}

/** A process that lives until killed, standing in for another run. */
function sleeper() {
  const child = spawn('sleep', ['60'], { stdio: 'ignore' });
  const gone = new Promise((r) => child.once('exit', r));
  return { pid: child.pid!, stop: async () => (child.kill('SIGKILL'), gone) };
}

const transient = (out: string) => (existsSync(out) ? readdirSync(out).filter((n) => n.startsWith('.appgear-charts-')) : []);

describe('concurrent runs on one output', () => {
  it('two runs at once, same input: both end well and the output equals a clean generation', async () => {
    const dir = twoInputs();
    const [a, b] = await Promise.all([cli(dir, 'generate', '--out', 'out'), cli(dir, 'generate', '--out', 'out')]);
    expect(a.exitCode, a.stderr).toBe(0);
    expect(b.exitCode, b.stderr).toBe(0);
    expect((await cli(dir, 'generate', '--out', 'clean', '--quiet')).exitCode).toBe(0);
    expect(snapshot(join(dir, 'out'))).toEqual(snapshot(join(dir, 'clean')));
  });

  it('two runs at once, different inputs: the output is one of them, whole', async () => {
    const dir = twoInputs();
    expect((await cli(dir, 'generate', '--out', 'clean-a', '--quiet')).exitCode).toBe(0);
    expect((await cli(dir, 'generate', '--values', 'values-b', '--out', 'clean-b', '--quiet')).exitCode).toBe(0);
    const refs = [snapshot(join(dir, 'clean-a')), snapshot(join(dir, 'clean-b'))];
    for (let i = 0; i < 3; i++) {
      const runs = await Promise.all([cli(dir, 'generate', '--out', 'out', '--quiet'), cli(dir, 'generate', '--values', 'values-b', '--out', 'out', '--quiet')]);
      for (const r of runs) {
        // A run that waited says so, once, naming the pid it waited for.
        expect(r.exitCode, r.stderr).toBe(0);
        expect(r.stderr).toMatch(/^(appgear-charts: waiting for pid \d+, which is writing out\/ \(up to 60 s\)\n?)?$/);
      }
      const now = snapshot(join(dir, 'out'));
      expect(refs.some((ref) => JSON.stringify(ref) === JSON.stringify(now)), 'the output is a clean generation of one input').toBe(true);
      expect(transient(join(dir, 'out'))).toEqual([]);
    }
  });

  it('waits for a live holder, then fails clearly after --wait; takes over the lock once its process is gone', async () => {
    const dir = twoInputs();
    expect((await cli(dir, 'generate', '--out', 'out', '--quiet')).exitCode).toBe(0);
    const before = snapshot(join(dir, 'out'));
    const other = sleeper();
    writeFileSync(join(dir, 'out/.appgear-charts-lock'), `${JSON.stringify({ pid: other.pid })}\n`);
    const busy = await cli(dir, 'generate', '--values', 'values-b', '--out', 'out', '--wait', '1');
    expect(busy.exitCode).toBe(2);
    expect(busy.stderr.trim().split('\n')).toEqual([
      `appgear-charts: waiting for pid ${other.pid}, which is writing out/ (up to 1 s)`,
      `appgear-charts: out/ is busy: pid ${other.pid} has been writing it for more than 1 s; run again when it is done (a stuck run: stop it, and the next run recovers)`,
    ]);
    const { '.appgear-charts-lock': lock, ...rest } = snapshot(join(dir, 'out'));
    expect(lock).toContain(String(other.pid));
    expect(rest).toEqual(before);
    // --check waits the same way (and writes nothing, not even a lock).
    const chk = await cli(dir, 'generate', '--check', '--out', 'out', '--wait', '1');
    expect(chk.exitCode).toBe(2);
    expect(chk.stderr).toContain(`out/ is busy: pid ${other.pid}`);

    await other.stop();
    const r = await cli(dir, 'generate', '--values', 'values-b', '--out', 'out');
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stderr.trim()).toBe(`appgear-charts: recovered out/: took over the lock of an interrupted run (pid ${other.pid}); nothing was half-written`);
    expect(transient(join(dir, 'out'))).toEqual([]);
  });

  it('a fresh lock from another host (a shared folder) is respected: its pid cannot be checked here', async () => {
    const dir = twoInputs();
    mkdirSync(join(dir, 'out'));
    writeFileSync(join(dir, 'out/.appgear-charts-lock'), `${JSON.stringify({ pid: 999_999, host: 'build-agent-7' })}\n`);
    const r = await cli(dir, 'generate', '--out', 'out', '--wait', '0.2');
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain('out/ is busy: pid 999999 on build-agent-7 has been writing it');
  });

  it('a lock whose pid was reused by another process (different start time) is stale', async () => {
    const dir = twoInputs();
    mkdirSync(join(dir, 'out'));
    writeFileSync(join(dir, 'out/.appgear-charts-lock'), `${JSON.stringify({ pid: process.pid, start: '1' })}\n`);
    const r = await cli(dir, 'generate', '--out', 'out', '--wait', '1');
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stderr).toContain(`took over the lock of an interrupted run (pid ${process.pid})`);
  });
});
