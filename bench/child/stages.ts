// The pipeline's steps one by one in a fresh process, timed (where a cold run's time goes). Runs the
// TypeScript sources through tsx, so the steps can be called separately; absolute figures are therefore a
// little higher than the CLI's bundled run. Usage: node --import tsx bench/child/stages.ts DIR
const [dir] = process.argv.slice(2);
if (!dir) throw new Error('usage: stages.ts DIR');
const opts = { cwd: dir, valuesDir: 'values-src', outDir: 'charts' };

const { loadPlatforms } = await import('../../generator/load/loadPlatforms.ts');
const { resolvePlatform } = await import('../../generator/parse/resolvePlatform.ts');
const { checkPlatforms } = await import('../../generator/policy/checkPolicies.ts');
const { buildChartSet } = await import('../../generator/model/buildChartSet.ts');
const { renderChartSet } = await import('../../generator/render/renderChartSet.ts');
const { writeFiles } = await import('../../generator/write/writeFiles.ts');
const t: number[] = [performance.now()];
const mods = await loadPlatforms(opts.valuesDir, dir); t.push(performance.now());
const platforms = mods.map((m) => resolvePlatform(m.file, m.value)); t.push(performance.now());
const policy = checkPlatforms(platforms); t.push(performance.now());
const set = buildChartSet(platforms, { exceptions: policy.exceptions }); t.push(performance.now());
const files = await renderChartSet(set, opts.outDir, dir, `${opts.outDir}/Chart.lock`); t.push(performance.now());
await writeFiles(files, { cwd: dir, outDir: opts.outDir }); t.push(performance.now());
const names = ['load values module', 'parse (zod, uses)', 'policy', 'models + schemas', 'render (templates, yaml, types)', 'write'];
console.log(`BENCH ${JSON.stringify({ stages: Object.fromEntries(names.map((n, i) => [n, t[i + 1]! - t[i]!])), maxRssKiB: process.resourceUsage().maxRSS })}`);
