#!/usr/bin/env node
// Renders every chart x scenario x environment of a charts folder with the pinned Helm, one normalised file
// per render (objects sorted by kind, namespace and name), so two generator versions can be compared with
// `diff -r`: a refactoring that must not change a rendered object shows an empty diff.
//   node ci/render-all.mjs OUT_DIR [CHARTS_DIR]
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseAllDocuments, stringify } from 'yaml';
import { toolPath } from './tools.mjs';

const [out, from = 'charts'] = process.argv.slice(2);
if (!out) {
  console.error('usage: node ci/render-all.mjs OUT_DIR [CHARTS_DIR]');
  process.exit(2);
}
const helm = toolPath('helm4');
const charts = mkdtempSync(join(tmpdir(), 'appgear-render-all-'));
cpSync(resolve(from), charts, { recursive: true });
const chartYaml = (c) => readFileSync(join(charts, c, 'Chart.yaml'), 'utf8');
const names = readdirSync(charts).filter((c) => existsSync(join(charts, c, 'Chart.yaml'))).sort();
const hasDependencies = (c) => /^dependencies:/m.test(chartYaml(c));
// An umbrella names its instances with aliases; a sub-chart depends on libraries only.
const isUmbrella = (c) => /^\s+alias:/m.test(chartYaml(c));
// Sub-charts first: an umbrella packages them (with their own dependencies) when its dependencies are built.
for (const c of [...names.filter((c) => !isUmbrella(c)), ...names.filter(isUmbrella)]) {
  if (hasDependencies(c)) execFileSync(helm, ['dependency', 'build', join(charts, c)], { stdio: 'ignore' });
}
const NAMESPACE = 'appgear-core';
let renders = 0;
for (const chart of names) {
  if (/^type: library$/m.test(chartYaml(chart))) continue;
  // Umbrellas are installed as "core" (the README's release); a sub-chart under its own short name.
  const release = isUmbrella(chart) ? 'core' : chart.replace(/^core-/, '');
  const files = [
    ['defaults', []],
    ...(existsSync(join(charts, chart, 'ci')) ? readdirSync(join(charts, chart, 'ci')).filter((f) => f.endsWith('-values.yaml')).sort().map((f) => [f.replace(/-values\.yaml$/, ''), ['-f', join(charts, chart, 'ci', f)]]) : []),
    ...readdirSync(join(charts, chart)).filter((f) => /^values-.+\.yaml$/.test(f)).sort().map((f) => [f.replace(/\.yaml$/, ''), ['-f', join(charts, chart, f)]]),
  ];
  for (const [name, args] of files) {
    const text = execFileSync(helm, ['template', release, join(charts, chart), '--namespace', NAMESPACE, ...args], { encoding: 'utf8', maxBuffer: 64 << 20 });
    const objects = parseAllDocuments(text).map((d) => d.toJS()).filter((o) => o && typeof o === 'object');
    const key = (o) => `${o.kind}/${o.metadata?.namespace ?? ''}/${o.metadata?.name ?? ''}`;
    objects.sort((a, b) => key(a).localeCompare(key(b)));
    mkdirSync(join(out, chart), { recursive: true });
    writeFileSync(join(out, chart, `${name}.yaml`), objects.map((o) => stringify(o, { lineWidth: 0 })).join('---\n'));
    renders++;
  }
}
rmSync(charts, { recursive: true, force: true });
console.log(`render-all: ${renders} renders of ${names.length} charts -> ${out}`);
