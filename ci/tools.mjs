#!/usr/bin/env node
// Provisions the pinned command-line tools the tests use, cached outside the repository.
// Helm is taken from PATH when it is the pinned line and recent enough, else built from the Go module
// proxy at the pinned version (no other network is needed). The linters of test/charts/linters.test.ts
// (kube-score, kubeconform and its generated schemas, checkov) and of test/ci/workflows.test.ts (actionlint,
// with the shellcheck it runs on `run:` scripts) are provisioned by ci/linters/provision.mjs.
//
//   node ci/tools.mjs ensure     build or find every tool, print where each one is
//   node ci/tools.mjs path NAME  print the path of one tool (helm3, helm4, or a linter), building it if needed
//   node ci/tools.mjs versions   print the pinned versions
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LINTER_VERSIONS, SCHEMAS } from './linters/versions.mjs';
import { APT_PACKAGES, aptPath } from './apt.mjs';

/** Pinned versions: the latest patch of each line on 2026-11-22. */
export const VERSIONS = {
  helm3: 'v3.22.0',
  helm4: 'v4.3.1',
};

/** Oldest Helm accepted from PATH, per major line (draft-07 schemas with the v6 validator since 3.18). */
const MIN_FROM_PATH = { 3: [3, 18, 0], 4: [4, 0, 0] };

export const CACHE_DIR = process.env.APPGEAR_TOOLS_CACHE ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'appgear-charts', 'tools');

const HELM_BUILDS = {
  helm3: {
    module: 'helm.sh/helm/v3',
    ldflags: (v) => [
      `-X helm.sh/helm/v3/internal/version.version=${v}`,
      '-X helm.sh/helm/v3/internal/version.gitTreeState=clean',
      // Helm 3 reads its default Kubernetes version from these (client-go v0.37 -> 1.37).
      '-X helm.sh/helm/v3/pkg/lint/rules.k8sVersionMajor=1',
      '-X helm.sh/helm/v3/pkg/lint/rules.k8sVersionMinor=37',
      '-X helm.sh/helm/v3/pkg/chartutil.k8sVersionMajor=1',
      '-X helm.sh/helm/v3/pkg/chartutil.k8sVersionMinor=37',
    ],
  },
  helm4: {
    module: 'helm.sh/helm/v4',
    // Helm 4 reads its Kubernetes version from the build info; only the version string needs setting.
    ldflags: (v) => [`-X helm.sh/helm/v4/internal/version.version=${v}`, '-X helm.sh/helm/v4/internal/version.gitTreeState=clean'],
  },
};

function log(msg) {
  process.stderr.write(`[tools] ${msg}\n`);
}

function helmVersion(bin) {
  const r = spawnSync(bin, ['version', '--template', '{{.Version}}'], { encoding: 'utf8' });
  if (r.status !== 0) return undefined;
  const m = /^v(\d+)\.(\d+)\.(\d+)/.exec(r.stdout.trim());
  return m ? m.slice(1, 4).map(Number) : undefined;
}

function atLeast(v, min) {
  for (let i = 0; i < 3; i++) if (v[i] !== min[i]) return v[i] > min[i];
  return true;
}

/** A helm on PATH that fits the line (3 or 4), if any. */
function helmFromPath(major) {
  const which = spawnSync('sh', ['-c', 'command -v helm'], { encoding: 'utf8' });
  const bin = which.stdout.trim();
  if (!bin || bin.startsWith(CACHE_DIR)) return undefined;
  const v = helmVersion(bin);
  return v && v[0] === major && atLeast(v, MIN_FROM_PATH[major]) ? bin : undefined;
}

function goBuild(name, module, version, ldflags) {
  const dir = join(CACHE_DIR, `${name}-${version}`);
  const bin = join(dir, name.startsWith('helm') ? 'helm' : name);
  if (existsSync(bin)) return bin;
  const go = spawnSync('go', ['version'], { encoding: 'utf8' });
  if (go.status !== 0) {
    throw new Error(`cannot build ${name} ${version}: Go is not installed (needed to build it from the Go module proxy). Install Go 1.24+ or put a ${name} on PATH.`);
  }
  log(`building ${name} ${version} from ${module} with ${go.stdout.trim()} (first run only; a few minutes on 2 cores)...`);
  const t0 = Date.now();
  const stage = `${dir}.tmp-${process.pid}`;
  rmSync(stage, { recursive: true, force: true });
  mkdirSync(stage, { recursive: true });
  const r = spawnSync('go', ['install', '-trimpath', `-ldflags=-s -w ${ldflags.join(' ')}`, `${module}/cmd/helm@${version}`], {
    env: { ...process.env, GOBIN: stage, CGO_ENABLED: '0', GOFLAGS: '-mod=mod' },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  if (r.status !== 0) throw new Error(`building ${name} ${version} failed (go install exit ${r.status}); see the go output above`);
  rmSync(dir, { recursive: true, force: true });
  renameSync(stage, dir);
  log(`built ${name} ${version} in ${((Date.now() - t0) / 1000).toFixed(0)} s -> ${bin}`);
  return bin;
}

/** Path of a tool, provisioning it when `build` is true; undefined when absent and not built. */
export function toolPath(name, { build = true } = {}) {
  if (name === 'helm3' || name === 'helm4') {
    const major = name === 'helm3' ? 3 : 4;
    const env = process.env[name.toUpperCase()];
    if (env) return env;
    const fromPath = helmFromPath(major);
    if (fromPath) return fromPath;
    const cached = join(CACHE_DIR, `${name}-${VERSIONS[name]}`, 'helm');
    if (existsSync(cached) || !build) return existsSync(cached) ? cached : undefined;
    const b = HELM_BUILDS[name];
    return goBuild(name, b.module, VERSIONS[name], b.ldflags(VERSIONS[name]));
  }
  if (name in APT_PACKAGES) return aptPath(name, { build });
  const linters = isLinter(name) ? `; "${name}" is a linter: use linterPath of ci/linters/provision.mjs` : '';
  throw new Error(`unknown tool "${name}" (known: helm3, helm4, ${Object.keys(APT_PACKAGES).join(', ')}, ${[...Object.keys(LINTER_VERSIONS), SCHEMAS].join(', ')})${linters}`);
}

const isLinter = (name) => name in LINTER_VERSIONS || name === SCHEMAS;

// Loaded lazily: the linter code imports ci/cluster/*, which imports this file back.
const linters = () => import('./linters/provision.mjs');

async function main(argv) {
  const [cmd, arg] = argv;
  if (cmd === 'versions') {
    for (const [k, v] of Object.entries({ ...VERSIONS, ...Object.fromEntries(Object.entries(APT_PACKAGES).map(([k, p]) => [k, p.version])), ...LINTER_VERSIONS })) console.log(`${k} ${v}`);
    console.log(`${SCHEMAS} ${(await import('./linters/schemas.mjs')).schemasKey()}`);
    return 0;
  }
  if (cmd === 'path' && arg) {
    console.log(isLinter(arg) ? (await linters()).linterPath(arg) : toolPath(arg));
    return 0;
  }
  if (cmd === 'ensure') {
    for (const name of Object.keys(VERSIONS)) {
      const bin = toolPath(name);
      const version = execFileSync(bin, ['version', '--template', '{{.Version}}'], { encoding: 'utf8' }).trim();
      log(`${name}: ${bin} (${version})`);
    }
    for (const [pkg, p] of Object.entries(APT_PACKAGES)) log(`${pkg}: ${aptPath(pkg)} (${p.version})`);
    for (const [name, path, version] of (await linters()).ensureLinters()) log(`${name}: ${path} (${version})`);
    return 0;
  }
  console.error('usage: node ci/tools.mjs ensure | path NAME | versions');
  return 2;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  // No top-level await: the lazily imported linter code imports this module back, which must be done evaluating.
  main(process.argv.slice(2)).then(
    (code) => { process.exitCode = code; },
    (err) => {
      console.error(`[tools] ${err.message}`);
      process.exitCode = 1;
    },
  );
}
