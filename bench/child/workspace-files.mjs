// The design the product does not use, measured for comparison: one values file per workspace (what an Argo CD
// git files generator would read, `<id>/<suite>.yaml` with the workspace's own values), written plainly from the
// bootstrap's values.yaml, like the floor. Usage: node bench/child/workspace-files.mjs VALUES.yaml SUITE OUTDIR
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';

const [input, suite, outDir] = process.argv.slice(2);
if (!input || !suite || !outDir) throw new Error('usage: workspace-files.mjs VALUES.yaml SUITE OUTDIR');
rmSync(outDir, { recursive: true, force: true });
const t0 = performance.now();
const { workspaces } = parse(readFileSync(input, 'utf8'));
const t1 = performance.now();
let files = 0;
let bytes = 0;
for (const w of workspaces) {
  const values = w.releases[suite];
  if (!values) continue;
  const body = stringify(values, { lineWidth: 0 });
  mkdirSync(join(outDir, w.id), { recursive: true });
  writeFileSync(join(outDir, w.id, `${suite}.yaml`), body);
  files++;
  bytes += Buffer.byteLength(body);
}
const t2 = performance.now();
console.log(`BENCH ${JSON.stringify({ readMs: t1 - t0, writeMs: t2 - t1, files, bytes, maxRssKiB: process.resourceUsage().maxRSS })}`);
