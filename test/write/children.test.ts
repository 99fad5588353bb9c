// The CLI leaves no process behind: esbuild's service process (started to compile values modules) is
// stopped and waited for before the command exits, whether it succeeded or failed.
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO } from '../helpers/helm.ts';
import { scratchRepo } from '../helpers/workspace.ts';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** Processes (zombies included) in process group `pgid`: "pid (name) state". */
function group(pgid: number): string[] {
  const found: string[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[2]) === pgid) found.push(`${entry} ${stat.slice(stat.indexOf('('), stat.lastIndexOf(')') + 1)} ${fields[0]}`);
    } catch {
      // ended while we looked
    }
  }
  return found;
}

/** Runs the CLI as the leader of a new process group (and session) and lists that group right after it exits. */
function runAlone(cwd: string, ...args: string[]): Promise<{ code: number | null; left: string[] }> {
  const child = spawn('node', [join(REPO, 'bin/appgear-charts.mjs'), ...args], { cwd, detached: true, stdio: 'ignore' });
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, left: group(child.pid!) })));
}

describe('child processes', () => {
  it('none of the CLI remains after it exits (success, drift, invalid values)', async () => {
    const dir = scratchRepo();
    dirs.push(dir);
    expect(await runAlone(dir, 'generate')).toEqual({ code: 0, left: [] });
    writeFileSync(join(dir, 'charts/core-redis/values.yaml'), 'edited: true\n');
    expect(await runAlone(dir, 'generate', '--check')).toEqual({ code: 1, left: [] });
    writeFileSync(join(dir, 'values-src/broken.ts'), 'export default {;\n');
    expect(await runAlone(dir, 'generate')).toEqual({ code: 2, left: [] });
  });
});
