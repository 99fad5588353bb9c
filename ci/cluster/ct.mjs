#!/usr/bin/env node
// chart-testing with the project's config, ct built from the module proxy and yamllint/yamale in a
// virtualenv under CACHE_DIR. Runs on copies so the repository's charts/ is never written to.
//   node ci/cluster/ct.mjs lint     every chart, then version increments of charts changed against main
//   node ci/cluster/ct.mjs install  ct install --upgrade of the charts changed against main (CT_INSTALL_ALL=1:
//                                   every chart) on the cluster in $KUBECONFIG (namespace "ct", Pod Security
//                                   restricted); kubectl must be on PATH or in KUBECTL_DIR
//   node ci/cluster/ct.mjs env      print PATH additions (for running ct by hand)
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { toolPath } from '../tools.mjs';
import { ensureBuilt } from './build.mjs';
import { log } from './gobuild.mjs';
import { CACHE_DIR, CT, PY } from './versions.mjs';

export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** yamllint + yamale at pinned versions in CACHE_DIR/venv-ct-...; returns its bin directory. */
export function ensureVenv() {
  const dir = join(CACHE_DIR, `venv-ct-yamllint${PY.yamllint}-yamale${PY.yamale}`);
  // A venv cannot be moved after creation (scripts embed its path), so a marker written last makes it atomic.
  const done = join(dir, '.complete');
  if (existsSync(done)) return join(dir, 'bin');
  const py = spawnSync('python3', ['-c', 'import venv, ensurepip'], { encoding: 'utf8' });
  if (py.status !== 0) {
    throw new Error('python3 with venv/ensurepip is needed for yamllint and yamale (ct lint). On Debian: apt-get install python3-venv');
  }
  log(`creating virtualenv with yamllint ${PY.yamllint} and yamale ${PY.yamale} in ${dir}`);
  rmSync(dir, { recursive: true, force: true });
  let r = spawnSync('python3', ['-m', 'venv', dir], { stdio: 'inherit' });
  if (r.status === 0) {
    r = spawnSync(join(dir, 'bin', 'pip'), ['install', '--quiet', '--disable-pip-version-check', `yamllint==${PY.yamllint}`, `yamale==${PY.yamale}`], { stdio: 'inherit' });
  }
  if (r.status !== 0) {
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`installing yamllint==${PY.yamllint} yamale==${PY.yamale} with pip failed (see above); PyPI must be reachable`);
  }
  writeFileSync(done, `yamllint==${PY.yamllint}\nyamale==${PY.yamale}\n`);
  return join(dir, 'bin');
}

/** Environment in which `ct`, `helm` (pinned Helm 3), yamllint and yamale resolve to the pinned builds. */
export function ctEnv() {
  const ct = ensureBuilt('ct').ct;
  const helm = toolPath('helm3');
  const PATH = [dirname(ct), dirname(helm), ensureVenv(), process.env.PATH].join(':');
  return { ct, env: { ...process.env, PATH, HELM_CACHE_HOME: join(CACHE_DIR, '..', 'helm-cache') } };
}

function git(args, cwd = REPO) {
  const r = spawnSync('git', args, { cwd, encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : undefined;
}

/** The ref ct compares against: origin/main in a CI clone, else the local main branch. */
export function targetRef() {
  if (git(['rev-parse', '--verify', '--quiet', 'refs/remotes/origin/main'])) return 'refs/remotes/origin/main';
  if (git(['rev-parse', '--verify', '--quiet', 'refs/heads/main'])) {
    log('no remote "origin" with a main branch here: comparing chart versions against the local branch main');
    return 'refs/heads/main';
  }
  throw new Error('neither origin/main nor a local main branch exists: ct needs the target branch to check version increments (git fetch origin main)');
}

function ct(args, cwd, env) {
  const r = spawnSync(env.ct, args, { cwd, env: env.env, stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`ct ${args.join(' ')} failed (exit ${r.status}) in ${cwd}`);
}

const CONFIG = ['--config', join(REPO, 'ci', 'ct.yaml'), '--lint-conf', join(REPO, 'ci', 'lintconf.yaml'), '--chart-yaml-schema', join(REPO, 'ci', 'chart_schema.yaml')];

export function lint() {
  const env = ctEnv();
  const work = mkdtempSync(join(tmpdir(), 'appgear-ct-'));
  try {
    // 1. Every chart as it is in the working tree (schema, yamllint, helm lint per ci/*-values.yaml).
    const all = join(work, 'all');
    mkdirSync(all);
    cpSync(join(REPO, 'charts'), join(all, 'charts'), { recursive: true, filter: (src) => !/\/charts\/[^/]+\/charts(\/|$)/.test(src.slice(REPO.length)) });
    spawnSync('git', ['init', '-q', all]);
    log('ct lint --all (version increments are checked in the next step)');
    ct(['lint', ...CONFIG, '--all', '--check-version-increment=false'], all, env);
    // 2. Version increments, exactly as in CI: a clone of the committed HEAD with origin/main fetched.
    //    Uncommitted edits are not compared; ct only looks at charts that differ from main.
    const { clone, ref } = ciClone(work);
    log(`ct lint against origin/main (= ${ref} of ${REPO}) with check-version-increment`);
    ct(['lint', ...CONFIG, '--remote', 'origin', '--target-branch', 'main'], clone, env);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/**
 * A clone of the committed HEAD with origin/main fetched (what a CI checkout has), and the working tree's
 * charts/ laid over it so uncommitted charts are what gets tested.
 */
function ciClone(work) {
  const ref = targetRef();
  const clone = join(work, 'clone');
  if (spawnSync('git', ['clone', '-q', '--no-hardlinks', REPO, clone]).status !== 0) throw new Error(`git clone of ${REPO} failed`);
  if (spawnSync('git', ['-C', clone, 'fetch', '-q', REPO, `+${ref}:refs/remotes/origin/main`]).status !== 0) throw new Error(`git fetch of ${ref} failed`);
  return { clone, ref };
}

/** Library charts (`type: library`): linted like any chart, but there is nothing to install. */
export function libraryCharts(charts = join(REPO, 'charts')) {
  return readdirSync(charts)
    .filter((c) => existsSync(join(charts, c, 'Chart.yaml')) && /^type: library$/m.test(readFileSync(join(charts, c, 'Chart.yaml'), 'utf8')))
    .sort();
}

/**
 * ct install --upgrade: each chart and scenario installed, then upgraded from main's version of the chart.
 * As chart maintainers run it: only the charts that differ from main (committed or not), so a clean checkout
 * of main installs none; every chart x scenario is installed, upgraded and rolled back by
 * test/cluster/install.test.ts anyway. `all` (or CT_INSTALL_ALL=1) takes every chart. Library charts are left
 * out (ct would try to install them); `excluded` adds others. Returns what was asked of ct, for the summary.
 */
export function install({ namespace = 'ct', extraPath = [], env: extraEnv = {}, excluded: given = [], all = process.env.CT_INSTALL_ALL === '1' } = {}) {
  const excluded = [...new Set([...given, ...libraryCharts()])].sort();
  const env = ctEnv();
  // kwok runs no containers, so ct's container logs are empty: CT_PRINT_LOGS=true turns them back on.
  env.env = { CT_PRINT_LOGS: 'false', ...env.env, ...extraEnv, PATH: [...extraPath, env.env.PATH].join(':') };
  const work = mkdtempSync(join(tmpdir(), 'appgear-ct-'));
  try {
    const { clone } = ciClone(work);
    rmSync(join(clone, 'charts'), { recursive: true, force: true });
    cpSync(join(REPO, 'charts'), join(clone, 'charts'), { recursive: true, filter: (src) => !/\/charts\/[^/]+\/charts(\/|$)/.test(src.slice(REPO.length)) });
    const which = all ? ['--all'] : ['--remote', 'origin', '--target-branch', 'main'];
    const what = all ? 'every chart' : 'the charts changed against main';
    log(`ct install --upgrade of ${what} in namespace "${namespace}"`);
    ct(['install', '--config', join(REPO, 'ci', 'ct.yaml'), ...which, '--upgrade', '--namespace', namespace, '--release-label', 'app.kubernetes.io/instance', '--skip-missing-values', ...(excluded.length ? ['--excluded-charts', excluded.join(',')] : [])], clone, env);
    return what;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const cmd = process.argv[2];
  try {
    if (cmd === 'lint') lint();
    else if (cmd === 'install') install({ extraPath: process.env.KUBECTL_DIR ? [process.env.KUBECTL_DIR] : [] });
    else if (cmd === 'env') console.log(ctEnv().env.PATH);
    else {
      console.error('usage: node ci/cluster/ct.mjs lint | install | env');
      process.exitCode = 2;
    }
  } catch (err) {
    log(`error: ${err.message}`);
    process.exitCode = 1;
  }
}
