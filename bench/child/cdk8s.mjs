// The same Kubernetes objects through cdk8s: one Chart, one ApiObject per object helm rendered, then synth.
// Usage: node bench/child/cdk8s.mjs OBJECTS.json OUTDIR   (OBJECTS.json: the parsed `helm template` output)
import { readFileSync, rmSync } from 'node:fs';

const [input, outdir] = process.argv.slice(2);
rmSync(outdir, { recursive: true, force: true });
const objects = JSON.parse(readFileSync(input, 'utf8'));
const t0 = performance.now();
const { App, Chart, ApiObject } = await import('cdk8s');
const t1 = performance.now();
const app = new App({ outdir, outputFileExtension: '.yaml' });
const chart = new Chart(app, 'appgear', { disableResourceNameHashes: true });
objects.forEach((o, i) => {
  const { apiVersion, kind, metadata, ...rest } = o;
  new ApiObject(chart, `${kind}-${metadata?.namespace ?? ''}-${metadata?.name ?? i}-${i}`, { apiVersion, kind, metadata, ...rest });
});
const t2 = performance.now();
app.synth();
const t3 = performance.now();
console.log(`BENCH ${JSON.stringify({ startMs: t0, importMs: t1 - t0, constructMs: t2 - t1, synthMs: t3 - t2, totalMs: t3 - t1, objects: objects.length, maxRssKiB: process.resourceUsage().maxRSS })}`);
