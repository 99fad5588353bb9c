// PyPI tools in their own virtualenvs in the tools cache (never the system Python), one per version:
// CACHE_DIR/<name>-<version>-py<x.y>, with `.complete` marking a finished install (a venv cannot be moved
// into place, so an interrupted install is redone from scratch).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CACHE_DIR } from './tools.mjs';

function log(msg) {
  process.stderr.write(`[tools] ${msg}\n`);
}

/** Python 3 on PATH with venv, or a clear error naming the tool that needs it. */
function python(name) {
  const r = spawnSync('python3', ['-c', 'import sys, venv; print("%d.%d" % sys.version_info[:2])'], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${name} needs python3 (3.9+) with the venv module on PATH: install python3 and python3-venv, then rerun \`node ci/tools.mjs ensure\`.`);
  return r.stdout.trim();
}

/**
 * Path of `bin` in the virtualenv of `pkg==version` (with `extras`, e.g. "server"), installing it when `build`
 * is true; undefined when absent and not built. `took` says how long a first install takes, for the log.
 */
export function pipTool({ name, pkg, version, bin, extras, took }, build = true) {
  const py = python(name);
  const venv = join(CACHE_DIR, `${name}-${version}-py${py}`);
  const path = join(venv, 'bin', bin);
  if (existsSync(join(venv, '.complete'))) return path;
  if (!build) return undefined;
  const t0 = Date.now();
  const spec = `${pkg}${extras ? `[${extras}]` : ''}==${version}`;
  log(`installing ${spec} into ${venv} (first run only; ${took})...`);
  rmSync(venv, { recursive: true, force: true });
  mkdirSync(CACHE_DIR, { recursive: true });
  const run = (c, args) => {
    const r = spawnSync(c, args, { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8', env: { ...process.env, PIP_DISABLE_PIP_VERSION_CHECK: '1' } });
    if (r.status !== 0) throw new Error(`\`${c} ${args.join(' ')}\` failed (exit ${r.status}): ${r.stderr.trim().split('\n').slice(-5).join(' | ')}`);
  };
  run('python3', ['-m', 'venv', venv]);
  run(join(venv, 'bin', 'python'), ['-m', 'pip', 'install', '--quiet', spec]);
  writeFileSync(join(venv, '.complete'), `${spec}\n`);
  log(`installed ${spec} in ${((Date.now() - t0) / 1000).toFixed(0)} s -> ${path}`);
  return path;
}
