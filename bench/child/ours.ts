// One generation in a fresh process: renderAll + writeFiles, timed in-process (the CLI's own work
// without process start). Usage: node --import tsx bench/child/ours.ts DIR [--stages] [--warm N] [--dump FILE]
import { writeFileSync } from 'node:fs';

const [dir, ...flags] = process.argv.slice(2);
if (!dir) throw new Error('usage: ours.ts DIR [--stages] [--warm N] [--dump FILE]');
const flag = (name: string) => { const i = flags.indexOf(name); return i >= 0 ? flags[i + 1] : undefined; };
const opts = { cwd: dir, valuesDir: 'values-src', outDir: 'charts' };

const started = performance.now(); // process start + tsx registration, before our modules load
const { renderAll } = await import('../../generator/generate.ts');
const { writeFiles } = await import('../../generator/write/writeFiles.ts');
const loaded = performance.now();

const out: Record<string, unknown> = { startMs: started, importMs: loaded - started };
if (flags.includes('--stages')) {
  // The steps renderAll runs, one by one (same modules, same order).
  const { loadPlatforms } = await import('../../generator/load/loadPlatforms.ts');
  const { resolvePlatform } = await import('../../generator/validate/resolvePlatform.ts');
  const { buildChartSet } = await import('../../generator/model/buildChartSet.ts');
  const { renderChartSet } = await import('../../generator/render/renderChartSet.ts');
  const t: number[] = [performance.now()];
  const mods = await loadPlatforms(opts.valuesDir, dir); t.push(performance.now());
  const platforms = mods.map((m) => resolvePlatform(m.file, m.value)); t.push(performance.now());
  const set = buildChartSet(platforms); t.push(performance.now());
  const files = await renderChartSet(set, opts.outDir, dir); t.push(performance.now());
  writeFiles(files, dir); t.push(performance.now());
  const names = ['load values module', 'resolve (zod)', 'policies + models + schemas', 'render (templates, yaml, types)', 'write'];
  out.stages = Object.fromEntries(names.map((n, i) => [n, t[i + 1]! - t[i]!]));
} else {
  const t0 = performance.now();
  const r = await renderAll(opts);
  const t1 = performance.now();
  writeFiles(r.files, dir);
  const t2 = performance.now();
  Object.assign(out, { renderMs: t1 - t0, writeMs: t2 - t1, totalMs: t2 - t0, files: r.files.size, bytes: r.bytes, objects: r.objects });
  const warm: number[] = [];
  for (let i = 0; i < Number(flag('--warm') ?? 0); i++) {
    const w0 = performance.now();
    writeFiles((await renderAll(opts)).files, dir);
    warm.push(performance.now() - w0);
  }
  out.warmMs = warm;
  const dump = flag('--dump');
  if (dump) {
    // Inputs for the other tools: the file map (floor) and each instance's full values (readme-generator).
    const u = r.set.umbrellas[0]!;
    const instances = u.dependencies.map((d) => ({ key: d.key, chart: d.chart.name, defaults: d.chart.defaults, given: d.given, schema: d.chart.schema }));
    writeFileSync(dump, JSON.stringify({ files: Object.fromEntries(r.files), global: u.global, globalSchema: (u.schema.properties as any).global, instances }));
  }
}
out.maxRssKiB = process.resourceUsage().maxRSS;
console.log(`BENCH ${JSON.stringify(out)}`);
