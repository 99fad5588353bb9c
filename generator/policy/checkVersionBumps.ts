// A chart whose content changed must change its version: Argo CD, OCI registries and `ct` key on it.
// Compares the rendered Chart.yaml files with the ones already on disk (the previous generation) and,
// when that comparison objects, with the last commit: a version already bumped since the last commit
// covers every further edit until the next one, and so does a chart the last commit does not have yet.
import { resolve } from 'node:path';
import type { ChartSet } from '../model/buildChartSet.ts';
import { chartHead, readPreviousChartSet } from '../previous/readPreviousChartSet.ts';
import type { FileMap } from '../render/renderSubchart.ts';
import type { ValueProblem } from '../parse/formatIssues.ts';

/**
 * One problem per chart whose digest changed while its version stayed; charts never generated pass.
 * The last commit is read only for charts that would otherwise be refused.
 */
export async function checkVersionBumps(set: ChartSet, files: FileMap, outDir: string, cwd: string): Promise<ValueProblem[]> {
  const sources = [
    ...set.subcharts.map((s) => ({ name: s.name, file: `generator/components/${s.component.spec.id}/index.ts`, path: 'chart.version' })),
    ...set.umbrellas.map((u) => ({ name: u.name, file: u.sourceFile, path: 'version' })),
    ...set.bootstraps.map((b) => ({ name: b.name, file: b.sourceFile, path: b.delivery.versionPath })),
  ];
  const out = resolve(cwd, outDir);
  const onDisk = await readPreviousChartSet({ kind: 'disk', out }, sources.map((s) => s.name));
  const changed = sources.filter(({ name }) => {
    const before = onDisk.charts.get(name)!;
    const after = chartHead(name, files.get(`${outDir}/${name}/Chart.yaml`));
    return before.digest && before.digest !== after.digest && before.version === after.version;
  });
  if (changed.length === 0) return [];
  // Every chart of the last commit's output folder: a chart it lacks is new since then.
  const committed = await readPreviousChartSet({ kind: 'git', ref: 'HEAD', cwd: out, out });
  const hasCommit = [...committed.charts.values()].some((c) => c.version);
  const problems: ValueProblem[] = [];
  for (const { name, file, path } of changed) {
    const before = onDisk.charts.get(name)!;
    const after = chartHead(name, files.get(`${outDir}/${name}/Chart.yaml`));
    const last = committed.charts.get(name);
    // Bumped since the last commit (nothing released under this version yet), or back to what is committed.
    if (last?.version && (last.version !== after.version || last.digest === after.digest)) continue;
    // Not in the last commit, which holds other charts of this folder: nothing released under any version yet.
    if (!last?.version && hasCommit) continue;
    problems.push({
      file,
      path,
      message: `chart ${name} changed (content ${before.digest!.slice(7, 19)} -> ${after.digest?.slice(7, 19)}) but its version ${after.version} did not; expected a higher version`,
    });
  }
  return problems;
}
