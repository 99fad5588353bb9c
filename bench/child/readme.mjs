// Bitnami's readme-generator-for-helm on an annotated values.yaml: README parameters table + schema.
// Usage: node bench/child/readme.mjs DIR   (DIR holds values.yaml and README.input.md; writes README.md, values.schema.json)
import { copyFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const [dir] = process.argv.slice(2);
copyFileSync(join(dir, 'README.input.md'), join(dir, 'README.md'));
const t0 = performance.now();
const { runReadmeGenerator } = createRequire(import.meta.url)('@bitnami/readme-generator-for-helm');
const t1 = performance.now();
const log = console.log;
console.log = () => {}; // it prints a line per section/skip; keep stdout for the result
runReadmeGenerator({ values: join(dir, 'values.yaml'), readme: join(dir, 'README.md'), schema: join(dir, 'values.schema.json') });
console.log = log;
const t2 = performance.now();
console.log(`BENCH ${JSON.stringify({ startMs: t0, importMs: t1 - t0, totalMs: t2 - t1, maxRssKiB: process.resourceUsage().maxRSS })}`);
