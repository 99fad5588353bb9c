// Where the output may live: absolute, on another filesystem, not there yet, outside any git repository;
// and where it may not (a file, a read-only folder): one line on stderr, exit 2, nothing changed.
import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO } from '../helpers/helm.ts';
import { cli, cliWith, scratchRepo, snapshot } from '../helpers/workspace.ts';

const cleanup: (() => void)[] = [];
afterAll(() => cleanup.reverse().forEach((f) => f()));
const repo = () => {
  const dir = scratchRepo();
  cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
};

/** One line, the tool's prefix, exit 2. */
function expectOneLineFailure(r: { exitCode: number; stderr: string }, text: string): void {
  expect(r.exitCode).toBe(2);
  const lines = r.stderr.trim().split('\n');
  expect(lines, r.stderr).toHaveLength(1);
  expect(lines[0]).toMatch(/^appgear-charts: /);
  expect(lines[0]).toContain(text);
  expect(r.stderr).not.toMatch(/\n\s+at /);
}

/** A folder on another filesystem than `dir`, or undefined (said in the test output). */
function otherFilesystem(dir: string): string | undefined {
  const dev = statSync(dir).dev;
  for (const candidate of ['/dev/shm', '/run', '/tmp', tmpdir()]) {
    try {
      if (statSync(candidate).dev !== dev) return mkdtempSync(join(candidate, 'appgear-out-'));
    } catch {
      // not there, or not writable
    }
  }
  return undefined;
}

/** Makes `dir` read-only even for root: a read-only bind mount, else the CLI as an unprivileged user. */
function readOnly(dir: string, repoDir: string): { how: string; env: Record<string, string>; command?: string[] } {
  if (process.getuid?.() !== 0) {
    chmodSync(dir, 0o555);
    cleanup.push(() => chmodSync(dir, 0o755));
    return { how: 'chmod 555', env: {} };
  }
  const bind = spawnSync('mount', ['--bind', dir, dir]);
  if (bind.status === 0) {
    cleanup.push(() => spawnSync('umount', [dir]));
    const ro = spawnSync('mount', ['-o', 'remount,bind,ro', dir]);
    if (ro.status === 0) return { how: 'read-only bind mount', env: {} };
  }
  const setpriv = spawnSync('setpriv', ['--version']);
  if (setpriv.status === 0) {
    chmodSync(repoDir, 0o755); // mkdtemp made it private; the unprivileged user must read the values
    chmodSync(dir, 0o555);
    const cache = mkdtempSync(join(tmpdir(), 'appgear-cache-nobody-'));
    chmodSync(cache, 0o777);
    cleanup.push(() => rmSync(cache, { recursive: true, force: true }));
    return { how: 'setpriv as nobody', env: { APPGEAR_CHARTS_CACHE_DIR: cache }, command: ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups', '--'] };
  }
  throw new Error(`cannot make ${dir} read-only for root here: mount --bind failed (${String(bind.stderr).trim()}) and setpriv is missing`);
}

describe('where the output lives', () => {
  it('an absolute --out on another filesystem than the working directory (and the lock on this one)', async () => {
    const dir = repo();
    const out = otherFilesystem(dir);
    if (!out) console.log(`note: no folder on another filesystem than ${dir}; tested an absolute --out on the same one`);
    const target = out ?? mkdtempSync(join(tmpdir(), 'appgear-out-'));
    cleanup.push(() => rmSync(target, { recursive: true, force: true }));
    if (out) console.log(`another filesystem: ${target} (device ${statSync(target).dev}) vs ${dir} (device ${statSync(dir).dev})`);
    const charts = join(target, 'charts');
    const r = await cli(dir, 'generate', '--out', charts, '--lock', 'sets/Chart.lock');
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`\n  ${charts}/: \\d+ files written, 0 removed, 0 unchanged`));
    expect(readFileSync(join(charts, 'core-redis/Chart.yaml'), 'utf8')).toContain('name: core-redis');
    const repository = relative(join(dir, 'sets'), join(charts, 'core-redis'));
    expect(readFileSync(join(dir, 'sets/Chart.lock'), 'utf8')).toContain(`repository: file://${repository}\n`);
    const files = JSON.parse(readFileSync(join(charts, '.appgear-charts.json'), 'utf8')).files as string[];
    expect(files.filter((f) => f.startsWith('..'))).toHaveLength(1);
    // Nothing changes on a second run; --check agrees; nothing else was left anywhere.
    const second = await cli(dir, 'generate', '--out', charts, '--lock', 'sets/Chart.lock');
    expect(second.stdout).toMatch(/: 0 files written, 0 removed, \d+ unchanged/);
    expect((await cli(dir, 'generate', '--check', '--out', charts, '--lock', 'sets/Chart.lock')).exitCode).toBe(0);
    expect(snapshot(join(dir, 'sets'))).toEqual({ 'Chart.lock': readFileSync(join(dir, 'sets/Chart.lock'), 'utf8') });
  });

  it('an --out that does not exist yet is created, parents included', async () => {
    const dir = repo();
    const r = await cli(dir, 'generate', '--out', 'a/b/c', '--quiet');
    expect(r.exitCode, r.stderr).toBe(0);
    expect(existsSync(join(dir, 'a/b/c/core-redis/values.yaml'))).toBe(true);
  });

  it('runs outside any git repository', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'appgear-nogit-'));
    cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
    expect(spawnSync('git', ['rev-parse', '--show-toplevel'], { cwd: dir }).status).not.toBe(0);
    cpSync(join(REPO, 'values-src'), join(dir, 'values-src'), { recursive: true });
    const r = await cli(dir, 'generate', '--quiet');
    expect(r.exitCode, r.stderr).toBe(0);
    expect((await cli(dir, 'generate', '--check', '--quiet')).exitCode).toBe(0);
    // A relative --out that climbs out of the working folder works the same.
    const up = await cli(join(dir, 'values-src'), 'generate', '--values', '.', '--out', '../up', '--quiet');
    expect(up.exitCode, up.stderr).toBe(0);
    expect(snapshot(join(dir, 'up'))['core-redis/Chart.yaml']).toBe(snapshot(join(dir, 'charts'))['core-redis/Chart.yaml']);
  });

  it('an --out that is a file: one line, exit 2, the file untouched', async () => {
    const dir = repo();
    writeFileSync(join(dir, 'out'), 'a file\n');
    expectOneLineFailure(await cli(dir, 'generate', '--out', 'out'), 'cannot use out as the output folder: it is a file, expected a folder');
    expectOneLineFailure(await cli(dir, 'generate', '--out', 'out/charts'), 'cannot create out/charts/: a part of the path is a file, not a folder (ENOTDIR)');
    expectOneLineFailure(await cli(dir, 'generate', '--check', '--out', 'out'), 'it is a file, expected a folder');
    expect(readFileSync(join(dir, 'out'), 'utf8')).toBe('a file\n');
  });

  it('a folder the kernel does not let anyone write (/proc): one line, exit 2', async () => {
    const dir = repo();
    expectOneLineFailure(await cli(dir, 'generate', '--out', '/proc/appgear-charts'), 'cannot create /proc/appgear-charts/: operation not permitted (EPERM)');
  });

  it('a read-only output folder: one line, exit 2, the previous output intact', async () => {
    const dir = repo();
    const ro = join(dir, 'ro');
    mkdirSync(ro);
    expect((await cli(dir, 'generate', '--out', 'ro/charts', '--quiet')).exitCode).toBe(0);
    const src = join(dir, 'values-src/appgear.ts');
    writeFileSync(src, readFileSync(src, 'utf8').replace(/version: '[^']+'/, "version: '9.9.9'"));
    const before = snapshot(ro);
    const mode = readOnly(ro, dir);
    console.log(`read-only output made by: ${mode.how}`);
    const run = async (...args: string[]) => {
      if (!mode.command) return cliWith(mode.env, dir, ...args);
      const r = spawnSync(mode.command[0]!, [...mode.command.slice(1), 'node', join(REPO, 'bin/appgear-charts.mjs'), ...args], { cwd: dir, env: { ...process.env, ...mode.env }, encoding: 'utf8' });
      return { exitCode: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
    };
    const r = await run('generate', '--out', 'ro/charts');
    expectOneLineFailure(r, 'cannot write ro/charts/: ');
    expect(r.stderr).toMatch(/\((EROFS|EACCES)\)/);
    expectOneLineFailure(await run('generate', '--out', 'ro/new'), 'cannot create ro/new/: ');
    expect(snapshot(ro)).toEqual(before);
    // Reading is fine: --check reports the drift.
    expect((await run('generate', '--check', '--out', 'ro/charts', '--quiet')).exitCode).toBe(1);
  });
});
