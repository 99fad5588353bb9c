// Scratch repositories under test/.tmp (inside the package, so values modules resolve "appgear-charts").
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { execa } from 'execa';
import { REPO } from './helm.ts';

export function scratchRepo(): string {
  const root = join(REPO, 'test/.tmp');
  mkdirSync(root, { recursive: true });
  const dir = mkdtempSync(join(root, 'repo-'));
  cpSync(join(REPO, 'values-src'), join(dir, 'values-src'), { recursive: true });
  return dir;
}

export async function cli(cwd: string, ...args: string[]) {
  return cliWith({}, cwd, ...args);
}

/** The CLI with extra environment variables. */
export async function cliWith(env: Record<string, string>, cwd: string, ...args: string[]) {
  const r = await execa('node', [join(REPO, 'bin/appgear-charts.mjs'), ...args], { cwd, reject: false, env });
  return { exitCode: r.exitCode ?? -1, stdout: String(r.stdout), stderr: String(r.stderr) };
}

/** Every file under `dir` with its content, keyed by relative path. */
export function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out[relative(dir, p)] = readFileSync(p, 'utf8');
    }
  };
  walk(dir);
  return out;
}

/** A small platform module (one Redis), for tests that switch an output between two very different inputs. */
export const MINI_PLATFORM = [
  "import { definePlatform, redis } from 'appgear-charts';",
  "export default definePlatform({ name: 'mini', version: '0.1.0', description: 'One cache.', components: { cache: redis({}) } });",
  '',
].join('\n');

/** Every folder under `dir` (relative paths), empty ones included. */
export function folders(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) {
        out.push(relative(dir, p));
        walk(p);
      }
    }
  };
  walk(dir);
  return out.sort();
}
