// Failures of the writer as one sentence for people: what could not be done, where, why, what to do.
import { readFileSync } from 'node:fs';

/** A failure the CLI prints as one line and exits 2 for (no stack trace: nothing there is a bug). */
export class WriteError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WriteError';
  }
}

const REASONS: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'read-only file system',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
  ENOTDIR: 'a part of the path is a file, not a folder',
  EISDIR: 'a folder is in the way',
  ENOENT: 'it does not exist',
  EEXIST: 'it already exists',
  EXDEV: 'it is on another filesystem',
  EMFILE: 'too many open files',
  ENAMETOOLONG: 'the name is too long',
  ELOOP: 'too many symbolic links',
  EBUSY: 'it is busy (in use, or a mount point)',
  EIO: 'input/output error',
};

export const errorCode = (err: unknown): string | undefined => (err as NodeJS.ErrnoException | undefined)?.code;

/** `cannot write charts/: permission denied (EACCES)`, with what to do when there is something to say. */
export function fsFailure(what: string, err: unknown, todo?: string): WriteError {
  if (err instanceof WriteError) return err;
  const code = errorCode(err);
  const reason = code ? `${REASONS[code] ?? (err as Error).message.split('\n')[0]} (${code})` : (err as Error).message.split('\n')[0];
  return new WriteError(`cannot ${what}: ${reason}${todo ? `; ${todo}` : ''}`);
}

/** A file's text, or undefined when it is not there; any other failure as one sentence. */
export function readIfPresent(path: string, shown: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    if (errorCode(err) === 'ENOENT') return undefined;
    throw fsFailure(`read ${shown}`, err);
  }
}
