// A folder of chart archives (what `appgear-charts package` wrote), read back for publishing: each archive's
// Chart.yaml, checked to be packaged for the registry it is going to, in the order a registry needs them.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { sha256 } from '../package/packageChartSet.ts';
import { untgz } from '../package/tarball.ts';

export interface PackageFile {
  name: string;
  version: string;
  path: string;
  fileName: string;
  /** "sha256:<hex>" of the archive. */
  digest: string;
  /** Dependencies as its Chart.yaml names them. */
  dependencies: { name: string; version: string; repository: string }[];
  signed: boolean;
}

export class PackagesError extends Error {}

interface ChartYaml { name?: string; version?: string; type?: string; dependencies?: { name: string; version: string; repository: string }[] }

/** The Chart.yaml of an archive: the one file "<chart>/Chart.yaml" at its top. */
export function archiveChartYaml(archive: Buffer, where: string): ChartYaml {
  let files: Map<string, Buffer>;
  try {
    files = untgz(archive);
  } catch (err) {
    throw new PackagesError(`${where}: cannot read it as a gzipped tar archive (${(err as Error).message}); expected a chart archive`);
  }
  const tops = [...files.keys()].filter((p) => /^[^/]+\/Chart\.yaml$/.test(p));
  if (tops.length !== 1) throw new PackagesError(`${where}: expected one <chart>/Chart.yaml at the top of the archive, found ${tops.length}`);
  return parse(files.get(tops[0]!)!.toString('utf8')) as ChartYaml;
}

/** The archives of `dir` (every *.tgz), dependencies first; each must name `url` as its dependencies' repository. */
export function readPackages(dir: string, url: string): PackageFile[] {
  if (!existsSync(dir)) throw new PackagesError(`--packages ${dir}: no such folder; expected the folder \`appgear-charts package --out\` wrote`);
  const files = readdirSync(dir).filter((f) => f.endsWith('.tgz')).sort();
  if (files.length === 0) throw new PackagesError(`--packages ${dir}: no chart archives (*.tgz) in it; expected the folder \`appgear-charts package --out\` wrote`);
  const packages = files.map((fileName): PackageFile & { library: boolean } => {
    const path = join(dir, fileName);
    const archive = readFileSync(path);
    const chart = archiveChartYaml(archive, path);
    if (!chart.name || !chart.version) throw new PackagesError(`${path}: its Chart.yaml has no name or version`);
    if (fileName !== `${chart.name}-${chart.version}.tgz`) throw new PackagesError(`${path}: holds ${chart.name} ${chart.version}; expected the file to be named ${chart.name}-${chart.version}.tgz`);
    for (const d of chart.dependencies ?? []) {
      if (d.repository.replace(/\/+$/, '') !== url) {
        throw new PackagesError(`${path}: dependency ${d.name} ${d.version} points at ${d.repository}; expected ${url} (package with \`--repository ${url}\`)`);
      }
    }
    return {
      name: chart.name,
      version: chart.version,
      path,
      fileName,
      digest: sha256(archive),
      dependencies: chart.dependencies ?? [],
      signed: existsSync(`${path}.prov`),
      library: chart.type === 'library',
    };
  });
  // Libraries, then each chart once every chart of the folder it depends on is placed.
  const ordered: typeof packages = [];
  const placed = new Set<string>();
  const inFolder = new Set(packages.map((p) => p.name));
  let rest = [...packages].sort((a, b) => Number(b.library) - Number(a.library));
  while (rest.length) {
    const next = rest.find((p) => p.dependencies.every((d) => !inFolder.has(d.name) || placed.has(d.name)));
    if (!next) throw new PackagesError(`${dir}: the charts ${rest.map((p) => p.name).join(', ')} depend on each other in a cycle`);
    ordered.push(next);
    placed.add(next.name);
    rest = rest.filter((p) => p !== next);
  }
  return ordered.map(({ library: _, ...p }) => p);
}
