// The kill test: runs killed with SIGKILL at random moments, each followed by a normal run. After every
// pair the output equals a clean generation of that input, byte for byte (manifest included), with no
// staging folder, journal or lock left; right after each kill, the output is the previous one or the new
// one, never a mix (unless the commit record was written, in which case the next run finishes it).
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO } from '../helpers/helm.ts';
import { MINI_PLATFORM, cli, scratchRepo } from '../helpers/workspace.ts';

const PAIRS = 50;
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** Every file under `dir`, as bytes. `withTransient: false` drops what a reader ignores (.appgear-charts-*). */
function files(dir: string, withTransient = true): Record<string, Buffer> {
  const out: Record<string, Buffer> = {};
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (!withTransient && name.startsWith('.appgear-charts-')) continue;
      if (statSync(p).isDirectory()) walk(p);
      else out[relative(dir, p)] = readFileSync(p);
    }
  };
  walk(dir);
  return out;
}

const same = (a: Record<string, Buffer>, b: Record<string, Buffer>) =>
  Object.keys(a).length === Object.keys(b).length && Object.entries(a).every(([p, body]) => b[p]?.equals(body));

/** The CLI as the leader of its own process group, killed (with esbuild's process) after `delayMs`. */
function runKilled(cwd: string, args: string[], delayMs: number): Promise<{ finished: boolean }> {
  const child = spawn('node', [join(REPO, 'bin/appgear-charts.mjs'), ...args], { cwd, detached: true, stdio: 'ignore' });
  const timer = setTimeout(() => {
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      // already gone
    }
  }, delayMs);
  return new Promise((resolve) => child.on('exit', (code) => {
    clearTimeout(timer);
    resolve({ finished: code === 0 });
  }));
}

describe('kill test', () => {
  it(`${PAIRS} runs killed with SIGKILL at random moments, each followed by a normal run`, async () => {
    const t0 = performance.now();
    const dir = scratchRepo();
    dirs.push(dir);
    mkdirSync(join(dir, 'values-b'));
    writeFileSync(join(dir, 'values-b/mini.ts'), MINI_PLATFORM);
    const inputs = [
      { name: 'reference', args: ['--values', 'values-src'] },
      { name: 'small', args: ['--values', 'values-b'] },
    ].map((input, i) => ({ ...input, clean: `clean-${i}`, ms: 0, ref: {} as Record<string, Buffer> }));
    for (const input of inputs) {
      const r = await cli(dir, 'generate', ...input.args, '--out', input.clean, '--quiet');
      expect(r.exitCode, r.stderr).toBe(0);
      input.ref = files(join(dir, input.clean));
    }
    // A normal run of each input over the other's output, timed: kills are spread over that time (kept
    // current with the normal run of every pair).
    for (const input of [inputs[0]!, inputs[1]!, inputs[0]!]) {
      const start = performance.now();
      const r = await cli(dir, 'generate', ...input.args, '--out', 'out', '--quiet');
      expect(r.exitCode, r.stderr).toBe(0);
      input.ms = performance.now() - start;
    }
    const out = join(dir, 'out');
    const count = { beforeLock: 0, beforeCommit: 0, afterCommit: 0, lockOnly: 0, finished: 0 };
    let previous = inputs[0]!;
    for (let i = 0; i < PAIRS; i++) {
      const input = inputs[(i + 1) % 2]!;
      // Half the kills anywhere in the run, half in its last 40% (where it publishes), a little past its end.
      const delay = input.ms * (i % 4 < 2 ? Math.random() * 1.1 : 0.7 + Math.random() * 0.4);
      const { finished } = await runKilled(dir, ['generate', ...input.args, '--out', 'out', '--quiet'], delay);
      const journalPath = join(out, '.appgear-charts-journal');
      const state = existsSync(journalPath) ? (JSON.parse(readFileSync(journalPath, 'utf8')) as { state: string }).state : undefined;
      const locked = existsSync(join(out, '.appgear-charts-lock')) || existsSync(`${journalPath}.tmp`);
      // Never a mix: before the commit record the previous output is whole; a finished run's output is whole.
      if (state !== 'committed') {
        const seen = files(out, false);
        expect(same(seen, previous.ref) || same(seen, input.ref), `pair ${i}: after a kill at ${delay.toFixed(0)} ms (journal: ${state ?? 'none'}), the output is a clean generation of one input`).toBe(true);
      }
      const started = performance.now();
      const next = await cli(dir, 'generate', ...input.args, '--out', 'out', '--quiet');
      expect(next.exitCode, next.stderr).toBe(0);
      input.ms = (input.ms + performance.now() - started) / 2; // follows the machine's load
      if (finished) count.finished++;
      else if (state === 'committed') {
        count.afterCommit++;
        expect(next.stderr).toMatch(/had committed its output; finished publishing it/);
      } else if (state === 'staging') {
        count.beforeCommit++;
        expect(next.stderr).toMatch(/stopped before its commit point; removed its \d+ staged files, the previous output was intact/);
      } else if (locked) {
        count.lockOnly++;
        expect(next.stderr).toMatch(/recovered out\/: (took over the lock|removed the leftovers)/);
      } else {
        count.beforeLock++;
        expect(next.stderr).toBe('');
      }
      expect(same(files(out), input.ref), `pair ${i}: the output equals a clean generation of the ${input.name} input, with nothing else in it`).toBe(true);
      expect(readdirSync(dir).filter((n) => n.startsWith('.appgear-charts'))).toEqual([]);
      previous = input;
    }
    const s = ((performance.now() - t0) / 1000).toFixed(0);
    console.log(`kill test: ${PAIRS} pairs: ${count.beforeLock} killed before writing began (loading, rendering), ${count.beforeCommit} before the commit point (staged files dropped), ${count.afterCommit} after it (rolled forward), ${count.lockOnly} holding only the lock (nothing half-written), ${count.finished} finished before the kill; normal runs about ${inputs.map((x) => `${x.name} ${x.ms.toFixed(0)} ms`).join(', ')}; ${s} s`);
    expect(count.beforeCommit + count.afterCommit + count.lockOnly).toBeGreaterThan(0);
  }, 400_000);
});
