// One writer per output folder: <out>/.appgear-charts-lock, created exclusively (O_EXCL semantics), holding
// the writer's pid, start time (a reused pid is not mistaken for it) and host. Others wait a bounded time;
// a lock whose process is gone is taken over.
import { closeSync, fstatSync, linkSync, openSync, readdirSync, readFileSync, rmSync, statSync, unlinkSync, writeFileSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { LOCK, showPath } from './outputPaths.ts';
import { errorCode, fsFailure, WriteError } from './writeError.ts';

interface Holder { pid: number; start?: string; host?: string; ino: number; ageMs: number }

/** A lock from another machine or container (shared folder) cannot be checked by pid: trusted this long. */
const FOREIGN_LOCK_MS = 10 * 60_000;

export interface OutputLock {
  release(): void;
  /** pid of an interrupted run whose lock this run took over. */
  tookOverFrom?: number;
}

/** Start time (clock ticks since boot) and state of a process, from /proc; undefined elsewhere. */
function procStat(pid: number): { start: string; state: string } | undefined {
  try {
    const s = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = s.slice(s.lastIndexOf(')') + 2).split(' ');
    return { state: fields[0]!, start: fields[19]! };
  } catch {
    return undefined;
  }
}

function readHolder(path: string): Holder | undefined {
  try {
    const st = statSync(path);
    const { pid, start, host } = JSON.parse(readFileSync(path, 'utf8')) as { pid?: unknown; start?: unknown; host?: unknown };
    const text = (v: unknown) => (typeof v === 'string' ? v : undefined);
    return { pid: Number(pid), start: text(start), host: text(host), ino: st.ino, ageMs: Date.now() - st.mtimeMs };
  } catch (err) {
    if (errorCode(err) === 'ENOENT') return undefined;
    // Created but not written yet (or unreadable): judged by age only.
    let st;
    try {
      st = statSync(path);
    } catch {
      return undefined;
    }
    return { pid: NaN, ino: st.ino, ageMs: Date.now() - st.mtimeMs };
  }
}

function isAlive(h: Holder): boolean {
  if (!Number.isInteger(h.pid) || h.pid <= 0) return h.ageMs < 10_000;
  if (h.host && h.host !== hostname()) return h.ageMs < FOREIGN_LOCK_MS;
  try {
    process.kill(h.pid, 0);
  } catch (err) {
    if (errorCode(err) !== 'EPERM') return false;
  }
  const now = procStat(h.pid);
  if (now?.state === 'Z') return false; // exited, not yet reaped by its parent
  return !(h.start && now && now.start !== h.start);
}

/**
 * Removes a stale lock so the caller can retry. Only while holding the breaker (another O_EXCL file,
 * held for microseconds), and only if the lock is still the one judged stale: renaming or deleting
 * without it could remove the live lock another process created meanwhile.
 */
function breakStale(path: string, stale: Holder): boolean {
  const breaker = `${path}.break`;
  try {
    closeSync(openSync(breaker, 'wx'));
  } catch (err) {
    if (errorCode(err) !== 'EEXIST') throw err;
    const b = readHolder(breaker);
    if (b && b.ageMs > 10_000) rmSync(breaker, { force: true }); // its run died inside the breaker
    return false;
  }
  try {
    const now = readHolder(path);
    if (!now || now.ino !== stale.ino || isAlive(now)) return false;
    unlinkSync(path);
    return true;
  } finally {
    rmSync(breaker, { force: true });
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const holderName = (h: Holder) =>
  Number.isInteger(h.pid) ? `pid ${h.pid}${h.host && h.host !== hostname() ? ` on ${h.host}` : ''}` : 'another run';

function busy(out: string, cwd: string, h: Holder, waitMs: number): WriteError {
  return new WriteError(`${showPath(cwd, out, true)} is busy: ${holderName(h)} has been writing it for more than ${Math.round(waitMs / 1000)} s; run again when it is done (a stuck run: stop it, and the next run recovers)`);
}

/**
 * Creates the lock whole or not at all: the pid is written to a temporary file that is then hard-linked
 * to the lock's name (which fails if it exists, as O_EXCL does), so no reader ever sees an empty lock.
 * Filesystems without hard links get O_EXCL and a write. Returns the lock's inode, or undefined if taken.
 */
function tryCreate(path: string): number | undefined {
  const content = `${JSON.stringify({ pid: process.pid, start: procStat(process.pid)?.start, host: hostname() })}\n`;
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, content);
  try {
    linkSync(tmp, path);
    return statSync(path).ino;
  } catch (err) {
    if (errorCode(err) === 'EEXIST') return undefined;
    if (!['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS'].includes(errorCode(err) ?? '')) throw err;
  } finally {
    rmSync(tmp, { force: true });
  }
  let fd;
  try {
    fd = openSync(path, 'wx');
  } catch (err) {
    if (errorCode(err) === 'EEXIST') return undefined;
    throw err;
  }
  writeSync(fd, content);
  const { ino } = fstatSync(fd);
  closeSync(fd);
  return ino;
}

/** Temporary lock files of runs that died before linking theirs. */
function sweepTemporaries(path: string): void {
  const prefix = `${basename(path)}.tmp-`;
  for (const name of readdirSync(dirname(path))) {
    if (!name.startsWith(prefix)) continue;
    const pid = Number(name.slice(prefix.length));
    if (!isAlive({ pid, ino: 0, ageMs: Infinity })) rmSync(join(dirname(path), name), { force: true });
  }
}

/** Takes the output's lock, waiting up to `waitMs` for a live holder (announced once on `log`). */
export async function lockOutput(out: string, cwd: string, waitMs: number, log: (line: string) => void): Promise<OutputLock> {
  const path = join(out, LOCK);
  const deadline = Date.now() + waitMs;
  let announced = false;
  let tookOverFrom: number | undefined;
  for (;;) {
    let ino: number | undefined;
    try {
      ino = tryCreate(path);
    } catch (err) {
      throw fsFailure(`write ${showPath(cwd, out, true)}`, err);
    }
    if (ino !== undefined) {
      sweepTemporaries(path);
      const release = () => {
        if (readHolder(path)?.ino === ino) rmSync(path, { force: true });
      };
      return { release, tookOverFrom };
    }
    const h = readHolder(path);
    if (!h) continue;
    if (!isAlive(h)) {
      if (breakStale(path, h)) {
        tookOverFrom = Number.isInteger(h.pid) ? h.pid : tookOverFrom;
        continue;
      }
    } else if (!announced) {
      log(`appgear-charts: waiting for ${holderName(h)}, which is writing ${showPath(cwd, out, true)} (up to ${Math.round(waitMs / 1000)} s)`);
      announced = true;
    }
    if (Date.now() >= deadline) throw busy(out, cwd, h, waitMs);
    await sleep(50);
  }
}

/** For readers (--check): waits while a live run writes; a stale lock is left for the next writer. */
export async function waitForWriter(out: string, cwd: string, waitMs: number, log: (line: string) => void): Promise<void> {
  const path = join(out, LOCK);
  const deadline = Date.now() + waitMs;
  let announced = false;
  for (let h = readHolder(path); h && isAlive(h); h = readHolder(path)) {
    if (Date.now() >= deadline) throw busy(out, cwd, h, waitMs);
    if (!announced) log(`appgear-charts: waiting for ${holderName(h)}, which is writing ${showPath(cwd, out, true)} (up to ${Math.round(waitMs / 1000)} s)`);
    announced = true;
    await sleep(50);
  }
}
