// The previous chart set read from a registry (what the version-bump and upgrade checks compare with once the
// charts are published): version, content digest and files of each chart as the registry holds them.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writePackages } from '../../generator/package/writePackages.ts';
import { chartHead, readPreviousChartSet } from '../../generator/previous/readPreviousChartSet.ts';
import { publishPackages } from '../../generator/publish/publishPackages.ts';
import { untgz } from '../../generator/package/tarball.ts';
import { findHelm, RegistryError } from '../../generator/tools/helm.ts';
import { REPO, helms } from '../helpers/helm.ts';
import { type Registry, startRegistry } from './registry.ts';

let registry: Registry;
let url: string;
let dir: string;
const version = (chart: string) => (parse(readFileSync(join(REPO, 'charts', chart, 'Chart.yaml'), 'utf8')) as { version: string }).version;

beforeAll(async () => {
  registry = await startRegistry();
  url = `oci://${registry.host}/previous`;
  dir = mkdtempSync(join(tmpdir(), 'appgear-previous-pkgs-'));
  const helm = await findHelm(helms()[1]!.bin);
  const written = await writePackages({ cwd: REPO, repository: { kind: 'remote', url }, dir });
  // Only the library and two sub-charts are published: the rest stand for charts never released.
  const some = written.packages.filter((p) => ['appgear-common', 'core-redis', 'core-postgres'].includes(p.name));
  await publishPackages(some, url, helm, { plainHttp: true }, () => {});
});
afterAll(async () => {
  await registry?.stop();
});

describe('readPreviousChartSet from an OCI registry', () => {
  it.each(helms().map((h) => [h.name, h]))('reads version, content digest and files of published charts with %s', async (_, h) => {
    const helm = await findHelm(h.bin);
    const names = ['appgear-common', 'core-redis', 'core-postgres', 'core-qdrant', 'appgear'];
    const previous = await readPreviousChartSet({ kind: 'oci', url, helm, registry: { plainHttp: true } }, names);
    expect(previous.source).toBe(url);
    for (const name of ['appgear-common', 'core-redis', 'core-postgres']) {
      const archive = untgz(readFileSync(join(dir, `${name}-${version(name)}.tgz`)));
      const expected = chartHead(name, archive.get(`${name}/Chart.yaml`)!.toString());
      expect(previous.charts.get(name), name).toEqual(expected);
      expect(expected.version).toBe(version(name));
      expect(expected.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
      expect(await previous.file(name, 'values.yaml')).toBe(readFileSync(join(REPO, 'charts', name, 'values.yaml'), 'utf8'));
    }
    // Never published: no version, as a chart never generated.
    for (const name of ['core-qdrant', 'appgear']) expect(previous.charts.get(name)).toEqual({ name, version: undefined, digest: undefined });
    expect(await previous.file('core-qdrant', 'values.yaml')).toBeUndefined();
    console.log(`previous (${h.name}): ${names.length} charts read from ${registry.host}, 3 published, 2 absent`);
  });

  it('reads a given version, and no version when the registry lacks it', async () => {
    const helm = await findHelm(helms()[0]!.bin);
    const previous = await readPreviousChartSet({ kind: 'oci', url, helm, registry: { plainHttp: true }, versions: { 'core-redis': version('core-redis'), 'core-postgres': '0.0.1' } }, ['core-redis', 'core-postgres']);
    expect(previous.charts.get('core-redis')!.version).toBe(version('core-redis'));
    expect(previous.charts.get('core-postgres')!.version).toBeUndefined();
  });

  it('throws, in words, when the registry cannot be reached (never "not published")', async () => {
    const helm = await findHelm(helms()[0]!.bin);
    const read = readPreviousChartSet({ kind: 'oci', url: 'oci://127.0.0.1:9/previous', helm, registry: { plainHttp: true } }, ['core-redis']);
    await expect(read).rejects.toThrow(RegistryError);
    await expect(read).rejects.toThrow(/cannot read oci:\/\/127\.0\.0\.1:9\/previous\/core-redis from the registry: .*connection refused/);
  });
});
