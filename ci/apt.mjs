// System packages the tests run as processes, from Debian, pinned: docker-registry (CNCF Distribution) is the
// OCI registry the delivery tests publish to; redis-server is the cache Argo CD's controllers and repo-server
// share in the Argo CD test. They are installed with apt-get (CI runs as root) rather than built into the
// cache; another version already installed is refused, never replaced behind the user's back.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

export const APT_PACKAGES = {
  'docker-registry': { version: '2.8.2+ds1-1', bin: '/usr/bin/docker-registry', use: 'the delivery tests run it as `docker-registry serve CONFIG`' },
  'redis-server': { version: '5:7.0.15-1~deb12u10', bin: '/usr/bin/redis-server', use: 'the Argo CD test runs it on 127.0.0.1 for Argo CD\'s components' },
};

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
  const install = () => spawnSync('apt-get', ['install', '-y', '--no-install-recommends', `${pkg}=${want.version}`], { encoding: 'utf8', env });
  let r = install();
  if (r.status !== 0) {
    spawnSync('apt-get', ['update'], { encoding: 'utf8', env });
    r = install();
  }
  if (r.status !== 0 || installed(pkg) !== want.version) {
    throw new Error(`apt-get could not install ${pkg}=${want.version} (exit ${r.status}): ${String(r.stderr).trim().split('\n').slice(-3).join(' | ')}`);
  }
  // Debian starts a packaged server as a service where an init system runs; the tests start their own.
  return want.bin;
}
