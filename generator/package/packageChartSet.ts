// Rendered charts -> one .tgz per chart, in the order a registry needs them: the library, the sub-charts, the
// umbrellas, the bootstrap charts. A chart that depends on others carries their archives in charts/ (as `helm dependency build`
// leaves them) and a Chart.lock that names each archive's sha256. Pure: file map in, archives out.
import { createHash } from 'node:crypto';
import type { ChartRef, ChartSet } from '../model/buildChartSet.ts';
import { addArchiveDigests } from '../render/chartLock.ts';
import type { FileMap } from '../render/renderSubchart.ts';
import { umbrellaDependencies } from '../render/renderUmbrella.ts';
import { helmignore } from './helmignore.ts';
import { type TarFile, tgz } from './tarball.ts';

export interface ChartPackage {
  name: string;
  version: string;
  /** "<name>-<version>.tgz" */
  fileName: string;
  archive: Buffer;
  /** "sha256:<hex>" of the archive: the chart layer's digest once pushed. */
  digest: string;
  /** The chart's Chart.yaml as packaged (for the provenance file). */
  chartYaml: string;
  /** The charts it depends on (each once) and carries in charts/. */
  dependencies: ChartRef[];
}

export const archiveName = (name: string, version: string) => `${name}-${version}.tgz`;
export const sha256 = (data: Buffer | string) => `sha256:${createHash('sha256').update(data).digest('hex')}`;

/** One chart's archive from its rendered files (keys relative to the chart folder). */
export function packageChart(name: string, version: string, files: FileMap, deps: ChartRef[], built: Map<string, ChartPackage>): ChartPackage {
  const ignored = helmignore(files.get('.helmignore') ?? '', `${name}/.helmignore`);
  const unique = [...new Map(deps.map((d) => [`${d.name}-${d.version}`, { name: d.name, version: d.version, repository: d.repository }])).values()];
  const carried = unique.map((d) => {
    const pkg = built.get(`${d.name}-${d.version}`);
    if (!pkg) throw new Error(`cannot package ${name} ${version}: its dependency ${d.name} ${d.version} is not one of the charts packaged before it`);
    return pkg;
  });
  const entries: TarFile[] = [];
  for (const [path, body] of files) {
    if (ignored(path)) continue;
    const text = path === 'Chart.lock' && carried.length ? addArchiveDigests(body, new Map(carried.map((p) => [`${p.name}-${p.version}`, p.digest])), `${name}/Chart.lock`) : body;
    entries.push({ path: `${name}/${path}`, body: Buffer.from(text) });
  }
  for (const p of carried) entries.push({ path: `${name}/charts/${p.fileName}`, body: p.archive });
  const archive = tgz(entries);
  return {
    name,
    version,
    fileName: archiveName(name, version),
    archive,
    digest: sha256(archive),
    chartYaml: files.get('Chart.yaml') ?? '',
    dependencies: unique,
  };
}

/** The files of one chart of the map, keyed relative to its folder. */
function chartFiles(files: FileMap, outDir: string, chart: string): FileMap {
  const prefix = `${outDir}/${chart}/`;
  const out: FileMap = new Map();
  for (const [path, body] of files) if (path.startsWith(prefix)) out.set(path.slice(prefix.length), body);
  if (!out.has('Chart.yaml')) throw new Error(`cannot package ${chart}: the rendered files have no ${prefix}Chart.yaml`);
  return out;
}

/** Every chart of the set, dependencies before the charts that carry them. */
export function packageChartSet(set: ChartSet, files: FileMap, outDir = 'charts'): ChartPackage[] {
  const built = new Map<string, ChartPackage>();
  const add = (name: string, version: string, deps: ChartRef[]) => {
    const pkg = packageChart(name, version, chartFiles(files, outDir, name), deps, built);
    built.set(`${name}-${version}`, pkg);
    return pkg;
  };
  return [
    add(set.library.name, set.library.version, []),
    ...set.subcharts.map((s) => add(s.name, s.version, [s.library])),
    ...set.umbrellas.map((u) => add(u.name, u.version, umbrellaDependencies(u))),
    ...set.bootstraps.map((b) => add(b.name, b.version, [b.library])),
  ];
}
