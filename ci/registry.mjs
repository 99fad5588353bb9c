// The OCI registry the delivery tests publish to: Debian's docker-registry (CNCF Distribution), pinned.
// It is a system package, so it is installed with apt-get (CI runs as root) rather than built into the cache;
// another version already installed is refused, never replaced behind the user's back.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

export const REGISTRY = { package: 'docker-registry', version: '2.8.2+ds1-1', bin: '/usr/bin/docker-registry' };

function log(msg) {
  process.stderr.write(`[tools] ${msg}\n`);
}

/** The installed package version, or undefined. */
function installed() {
  const r = spawnSync('dpkg-query', ['-W', '-f', '${Status} ${Version}', REGISTRY.package], { encoding: 'utf8' });
  const m = /^install ok installed (\S+)$/.exec(r.stdout?.trim() ?? '');
  return r.status === 0 && m ? m[1] : undefined;
}

/** Path of the pinned docker-registry, installing it with apt-get when `build` is true. */
export function registryPath({ build = true } = {}) {
  const version = installed();
  if (version && version !== REGISTRY.version) {
    throw new Error(`${REGISTRY.package} ${version} is installed; expected ${REGISTRY.version} (ci/registry.mjs): install that version (apt-get install ${REGISTRY.package}=${REGISTRY.version}) or change the pin`);
  }
  if (version && existsSync(REGISTRY.bin)) return REGISTRY.bin;
  if (!build) return undefined;
  if (spawnSync('apt-get', ['--version']).status !== 0) {
    throw new Error(`${REGISTRY.package} ${REGISTRY.version} is not installed and there is no apt-get: install CNCF Distribution 2.8.2 as ${REGISTRY.bin} (the delivery tests run it as \`docker-registry serve CONFIG\`)`);
  }
  if (process.getuid?.() !== 0) {
    throw new Error(`${REGISTRY.package} ${REGISTRY.version} is not installed: run \`sudo apt-get install -y ${REGISTRY.package}=${REGISTRY.version}\` (the tests need it; installing takes root)`);
  }
  log(`installing ${REGISTRY.package} ${REGISTRY.version} with apt-get (first run only)...`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const install = () => spawnSync('apt-get', ['install', '-y', '--no-install-recommends', `${REGISTRY.package}=${REGISTRY.version}`], { encoding: 'utf8', env });
  let r = install();
  if (r.status !== 0) {
    spawnSync('apt-get', ['update'], { encoding: 'utf8', env });
    r = install();
  }
  if (r.status !== 0 || installed() !== REGISTRY.version) {
    throw new Error(`apt-get could not install ${REGISTRY.package}=${REGISTRY.version} (exit ${r.status}): ${String(r.stderr).trim().split('\n').slice(-3).join(' | ')}`);
  }
  return REGISTRY.bin;
}
