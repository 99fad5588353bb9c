// mkdir -p, one level at a time: Node's recursive mkdir loops forever where the kernel answers ENOENT
// for a folder whose parent exists (/proc), and reports ENOENT instead of EROFS on read-only mounts.
import { mkdirSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { errorCode } from './writeError.ts';

const exists = (path: string) => {
  try {
    statSync(path);
    return true;
  } catch {
    return false;
  }
};

export function makeFolders(dir: string): void {
  try {
    mkdirSync(dir);
  } catch (err) {
    const code = errorCode(err);
    if (code === 'EEXIST') return;
    if (code !== 'ENOENT' || dirname(dir) === dir) throw err;
    // The parent is there, yet no folder can be made in it: the filesystem does not allow it.
    if (exists(dirname(dir))) throw Object.assign(new Error(`mkdir ${dir}`), { code: 'EPERM' });
    makeFolders(dirname(dir));
    mkdirSync(dir);
  }
}
