// The whole output as a file map keyed by repository-relative path. Pure: models in, text out.
import type { ChartSet, UmbrellaModel } from '../model/buildChartSet.ts';
import type { JsonSchema } from '../schema/emitValuesSchema.ts';
import { dirname, relative, resolve, sep } from 'node:path';
import { emitTypesCached } from '../schema/emitTypes.ts';
import { renderChartLock } from './chartLock.ts';
import { renderLibrary } from './renderLibrary.ts';
import { type FileMap, renderSubchart } from './renderSubchart.ts';
import { renderBootstrap } from './renderBootstrap.ts';
import { renderUmbrella } from './renderUmbrella.ts';

/** The umbrella's schema for its types: each sub-chart's values by reference to that chart's own types. */
function umbrellaTypesSchema(u: UmbrellaModel): JsonSchema {
  const properties = { ...(u.schema.properties as Record<string, JsonSchema>) };
  for (const d of u.dependencies) {
    properties[d.key] = { tsType: `import('../${d.chart.name}/values.js').${typeName(d.chart.name)}`, description: properties[d.key]!.title };
  }
  return { ...u.schema, properties };
}

/** Interface name of a chart's values type: "core-postgres" -> "CorePostgresValues". */
export const typeName = (chart: string) => `${chart.replace(/(^|-)([a-z0-9])/g, (_, __, c: string) => c.toUpperCase())}Values`;

/**
 * Keys are `outDir`-prefixed paths (relative to `cwd`, or absolute). `lockFile` (relative to `cwd`) adds the
 * chart-set lock there, its repositories relative to its folder; without it, no lock. `cwd` is only read:
 * generated types are reused when their schema has not changed.
 */
export async function renderChartSet(set: ChartSet, outDir = 'charts', cwd = process.cwd(), lockFile?: string): Promise<FileMap> {
  const files: FileMap = new Map();
  const add = (chart: string, chartFiles: FileMap) => {
    for (const [p, body] of chartFiles) files.set(`${outDir}/${chart}/${p}`, body);
  };
  add(set.library.name, renderLibrary(set.library.meta));
  for (const s of set.subcharts) add(s.name, renderSubchart(s));
  for (const u of set.umbrellas) add(u.name, renderUmbrella(u));
  for (const b of set.bootstraps) add(b.name, renderBootstrap(b));

  const schemas = [
    ...set.subcharts.map((s) => [s.name, s.schema] as const),
    ...set.umbrellas.map((u) => [u.name, umbrellaTypesSchema(u)] as const),
    ...set.bootstraps.map((b) => [b.name, b.schema] as const),
  ];
  const types = await Promise.all(schemas.map(([name, schema]) => emitTypesCached(schema, typeName(name), resolve(cwd, outDir, name, 'values.d.ts'))));
  schemas.forEach(([name], i) => files.set(`${outDir}/${name}/values.d.ts`, types[i]!));

  const all = [
    { name: set.library.name, version: set.library.version },
    ...set.subcharts.map((s) => ({ name: s.name, version: s.version })),
    ...set.umbrellas.map((u) => ({ name: u.name, version: u.version })),
    ...set.bootstraps.map((b) => ({ name: b.name, version: b.version })),
  ];
  if (lockFile !== undefined) {
    const from = dirname(resolve(cwd, lockFile));
    const repository = (chart: string) => `file://${relative(from, resolve(cwd, outDir, chart)).split(sep).join('/')}`;
    files.set(lockFile, renderChartLock(all.map((c) => ({ ...c, repository: repository(c.name) }))));
  }
  return new Map([...files].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
