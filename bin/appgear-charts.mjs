#!/usr/bin/env node
// The appgear-charts command. generator/ is TypeScript; it runs from a bundle cached per source hash
// (bin/bundle.mjs), and values-src modules are compiled on each run against that bundle.
import { cacheRoot, ensureBundle, valuesImporter } from './bundle.mjs';

const bundle = await ensureBundle();
const { main } = await import(bundle.cli);
process.exitCode = await main(process.argv.slice(2), { importModule: valuesImporter(bundle), cacheDir: cacheRoot() });
