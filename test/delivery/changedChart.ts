// The chart set with one template of one component changed, rendered and packaged the way `package` does:
// the component's template folder is copied, one template gets an added line, and the set is rendered again.
import { appendFileSync, cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Component } from '../../generator/dsl/component.ts';
import { renderForRepository } from '../../generator/generate.ts';
import type { ChartSet, Repository } from '../../generator/model/buildChartSet.ts';
import { packageChartSet } from '../../generator/package/packageChartSet.ts';
import { renderChartSet } from '../../generator/render/renderChartSet.ts';
import { REPO } from '../helpers/helm.ts';

/** Packages of the set as sources give them, and with `template` of `chart` changed. */
export async function packagesWithChangedTemplate(repository: Repository, chart: string, template: string) {
  const { set, files, outDir } = await renderForRepository({ cwd: REPO, repository });
  const sub = set.subcharts.find((s) => s.name === chart)!;
  const dir = mkdtempSync(join(tmpdir(), 'appgear-templates-'));
  cpSync(fileURLToPath(sub.component.spec.templatesDir), dir, { recursive: true });
  appendFileSync(join(dir, template), '{{- /* a changed template */}}\n');
  const component = { spec: { ...sub.component.spec, templatesDir: pathToFileURL(`${dir}/`) }, chartSchema: sub.component.chartSchema } as unknown as Component;
  const changed: ChartSet = { ...set, subcharts: set.subcharts.map((s) => (s === sub ? { ...s, component } : s)) };
  return { before: packageChartSet(set, files, outDir), after: packageChartSet(changed, await renderChartSet(changed, outDir, REPO), outDir) };
}
