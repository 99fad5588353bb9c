// System packages the tests run as processes, from Debian, pinned: docker-registry (CNCF Distribution) is the
// OCI registry the delivery tests publish to; redis-server is the cache Argo CD's controllers and repo-server
// share in the Argo CD test; prometheus brings promtool, which checks and unit-tests the app chart's SLO rules.
// They are installed with apt-get (CI runs as root) rather than built into the cache; another version already
// installed is refused, never replaced behind the user's back.
import { spawnSync } from 'node:child_process';
import { existsSync, rmSync, writeFileSync } from 'node:fs';

export const APT_PACKAGES = {
  'docker-registry': { version: '2.8.2+ds1-1', bin: '/usr/bin/docker-registry', use: 'the delivery tests run it as `docker-registry serve CONFIG`' },
  'redis-server': { version: '5:7.0.15-1~deb12u10', bin: '/usr/bin/redis-server', use: 'the Argo CD test runs it on 127.0.0.1 for Argo CD\'s components' },
  // Only its promtool is used: the package's own server is kept from starting (`services`).
  prometheus: {
    version: '2.42.0+ds-5+deb12u1',
    bin: '/usr/bin/promtool',
    use: 'the SLO tests run `promtool check rules` and `promtool test rules` on the app chart\'s PrometheusRule',
    services: ['prometheus'],
  },
};

/** Debian's switch for the service starts a package's maintainer scripts ask for (invoke-rc.d, deb-systemd-invoke). */
const POLICY_RC = '/usr/sbin/policy-rc.d';

/**
 * Runs `install` with `services` kept from starting: without a policy-rc.d, a temporary one denies exactly those
 * (exit 101) and allows the rest; one already there is the machine's own policy and is left as it is (a container
 * image's usually denies every start).
 */
function withServicesDenied(services, install) {
  if (!services?.length || existsSync(POLICY_RC)) return install();
  const names = services.flatMap((s) => [s, `${s}.service`]).join('|');
  // Called as `policy-rc.d [--quiet] <service> <action> [runlevel]` (invoke-rc.d) or `policy-rc.d <unit> <action>`.
  writeFileSync(POLICY_RC, `#!/bin/sh\n# Written by appgear-charts ci/apt.mjs for one apt-get install, removed after it.\nfor a in "$@"; do case "$a" in ${names}) exit 101 ;; esac; done\nexit 0\n`, { mode: 0o755 });
  try {
    return install();
  } finally {
    rmSync(POLICY_RC, { force: true });
  }
}

function log(msg) {
  process.stderr.write(`[tools] ${msg}\n`);
}

/** The installed package version, or undefined. */
function installed(pkg) {
  const r = spawnSync('dpkg-query', ['-W', '-f', '${Status} ${Version}', pkg], { encoding: 'utf8' });
  const m = /^install ok installed (\S+)$/.exec(r.stdout?.trim() ?? '');
  return r.status === 0 && m ? m[1] : undefined;
}

/** Path of a pinned package's program, installing it with apt-get when `build` is true. */
export function aptPath(pkg, { build = true } = {}) {
  const want = APT_PACKAGES[pkg];
  if (!want) throw new Error(`unknown system package "${pkg}" (known: ${Object.keys(APT_PACKAGES).join(', ')})`);
  const version = installed(pkg);
  if (version && version !== want.version) {
    throw new Error(`${pkg} ${version} is installed; expected ${want.version} (ci/apt.mjs): install that version (apt-get install ${pkg}=${want.version}) or change the pin`);
  }
  if (version && existsSync(want.bin)) return want.bin;
  if (!build) return undefined;
  if (spawnSync('apt-get', ['--version']).status !== 0) {
    throw new Error(`${pkg} ${want.version} is not installed and there is no apt-get: install it as ${want.bin} (${want.use})`);
  }
  if (process.getuid?.() !== 0) {
    throw new Error(`${pkg} ${want.version} is not installed: run \`sudo apt-get install -y ${pkg}=${want.version}\` (${want.use}; installing takes root)`);
  }
  log(`installing ${pkg} ${want.version} with apt-get (first run only)...`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const install = () => withServicesDenied(want.services, () => spawnSync('apt-get', ['install', '-y', '--no-install-recommends', `${pkg}=${want.version}`], { encoding: 'utf8', env }));
  let r = install();
  if (r.status !== 0) {
    spawnSync('apt-get', ['update'], { encoding: 'utf8', env });
    r = install();
  }
  if (r.status !== 0 || installed(pkg) !== want.version) {
    throw new Error(`apt-get could not install ${pkg}=${want.version} (exit ${r.status}): ${String(r.stderr).trim().split('\n').slice(-3).join(' | ')}`);
  }
  // Debian starts a packaged server as a service where an init system runs (unless `services` keeps it from
  // starting); the tests start their own.
  return want.bin;
}
