// Git, through execa: the few questions the generator asks of a repository (never a write).
import { execa } from 'execa';

/** `git show <ref>:<path>` (path relative to `cwd`), or undefined without git, the ref or the file. */
export async function gitShow(cwd: string, ref: string, path: string): Promise<string | undefined> {
  const r = await execa('git', ['show', `${ref}:./${path}`], { cwd, reject: false, stdin: 'ignore' });
  return r.exitCode === 0 ? String(r.stdout) : undefined;
}

/** Paths under `dir` (relative to `cwd`) at `ref`, or [] without git, the ref or the folder. */
export async function gitListFiles(cwd: string, ref: string, dir: string): Promise<string[]> {
  const r = await execa('git', ['ls-tree', '-r', '--name-only', ref, '--', `./${dir}`], { cwd, reject: false, stdin: 'ignore' });
  return r.exitCode === 0 ? String(r.stdout).split('\n').filter(Boolean) : [];
}
