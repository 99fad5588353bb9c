#!/usr/bin/env node
// Where the template lines of the generated sub-charts come from: the component's own templates, shared code
// copied into every chart (helpers and shared objects), or the chart's generated guard. Prints the share of
// copied lines and the total generated lines, for comparing two generator versions.
//   node bench/template-lines.mjs [CHARTS_DIR] [GENERATOR_DIR]
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const [charts = 'charts', generator = 'generator'] = process.argv.slice(2);

const walk = (dir) => readdirSync(dir).flatMap((f) => {
  const p = join(dir, f);
  return statSync(p).isDirectory() ? walk(p) : [p];
});
const lines = (file) => readFileSync(file, 'utf8').split('\n').filter((l) => l.trim() !== '').length;

const totals = { own: 0, shared: 0, guard: 0, files: 0, generated: 0 };
const rows = [];
for (const chart of readdirSync(charts).sort()) {
  const dir = join(charts, chart);
  if (!existsSync(join(dir, 'Chart.yaml'))) continue;
  for (const f of walk(dir)) totals.generated += lines(f);
  totals.files += walk(dir).length;
  const source = /Source: generator\/components\/([a-z0-9-]+)/.exec(readFileSync(join(dir, 'Chart.yaml'), 'utf8'))?.[1];
  if (!source || !existsSync(join(dir, 'templates'))) continue; // the umbrella and the library
  const own = new Set(readdirSync(join(generator, 'components', source, 'templates')).map((f) => f.replace(/\.hbs$/, '')));
  const row = { chart, own: 0, shared: 0, guard: 0 };
  for (const f of walk(join(dir, 'templates'))) {
    const rel = relative(join(dir, 'templates'), f);
    const kind = own.has(rel) ? 'own' : /^validate(\/|\.yaml$)/.test(rel) ? 'guard' : 'shared';
    row[kind] += lines(f);
  }
  rows.push(row);
  for (const k of ['own', 'shared', 'guard']) totals[k] += row[k];
}
const all = totals.own + totals.shared + totals.guard;
const pct = (n) => `${((100 * n) / all).toFixed(1)}%`;
for (const r of rows) console.log(`  ${r.chart.padEnd(16)} own ${String(r.own).padStart(4)}  shared ${String(r.shared).padStart(4)}  guard ${String(r.guard).padStart(4)}`);
console.log(`sub-chart template lines: ${all}; copied from shared code ${totals.shared} (${pct(totals.shared)}), generated guards ${totals.guard} (${pct(totals.guard)}), the components' own ${totals.own} (${pct(totals.own)})`);
console.log(`all generated files: ${totals.files} files, ${totals.generated} non-empty lines`);
