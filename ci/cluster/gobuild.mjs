// Builds Go binaries from the module proxy through a throw-away wrapper module, cached under CACHE_DIR.
// A wrapper (instead of `go install pkg@version`) lets us add replace directives and avoids the proxy's
// version-list request that `go install` makes for its deprecation check.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync, openSync, closeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CACHE_DIR } from './versions.mjs';

export function log(msg) {
  process.stderr.write(`[cluster] ${msg}\n`);
}

export function requireGo() {
  const go = spawnSync('go', ['version'], { encoding: 'utf8' });
  if (go.status !== 0) {
    throw new Error('Go is not installed: it is needed to build the pinned binaries from the Go module proxy. Install Go 1.25+ (https://go.dev/dl) and rerun.');
  }
  return go.stdout.trim();
}

function run(cmd, args, opts) {
  const r = spawnSync(cmd, args, { stdio: ['ignore', opts.logFd, opts.logFd], ...opts });
  if (r.status !== 0) throw new Error(`\`${cmd} ${args.join(' ')}\` failed (exit ${r.status}) in ${opts.cwd}; see ${opts.logFile}`);
}

/**
 * Build `packages` (import path -> output binary name) of one module into CACHE_DIR/<key>.
 * spec: { key, require: {mod: ver}, replace: {mod: 'mod ver'}, packages, ldflags: [], main?: source of an extra main package }
 * Returns the cache directory; a no-op when every binary already exists there.
 */
export function goBuildCached(spec) {
  const dir = join(CACHE_DIR, spec.key);
  const bins = Object.values(spec.packages);
  if (bins.every((b) => existsSync(join(dir, b)))) return dir;
  const goVersion = requireGo();
  mkdirSync(CACHE_DIR, { recursive: true });
  const logFile = join(CACHE_DIR, `${spec.key}.build.log`);
  const logFd = openSync(logFile, 'w');
  const t0 = Date.now();
  log(`building ${spec.key} (${bins.join(', ')}) with ${goVersion}; first run only, log: ${logFile}`);
  const work = mkdtempSync(join(tmpdir(), `appgear-${spec.key}-`));
  const stage = `${dir}.tmp-${process.pid}`;
  try {
    const req = Object.entries(spec.require).map(([m, v]) => `\t${m} ${v}`).join('\n');
    const rep = Object.entries(spec.replace ?? {}).map(([m, to]) => `\t${m} => ${to}`).join('\n');
    writeFileSync(join(work, 'go.mod'), `module appgear.local/build\n\ngo 1.25.0\n\nrequire (\n${req}\n)\n${rep ? `\nreplace (\n${rep}\n)\n` : ''}`);
    if (spec.main) {
      mkdirSync(join(work, 'cmd', spec.main.name), { recursive: true });
      writeFileSync(join(work, 'cmd', spec.main.name, 'main.go'), spec.main.source);
    }
    const env = { ...process.env, CGO_ENABLED: '0', GOFLAGS: '-mod=mod', GOTOOLCHAIN: 'local' };
    const opts = { cwd: work, env, logFd, logFile };
    // Resolve the full module graph at the pinned versions (fills go.sum; no version lists needed).
    run('go', ['mod', 'download'], opts);
    rmSync(stage, { recursive: true, force: true });
    mkdirSync(stage, { recursive: true });
    for (const [pkg, out] of Object.entries(spec.packages)) {
      const t = Date.now();
      run('go', ['build', '-trimpath', `-ldflags=-s -w ${(spec.ldflags ?? []).join(' ')}`, '-o', join(stage, out), pkg], opts);
      log(`  ${out} built in ${Math.round((Date.now() - t) / 1000)} s`);
    }
    rmSync(dir, { recursive: true, force: true });
    renameSync(stage, dir);
  } finally {
    closeSync(logFd);
    rmSync(work, { recursive: true, force: true });
    rmSync(stage, { recursive: true, force: true });
  }
  log(`built ${spec.key} in ${Math.round((Date.now() - t0) / 1000)} s -> ${dir}`);
  return dir;
}
