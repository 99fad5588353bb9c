#!/usr/bin/env node
// The appgear-charts command. generator/ is TypeScript; it runs from a bundle cached per source hash
// (bin/bundle.mjs), and values-src modules are compiled on each run against that bundle.
import { cacheRoot, ensureBundle, stopEsbuild, valuesImporter } from './bundle.mjs';

try {
  const bundle = await ensureBundle();
  const { main } = await import(bundle.cli);
  process.exitCode = await main(process.argv.slice(2), { importModule: valuesImporter(bundle), cacheDir: cacheRoot() });
} finally {
  // esbuild's service process would outlive the command by a moment (it ends when it sees our exit).
  await stopEsbuild();
}
