// One generation in a fresh process, the way the CLI runs it (the cached esbuild bundle, values modules
// compiled by esbuild, precompiled templates): renderAll + writeFiles timed in-process.
// Usage: node bench/child/ours.mjs DIR [--warm N] [--dump FILE]
import { writeFileSync } from 'node:fs';
import { cacheRoot, ensureBundle, valuesImporter } from '../../bin/bundle.mjs';

const [dir, ...flags] = process.argv.slice(2);
if (!dir) throw new Error('usage: ours.mjs DIR [--warm N] [--dump FILE]');
const flag = (name) => { const i = flags.indexOf(name); return i >= 0 ? flags[i + 1] : undefined; };

const started = performance.now(); // process start, before our modules load
const bundle = await ensureBundle();
const { renderAll, writeFiles } = await import(bundle.generate);
const loaded = performance.now();
const opts = { cwd: dir, valuesDir: 'values-src', outDir: 'charts', importModule: valuesImporter(bundle), cacheDir: cacheRoot() };

const out = { startMs: started, importMs: loaded - started };
const t0 = performance.now();
const r = await renderAll(opts);
const t1 = performance.now();
await writeFiles(r.files, { cwd: dir, outDir: 'charts' });
const t2 = performance.now();
Object.assign(out, { renderMs: t1 - t0, writeMs: t2 - t1, totalMs: t2 - t0, files: r.files.size, bytes: r.bytes, objects: r.objects });
const warm = [];
for (let i = 0; i < Number(flag('--warm') ?? 0); i++) {
  const w0 = performance.now();
  await writeFiles((await renderAll(opts)).files, { cwd: dir, outDir: 'charts' });
  warm.push(performance.now() - w0);
}
out.warmMs = warm;
const dump = flag('--dump');
if (dump) {
  // Inputs for the other tools: the file map (floor) and each instance's full values (readme-generator).
  const u = r.set.umbrellas[0];
  const instances = u.dependencies.map((d) => ({ key: d.key, chart: d.chart.name, defaults: d.chart.defaults, given: d.given, schema: d.chart.schema }));
  writeFileSync(dump, JSON.stringify({ files: Object.fromEntries(r.files), global: u.global, globalSchema: u.schema.properties.global, instances }));
}
out.maxRssKiB = process.resourceUsage().maxRSS;
console.log(`BENCH ${JSON.stringify(out)}`);
