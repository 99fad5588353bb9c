// Process runs with wall time and peak RSS (GNU time), medians and a least-squares line.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { TMP } from './platforms.ts';

export interface Run { wallMs: number; rssKiB: number; stdout: string; stderr: string; status: number | null; data?: any }

/** Runs a command once; `data` is the JSON of a child's last "BENCH {...}" stdout line, if any. */
export function run(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): Run {
  const dir = mkdtempSync(join(TMP, 'time-'));
  const out = join(dir, 'rss');
  const t0 = process.hrtime.bigint();
  const r = spawnSync('/usr/bin/time', ['-f', '%M', '-o', out, cmd, ...args], {
    cwd, env: { ...process.env, ...env }, encoding: 'utf8', maxBuffer: 1 << 30,
  });
  const wallMs = Number(process.hrtime.bigint() - t0) / 1e6;
  const rssKiB = Number(readFileSync(out, 'utf8').trim().split('\n').at(-1));
  rmSync(dir, { recursive: true, force: true });
  const line = r.stdout.split('\n').reverse().find((l) => l.startsWith('BENCH '));
  const res: Run = { wallMs, rssKiB, stdout: r.stdout, stderr: r.stderr, status: r.status, data: line ? JSON.parse(line.slice(6)) : undefined };
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} (in ${cwd}) exited ${r.status}:\n${r.stderr.slice(-2000)}`);
  return res;
}

export const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
export const max = (xs: number[]) => Math.max(...xs);

/** Least squares y = a + b x, with R² and the worst relative deviation of a point from the line. */
export function fit(xs: number[], ys: number[]) {
  const n = xs.length;
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  let sxy = 0, sxx = 0, syy = 0;
  for (let i = 0; i < n; i++) { sxy += (xs[i]! - mx) * (ys[i]! - my); sxx += (xs[i]! - mx) ** 2; syy += (ys[i]! - my) ** 2; }
  const slope = sxy / sxx;
  const intercept = my - slope * mx;
  const r2 = syy === 0 ? 1 : (sxy * sxy) / (sxx * syy);
  const worst = Math.max(...xs.map((x, i) => Math.abs(intercept + slope * x - ys[i]!) / ys[i]!));
  return { slope, intercept, r2, worst };
}

/** Segment slopes between consecutive sizes: linear when they agree within a factor of ~1.5. */
export function segmentSlopes(xs: number[], ys: number[]): number[] {
  return xs.slice(1).map((x, i) => (ys[i + 1]! - ys[i]!) / (x - xs[i]!));
}

export const ms = (v: number) => (v >= 10000 ? `${(v / 1000).toFixed(1)} s` : `${v.toFixed(0)} ms`);
export const mib = (kib: number) => `${(kib / 1024).toFixed(0)} MiB`;
export const size = (b: number) => (b >= 1 << 20 ? `${(b / (1 << 20)).toFixed(1)} MiB` : `${(b / 1024).toFixed(1)} KiB`);

/** a / b as "1.23x", or n/a when either is missing. */
export const ratio = (a: number, b: number) => (Number.isFinite(a) && Number.isFinite(b) ? `${(a / b).toFixed(2)}x` : 'n/a');
/** A duration, or n/a when missing. */
export const msOrNa = (v: number) => (Number.isFinite(v) ? ms(v) : 'n/a');
const row = (cells: (string | number)[]) => `| ${cells.join(' | ')} |`;
/** A Markdown table. */
export const table = (head: string[], rows: (string | number)[][]) => [row(head), row(head.map(() => '---')), ...rows.map(row)].join('\n');
