// The physical floor: a bare Node process (no tsx) that writes the same files from a JSON file map.
// Usage: node bench/child/floor.mjs INPUT.json OUTDIR
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

const [input, outDir] = process.argv.slice(2);
rmSync(outDir, { recursive: true, force: true });
const t0 = performance.now();
const { files } = JSON.parse(readFileSync(input, 'utf8'));
const t1 = performance.now();
const made = new Set();
for (const [p, body] of Object.entries(files)) {
  const d = dirname(join(outDir, p));
  if (!made.has(d)) { mkdirSync(d, { recursive: true }); made.add(d); }
  writeFileSync(join(outDir, p), body);
}
const t2 = performance.now();
console.log(`BENCH ${JSON.stringify({ startMs: t0, readMs: t1 - t0, writeMs: t2 - t1, maxRssKiB: process.resourceUsage().maxRSS })}`);
