// `appgear-charts package`: reproducible archives that carry their dependencies, a Chart.lock naming each
// carried archive's digest, provenance files Helm 3 and 4 verify, and errors in words.
import { mkdtempSync, readdirSync, readFileSync, writeFileSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256 } from '../../generator/package/packageChartSet.ts';
import { tgz, untgz } from '../../generator/package/tarball.ts';
import { REPO, chartNames, helms, parseManifests } from '../helpers/helm.ts';
import { cliWith } from '../helpers/workspace.ts';
import { packagesWithChangedTemplate } from './changedChart.ts';
import { type TestKey, throwawayKey } from './gpg.ts';

const CHARTS = chartNames({ libraries: true });
const archives = (dir: string) => readdirSync(dir).filter((f) => f.endsWith('.tgz')).sort();
const version = (chart: string) => (parse(readFileSync(join(REPO, 'charts', chart, 'Chart.yaml'), 'utf8')) as { version: string }).version;

let key: TestKey;
let other: TestKey;
let signed: string;
beforeAll(async () => {
  [key, other] = await Promise.all([throwawayKey('signer'), throwawayKey('stranger')]);
  signed = mkdtempSync(join(tmpdir(), 'appgear-signed-'));
  const r = await cliWith({ GNUPGHOME: key.home }, REPO, 'package', '--out', signed, '--sign', '--key', key.email);
  expect(r.exitCode, r.stderr).toBe(0);
});
afterAll(() => {
  key?.done();
  other?.done();
});

describe('package', () => {
  it('writes every chart as <name>-<version>.tgz, byte-identical when packaged again from unchanged sources', async () => {
    const [a, b] = [mkdtempSync(join(tmpdir(), 'appgear-pkg-')), mkdtempSync(join(tmpdir(), 'appgear-pkg-'))];
    const t0 = performance.now();
    const first = await cliWith({}, REPO, 'package', '--out', a);
    const ms = performance.now() - t0;
    const second = await cliWith({}, REPO, 'package', '--out', b);
    expect(first.exitCode, first.stderr).toBe(0);
    expect(second.exitCode, second.stderr).toBe(0);
    expect(archives(a)).toEqual(CHARTS.map((c) => `${c}-${version(c)}.tgz`).sort());
    for (const f of archives(a)) expect(sha256(readFileSync(join(b, f))), f).toBe(sha256(readFileSync(join(a, f))));
    // One line per package (name, version, sha256, bytes) and a total.
    for (const f of archives(a)) {
      const [name, v] = [f.replace(/-\d+\.\d+\.\d+\.tgz$/, ''), /(\d+\.\d+\.\d+)\.tgz$/.exec(f)![1]!];
      expect(first.stdout).toMatch(new RegExp(`\\n  ${name} ${v.replaceAll('.', '\\.')} +${sha256(readFileSync(join(a, f)))}  ${readFileSync(join(a, f)).length} bytes\\n`));
    }
    expect(first.stdout).toMatch(new RegExp(`\\n  total: ${CHARTS.length} packages, \\d+ bytes`));
    console.log(`package: ${CHARTS.length} charts packaged twice, ${CHARTS.length} digests compared, byte-identical (${ms.toFixed(0)} ms for one run)`);
  });

  it('gives each archive deterministic headers: sorted entries, 0644/0755, owner 0, empty names, mtime 0', async () => {
    const listing = await execa('tar', ['--list', '--verbose', '--numeric-owner', '--full-time', '--file', join(signed, `core-redis-${version('core-redis')}.tgz`)]);
    const lines = String(listing.stdout).split('\n');
    const paths = lines.map((l) => l.split(/\s+/).at(-1)!);
    expect(paths).toEqual([...paths].sort());
    for (const l of lines) expect(l, l).toMatch(/^(-rw-r--r-- 0\/0 +\d+|drwxr-xr-x 0\/0 +0) 1970-01-01 00:00:00 core-redis\//);
    // values.d.ts is for the generator's users, and .helmignore leaves it out, as `helm package` would.
    expect(paths).not.toContain('core-redis/values.d.ts');
    expect(paths).toContain(`core-redis/charts/appgear-common-${version('appgear-common')}.tgz`);
  });

  it('puts every dependency\'s archive in the umbrella, with its sha256 in Chart.lock, and the environments\' values', () => {
    const umbrella = untgz(readFileSync(join(signed, `appgear-${version('appgear')}.tgz`)));
    const lock = parse(umbrella.get('appgear/Chart.lock')!.toString()) as { dependencies: { name: string; version: string; repository: string; digest: string }[]; digest: string };
    const committed = parse(readFileSync(join(REPO, 'charts/appgear/Chart.lock'), 'utf8')) as { dependencies: unknown[]; digest: string };
    // Helm's fields and its lock digest as in charts/; our per-dependency digest added.
    expect(lock.digest).toBe(committed.digest);
    expect(lock.dependencies.map(({ digest: _, ...d }) => d)).toEqual(committed.dependencies);
    for (const d of lock.dependencies) {
      const carried = umbrella.get(`appgear/charts/${d.name}-${d.version}.tgz`);
      expect(carried, d.name).toBeDefined();
      expect(d.digest, d.name).toBe(sha256(carried!));
      expect(d.digest, d.name).toBe(sha256(readFileSync(join(signed, `${d.name}-${d.version}.tgz`))));
    }
    for (const env of readdirSync(join(REPO, 'charts/appgear')).filter((f) => /^values-.+\.yaml$/.test(f))) {
      expect(umbrella.get(`appgear/${env}`)?.toString(), env).toBe(readFileSync(join(REPO, 'charts/appgear', env), 'utf8'));
    }
    console.log(`package: umbrella carries ${lock.dependencies.length} dependency archives, ${lock.dependencies.length} lock digests compared`);
  });

  it.each(helms().map((h) => [h.name, h]))('renders with %s from the archive alone (dependencies carried)', async (_, helm) => {
    const chart = join(signed, `appgear-${version('appgear')}.tgz`);
    const r = await execa(helm.bin, ['template', 'core', chart, '-f', join(REPO, 'charts/appgear/values-production.yaml')], { reject: false });
    expect(r.exitCode, String(r.stderr)).toBe(0);
    expect(parseManifests(String(r.stdout)).length).toBeGreaterThan(20);
    const lint = await execa(helm.bin, ['lint', '--strict', join(signed, `core-redis-${version('core-redis')}.tgz`)], { reject: false });
    expect(lint.exitCode, String(lint.stdout)).toBe(0);
  });

  it('changes only the changed chart\'s archive and those of the umbrellas carrying it when one template changes', async () => {
    const { before, after } = await packagesWithChangedTemplate({ kind: 'local' }, 'core-redis', 'statefulset.yaml.hbs');
    const changed = before.filter((p, i) => p.digest !== after[i]!.digest).map((p) => p.name);
    // Both umbrellas carry core-redis (the reference platform and the robson example); nothing else changes.
    expect(changed).toEqual(['core-redis', 'appgear', 'robson']);
    expect(after.map((p) => p.name)).toEqual(before.map((p) => p.name));
    console.log(`package: one template changed, ${before.length} digests compared, ${changed.length} changed (${changed.join(', ')})`);
  });
});

describe('package --sign', () => {
  const archive = (chart: string) => join(signed, `${chart}-${version(chart)}.tgz`);

  it('writes a provenance file Helm 3 and 4 verify with the exported public keyring', async () => {
    for (const chart of CHARTS) {
      const prov = readFileSync(`${archive(chart)}.prov`, 'utf8');
      expect(prov).toMatch(/^-----BEGIN PGP SIGNED MESSAGE-----\nHash: SHA256\n\n/);
      expect(prov).toContain(`\n...\nfiles:\n  ${chart}-${version(chart)}.tgz: ${sha256(readFileSync(archive(chart)))}\n-----BEGIN PGP SIGNATURE-----`);
      for (const helm of helms()) {
        const r = await execa(helm.bin, ['verify', '--keyring', key.pubring, archive(chart)], { reject: false });
        expect(r.exitCode, `${helm.name} ${chart}: ${String(r.stderr)}`).toBe(0);
        expect(String(r.stdout)).toContain(`Chart Hash Verified: ${sha256(readFileSync(archive(chart)))}`);
      }
    }
    console.log(`package --sign: ${CHARTS.length} provenance files verified by ${helms().length} Helm versions`);
  });

  it('fails verification for a tampered archive, and for another key', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'appgear-tampered-'));
    const name = `core-redis-${version('core-redis')}.tgz`;
    const files = untgz(readFileSync(archive('core-redis')));
    files.set('core-redis/values.yaml', Buffer.from(`${files.get('core-redis/values.yaml')}# tampered\n`));
    writeFileSync(join(dir, name), tgz([...files].map(([path, body]) => ({ path, body }))));
    cpSync(`${archive('core-redis')}.prov`, join(dir, `${name}.prov`));
    for (const helm of helms()) {
      const tampered = await execa(helm.bin, ['verify', '--keyring', key.pubring, join(dir, name)], { reject: false });
      expect(tampered.exitCode, helm.name).not.toBe(0);
      expect(String(tampered.stderr), helm.name).toMatch(/sha256 sum does not match/);
      const stranger = await execa(helm.bin, ['verify', '--keyring', other.pubring, archive('core-redis')], { reject: false });
      expect(stranger.exitCode, helm.name).not.toBe(0);
    }
  });

  it('signs with a secret key exported to a file (--keyring), without the user\'s keyring', async () => {
    const out = mkdtempSync(join(tmpdir(), 'appgear-keyring-'));
    const empty = mkdtempSync(join(tmpdir(), 'appgear-nogpg-'));
    const r = await cliWith({ GNUPGHOME: empty }, REPO, 'package', '--out', out, '--sign', '--key', key.email, '--keyring', key.secring);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/signed by [0-9A-F]{40}/);
    const [helm] = helms();
    const v = await execa(helm!.bin, ['verify', '--keyring', key.pubring, join(out, `appgear-${version('appgear')}.tgz`)], { reject: false });
    expect(v.exitCode, String(v.stderr)).toBe(0);
  });
});

describe('package errors (exit 2, in words)', () => {
  it('refuses a --repository that is not oci://HOST/PATH', async () => {
    for (const bad of ['https://ghcr.io/acme', 'oci://ghcr.io', 'oci://ghcr.io/Acme/charts', 'ghcr.io/acme/charts']) {
      const r = await cliWith({}, REPO, 'package', '--out', mkdtempSync(join(tmpdir(), 'appgear-bad-')), '--repository', bad);
      expect(r.exitCode, bad).toBe(2);
      expect(r.stderr).toContain(`--repository: expected an OCI registry location "oci://HOST/PATH", such as "oci://ghcr.io/acme/charts"`);
      expect(r.stderr).toContain(`found ${JSON.stringify(bad)}`);
    }
  });

  it('says so when gpg is missing, the key is unknown, or --sign lacks --key', async () => {
    const out = mkdtempSync(join(tmpdir(), 'appgear-bad-'));
    const noGpg = await cliWith({ GPG: '/nonexistent/gpg' }, REPO, 'package', '--out', out, '--sign', '--key', key.email);
    expect(noGpg.exitCode).toBe(2);
    expect(noGpg.stderr).toContain('cannot run gpg (/nonexistent/gpg) to sign the packages: install GnuPG 2.2 or later');
    const unknown = await cliWith({ GNUPGHOME: key.home }, REPO, 'package', '--out', out, '--sign', '--key', 'nobody@appgear.invalid');
    expect(unknown.exitCode).toBe(2);
    expect(unknown.stderr).toContain('no secret key "nobody@appgear.invalid" in the gpg keyring');
    const noKey = await cliWith({}, REPO, 'package', '--out', out, '--sign');
    expect(noKey.exitCode).toBe(2);
    expect(noKey.stderr).toContain('--sign expects --key NAME');
    // Nothing was written by a refused run.
    expect(readdirSync(out)).toEqual([]);
  });
});
