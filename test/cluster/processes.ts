// Long-running programs a cluster test starts (Argo CD's components, Redis, Velero, an S3 server): each with its
// log file in one temporary folder, stopped in reverse order (SIGTERM, then SIGKILL after 10 s) and the folder
// removed by stop(); logTail() shows the end of every log for a failure message.
import { type ChildProcess, spawn } from 'node:child_process';
import { closeSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { TMP } from './harness.ts';

export interface Proc { name: string; proc: ChildProcess; log: string; exited: Promise<void> }

export interface ProcessGroup {
  /** The group's folder (logs, and whatever the programs need on disk). */
  dir: string;
  /** Start `cmd` with exactly `env` (nothing inherited), logging stdout and stderr to <dir>/<name>.log. */
  start(name: string, cmd: string, args: string[], env: Record<string, string>): Proc;
  logTail(lines?: number): string;
  stop(): Promise<void>;
}

function tail(file: string, lines: number): string {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

export function processGroup(prefix: string): ProcessGroup {
  mkdirSync(TMP, { recursive: true });
  const dir = mkdtempSync(join(TMP, `${prefix}-`));
  const procs: Proc[] = [];
  return {
    dir,
    start(name, cmd, args, env) {
      const log = join(dir, `${name}.log`);
      const fd = openSync(log, 'w');
      const proc = spawn(cmd, args, { stdio: ['ignore', fd, fd], cwd: dir, env });
      closeSync(fd);
      const p: Proc = { name, proc, log, exited: new Promise<void>((resolve) => proc.once('exit', () => resolve())) };
      procs.push(p);
      return p;
    },
    logTail: (lines = 40) => procs.map((p) => `--- ${p.name} (${p.log})\n${tail(p.log, lines)}`).join('\n'),
    async stop() {
      for (const p of [...procs].reverse()) {
        if (p.proc.exitCode === null && p.proc.signalCode === null) {
          p.proc.kill('SIGTERM');
          const killed = setTimeout(() => p.proc.kill('SIGKILL'), 10_000);
          await p.exited;
          clearTimeout(killed);
        }
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Resolves once something accepts TCP connections on 127.0.0.1:port, or throws after `seconds`. */
export async function listening(port: number, p: Proc, seconds: number): Promise<void> {
  for (let i = 0; i < seconds * 5; i++) {
    if (p.proc.exitCode !== null) throw new Error(`${p.name} exited (${p.proc.exitCode}) before listening on ${port}:\n${tail(p.log, 30)}`);
    const ok = await new Promise<boolean>((resolve) => {
      const s = connect(port, '127.0.0.1');
      s.once('connect', () => { s.destroy(); resolve(true); });
      s.once('error', () => resolve(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${p.name} did not listen on 127.0.0.1:${port} within ${seconds} s:\n${tail(p.log, 30)}`);
}
