// `appgear-charts publish` against a real registry (docker-registry on 127.0.0.1): what Helm 3 and 4 pull from
// it renders, its chart layers are the digests the umbrella's lock names, a second publish changes nothing,
// changed content under a published version is refused before anything is pushed, and provenance travels.
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256 } from '../../generator/package/packageChartSet.ts';
import { tgz, untgz } from '../../generator/package/tarball.ts';
import { REPO, chartNames, helms, isBootstrap, isUmbrella, parseManifests } from '../helpers/helm.ts';
import { cliWith } from '../helpers/workspace.ts';
import { packagesWithChangedTemplate } from './changedChart.ts';
import { type TestKey, throwawayKey } from './gpg.ts';
import { type Registry, chartLayerDigest, startRegistry } from './registry.ts';

const CHARTS = chartNames({ libraries: true });
const version = (chart: string) => (parse(readFileSync(join(REPO, 'charts', chart, 'Chart.yaml'), 'utf8')) as { version: string }).version;
const [helm3, helm4] = helms();

let registry: Registry;
let key: TestKey;
let url: string;
let packages: string;
let first: { exitCode: number; stdout: string; stderr: string };
let firstMs = 0;

/** Every chart's manifest digest in the registry (the tag's content). */
async function manifests(repoPath: string): Promise<Record<string, number | string>> {
  const out: Record<string, number | string> = {};
  for (const c of CHARTS) {
    const r = await fetch(`http://${registry.host}/v2/${repoPath}/${c}/manifests/${version(c)}`, { headers: { Accept: 'application/vnd.oci.image.manifest.v1+json' } });
    out[c] = r.status === 200 ? r.headers.get('docker-content-digest')! : r.status;
  }
  return out;
}

beforeAll(async () => {
  [registry, key] = await Promise.all([startRegistry(), throwawayKey('publisher')]);
  url = `oci://${registry.host}/appgear/charts`;
  packages = mkdtempSync(join(tmpdir(), 'appgear-published-'));
  const t0 = performance.now();
  first = await cliWith({ HELM: helm3!.bin, GNUPGHOME: key.home }, REPO, 'publish', url, '--plain-http', '--out', packages, '--sign', '--key', key.email);
  firstMs = performance.now() - t0;
});
afterAll(async () => {
  await registry?.stop();
  key?.done();
});

describe('publish to an OCI registry', () => {
  it('pushes the library, then the sub-charts, then the umbrellas, then the bootstrap, printing the digests Helm reports', () => {
    expect(first.exitCode, first.stderr).toBe(0);
    const pushed = [...first.stdout.matchAll(/^  (\S+) (\S+): pushed (\S+), manifest (sha256:[0-9a-f]{64}), chart layer (sha256:[0-9a-f]{64}), with provenance$/gm)];
    const bootstraps = CHARTS.filter(isBootstrap);
    const umbrellas = CHARTS.filter(isUmbrella);
    const subcharts = CHARTS.filter((c) => c !== 'appgear-common' && !bootstraps.includes(c) && !umbrellas.includes(c));
    expect(umbrellas).toEqual(['appgear', 'robson']);
    expect(bootstraps).toEqual(['appgear-bootstrap', 'robson-bootstrap']);
    expect(subcharts).toContain('app');
    expect(pushed.map((m) => m[1])).toEqual(['appgear-common', ...subcharts, ...umbrellas, ...bootstraps]);
    for (const m of pushed) expect(m[3]).toBe(`${registry.host}/appgear/charts/${m[1]}:${m[2]}`);
    expect(first.stdout).toContain(`Published ${CHARTS.length} charts, 0 already there and identical, to ${url}`);
    console.log(`publish: ${pushed.length} charts published to ${registry.host} in ${firstMs.toFixed(0)} ms (packaged, signed, checked, pushed)`);
  });

  it('has in the registry, as chart layers, exactly the archives the umbrella\'s Chart.lock names', async () => {
    const umbrella = untgz(readFileSync(join(packages, `appgear-${version('appgear')}.tgz`)));
    const lock = parse(umbrella.get('appgear/Chart.lock')!.toString()) as { dependencies: { name: string; version: string; repository: string; digest: string }[] };
    let compared = 0;
    for (const d of lock.dependencies) {
      expect(d.repository).toBe(url);
      expect(await chartLayerDigest(registry, `appgear/charts/${d.name}`, d.version), d.name).toBe(d.digest);
      compared++;
    }
    for (const c of CHARTS) {
      expect(await chartLayerDigest(registry, `appgear/charts/${c}`, version(c)), c).toBe(sha256(readFileSync(join(packages, `${c}-${version(c)}.tgz`))));
      compared++;
    }
    console.log(`publish: ${compared} registry chart-layer digests compared with the umbrella's Chart.lock and the archives`);
  });

  it.each([['helm3', helm3!], ['helm4', helm4!]])('is pulled, verified and rendered by %s from the registry', async (_, helm) => {
    const dir = mkdtempSync(join(tmpdir(), 'appgear-pull-'));
    const pull = await execa(helm.bin, ['pull', `${url}/appgear`, '--version', version('appgear'), '--plain-http', '--destination', dir, '--verify', '--keyring', key.pubring], { reject: false });
    expect(pull.exitCode, String(pull.stderr)).toBe(0);
    expect(sha256(readFileSync(join(dir, `appgear-${version('appgear')}.tgz`)))).toBe(sha256(readFileSync(join(packages, `appgear-${version('appgear')}.tgz`))));
    const template = await execa(helm.bin, ['template', 'core', `${url}/appgear`, '--version', version('appgear'), '--plain-http'], { reject: false });
    expect(template.exitCode, String(template.stderr)).toBe(0);
    const objects = parseManifests(String(template.stdout));
    expect(objects.some((o) => o.kind === 'StatefulSet' && o.metadata.name === 'core-redis')).toBe(true);
    // The lock with our per-dependency digests is one Helm accepts: dependency build fetches from the registry.
    const unpacked = mkdtempSync(join(tmpdir(), 'appgear-depbuild-'));
    await execa('tar', ['-xzf', join(dir, `appgear-${version('appgear')}.tgz`), '-C', unpacked]);
    await execa('rm', ['-rf', join(unpacked, 'appgear/charts')]);
    const build = await execa(helm.bin, ['dependency', 'build', join(unpacked, 'appgear'), '--plain-http'], { reject: false });
    expect(build.exitCode, String(build.stderr)).toBe(0);
    const lock = parse(readFileSync(join(unpacked, 'appgear/Chart.lock'), 'utf8')) as { dependencies: { name: string; version: string; digest: string }[] };
    for (const d of lock.dependencies) {
      expect(sha256(readFileSync(join(unpacked, 'appgear/charts', `${d.name}-${d.version}.tgz`))), d.name).toBe(d.digest);
    }
    console.log(`publish: ${helm.name} pulled (--verify), rendered ${objects.length} objects and rebuilt ${lock.dependencies.length} dependencies from ${registry.host}`);
  });

  it('skips every chart on a second publish of unchanged sources ("already published, identical")', async () => {
    const before = await manifests('appgear/charts');
    const again = await cliWith({ HELM: helm4!.bin }, REPO, 'publish', url, '--plain-http', '--packages', packages);
    expect(again.exitCode, again.stderr).toBe(0);
    for (const c of CHARTS) expect(again.stdout).toContain(`  ${c} ${version(c)}: already published, identical (sha256:`);
    expect(again.stdout).toContain(`Published 0 charts, ${CHARTS.length} already there and identical`);
    expect(await manifests('appgear/charts')).toEqual(before);
  });

  it('refuses changed content under a published version, naming chart and both digests, and pushes nothing', async () => {
    const { after } = await packagesWithChangedTemplate({ kind: 'remote', url }, 'core-redis', 'statefulset.yaml.hbs');
    const dir = mkdtempSync(join(tmpdir(), 'appgear-changed-'));
    for (const p of after) writeFileSync(join(dir, p.fileName), p.archive);
    const before = await manifests('appgear/charts');
    const r = await cliWith({ HELM: helm3!.bin }, REPO, 'publish', url, '--plain-http', '--packages', dir);
    expect(r.exitCode).toBe(2);
    const ours = (c: string) => after.find((p) => p.name === c)!.digest;
    const theirs = (c: string) => sha256(readFileSync(join(packages, `${c}-${version(c)}.tgz`)));
    // core-redis and both umbrellas that carry it.
    expect(r.stderr).toContain(`${url} already holds 3 charts under the same version with other content; nothing was pushed:`);
    for (const c of ['core-redis', 'appgear', 'robson']) {
      expect(r.stderr).toContain(`  ${c} ${version(c)}: the registry's archive is ${theirs(c)}, ours is ${ours(c)}; expected a new version`);
    }
    expect(await manifests('appgear/charts')).toEqual(before);
  });

  it('fails a tampered upload on helm pull --verify, where the genuine one passes (Helm 3 and 4)', async () => {
    const name = `core-redis-${version('core-redis')}.tgz`;
    const dir = mkdtempSync(join(tmpdir(), 'appgear-tamper-'));
    const files = untgz(readFileSync(join(packages, name)));
    files.set('core-redis/templates/statefulset.yaml', Buffer.from(`${files.get('core-redis/templates/statefulset.yaml')}# tampered\n`));
    writeFileSync(join(dir, name), tgz([...files].map(([path, body]) => ({ path, body }))));
    cpSync(join(packages, `${name}.prov`), join(dir, `${name}.prov`)); // the original provenance, pushed along
    const tamperedUrl = `oci://${registry.host}/appgear/tampered`;
    const push = await execa(helm3!.bin, ['push', join(dir, name), tamperedUrl, '--plain-http'], { reject: false });
    expect(push.exitCode, String(push.stderr)).toBe(0);
    for (const helm of [helm3!, helm4!]) {
      const verify = await execa(helm.bin, ['verify', '--keyring', key.pubring, join(dir, name)], { reject: false });
      expect(verify.exitCode, helm.name).not.toBe(0);
      const bad = await execa(helm.bin, ['pull', `${tamperedUrl}/core-redis`, '--version', version('core-redis'), '--plain-http', '--destination', mkdtempSync(join(tmpdir(), 'appgear-bad-')), '--verify', '--keyring', key.pubring], { reject: false });
      expect(bad.exitCode, `${helm.name}: ${String(bad.stdout)}`).not.toBe(0);
      expect(String(bad.stderr), helm.name).toMatch(/sha256 sum does not match/);
      const good = await execa(helm.bin, ['pull', `${url}/core-redis`, '--version', version('core-redis'), '--plain-http', '--destination', mkdtempSync(join(tmpdir(), 'appgear-good-')), '--verify', '--keyring', key.pubring], { reject: false });
      expect(good.exitCode, `${helm.name}: ${String(good.stderr)}`).toBe(0);
      expect(String(good.stdout) + String(good.stderr)).toContain(`Signed by: AppGear publisher <${key.email}>`);
    }
  });

  it('says in words when the registry cannot be reached (not taken for "not published yet")', async () => {
    const r = await cliWith({ HELM: helm3!.bin }, REPO, 'publish', 'oci://127.0.0.1:9/appgear/charts', '--plain-http', '--packages', packages);
    // Packages made for another registry are refused first; package for this one to get to the network.
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain('expected oci://127.0.0.1:9/appgear/charts (package with `--repository oci://127.0.0.1:9/appgear/charts`)');
    const unreachable = await cliWith({ HELM: helm3!.bin }, REPO, 'publish', 'oci://127.0.0.1:9/appgear/charts', '--plain-http');
    expect(unreachable.exitCode).toBe(2);
    expect(unreachable.stderr).toMatch(/appgear-charts: cannot read oci:\/\/127\.0\.0\.1:9\/appgear\/charts\/appgear-common 0\.1\.\d+ from the registry: .*connection refused/);
    expect(unreachable.stdout).not.toContain('pushed');
  });
});
