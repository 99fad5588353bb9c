// Start-up path of the CLI. Loading generator/ through a TypeScript loader cost ~450 ms a run, so the
// generator is bundled once with esbuild (the compiler tsx already ships) into a cache keyed by the
// hash of its sources, and values modules are compiled per run against that same bundle.
// Plain JavaScript on purpose: this runs before any TypeScript can be loaded.
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const GENERATOR = join(ROOT, 'generator');

function sources(dir, out = []) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    if (entry.isDirectory()) sources(p, out);
    else if (entry.name.endsWith('.ts')) out.push(p);
  }
  return out;
}

/** Hash of everything the bundle is made from: generator/**\/*.ts, package.json and this file. */
function sourceHash() {
  const h = createHash('sha256').update(readFileSync(fileURLToPath(import.meta.url)));
  for (const file of sources(GENERATOR).sort()) h.update(`${relative(ROOT, file)}\n`).update(readFileSync(file));
  h.update(readFileSync(join(ROOT, 'package.json')));
  return h.digest('hex').slice(0, 20);
}

export function cacheRoot() {
  // node_modules/.cache is the npm convention; bare imports in the bundle resolve from node_modules.
  return join(ROOT, 'node_modules', '.cache', 'appgear-charts');
}

/**
 * Keeps each component's `new URL('./templates/', import.meta.url)` pointing at its source folder:
 * templates are read from generator/, not copied into the cache.
 */
const sourceUrls = {
  name: 'appgear-source-urls',
  setup(build) {
    build.onLoad({ filter: /\.ts$/ }, (args) => ({
      contents: readFileSync(args.path, 'utf8').replaceAll('import.meta.url', JSON.stringify(pathToFileURL(args.path).href)),
      loader: 'ts',
    }));
  },
};

/**
 * The bundled CLI, public module and pipeline API (generate.ts), sharing chunks, so values modules get the
 * same zod and DSL objects the pipeline checks them with.
 */
export async function ensureBundle() {
  const dir = join(cacheRoot(), `generator-${sourceHash()}`);
  const url = (name) => pathToFileURL(join(dir, `${name}.mjs`)).href;
  const urls = { cli: url('cli'), index: url('index'), generate: url('generate'), zod: url('zod') };
  try {
    readFileSync(join(dir, 'complete'));
    return urls;
  } catch {
    // not built yet for these sources
  }
  const esbuild = await import('esbuild');
  mkdirSync(cacheRoot(), { recursive: true });
  const staging = `${dir}.tmp-${process.pid}`;
  // zod is an entry of its own, so values modules that import it get the generator's copy.
  const zodEntry = join(cacheRoot(), `zod-entry-${process.pid}.mjs`);
  writeFileSync(zodEntry, "export * from 'zod';\nexport { default } from 'zod';\n");
  await esbuild.build({
    entryPoints: { cli: join(GENERATOR, 'cli.ts'), index: join(GENERATOR, 'index.ts'), generate: join(GENERATOR, 'generate.ts'), zod: zodEntry },
    outdir: staging,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    // zod, yaml and handlebars go in: one file loads faster than their ~150 modules. The type emitter is
    // loaded only when a schema changed, so it stays outside.
    external: ['json-schema-to-typescript'],
    // CommonJS dependencies (yaml, handlebars) call require() for Node built-ins.
    banner: { js: "import { createRequire as __appgearRequire } from 'node:module'; const require = __appgearRequire(import.meta.url);" },
    sourcemap: true,
    plugins: [sourceUrls],
    logLevel: 'silent',
  });
  rmSync(zodEntry, { force: true });
  writeFileSync(join(staging, 'complete'), '');
  try {
    renameSync(staging, dir);
  } catch {
    // another process finished the same bundle first; theirs is identical
    rmSync(staging, { recursive: true, force: true });
  }
  // Bundles of earlier sources, and values modules compiled against them, are not needed again.
  for (const entry of readdirSync(cacheRoot())) {
    if ((entry.startsWith('generator-') && join(cacheRoot(), entry) !== dir && !entry.includes('.tmp-')) || entry === 'values') {
      rmSync(join(cacheRoot(), entry), { recursive: true, force: true });
    }
  }
  return urls;
}

/**
 * Imports a values module (TypeScript): bundled with its relative imports, "appgear-charts" and "zod"
 * bound to the generator bundle, other npm packages left to Node. Compile errors name the file and line.
 */
export function valuesImporter({ index, zod }) {
  return async (absPath) => {
    const esbuild = await import('esbuild');
    let result;
    try {
      result = await esbuild.build({
        entryPoints: [absPath],
        bundle: true,
        write: false,
        format: 'esm',
        platform: 'node',
        target: 'node20',
        packages: 'external',
        sourcemap: 'inline',
        logLevel: 'silent',
        plugins: [{
          name: 'appgear-self',
          setup: (b) => {
            b.onResolve({ filter: /^appgear-charts$/ }, () => ({ path: index, external: true }));
            b.onResolve({ filter: /^zod$/ }, () => ({ path: zod, external: true }));
          },
        }],
      });
    } catch (err) {
      const first = err.errors?.[0];
      if (!first) throw err;
      const at = first.location ? ` (line ${first.location.line}, column ${first.location.column + 1}${first.location.file && !absPath.endsWith(first.location.file) ? ` of ${first.location.file}` : ''})` : '';
      throw new Error(`${first.text}${at}`);
    }
    const code = result.outputFiles[0].text;
    const hash = createHash('sha256').update(code).digest('hex').slice(0, 20);
    // Next to the bundle, so npm packages the module imports resolve from this package's node_modules.
    const file = join(cacheRoot(), 'values', `${hash}.mjs`);
    mkdirSync(dirname(file), { recursive: true });
    const staged = `${file}.${process.pid}`;
    writeFileSync(staged, code);
    renameSync(staged, file);
    return import(pathToFileURL(file).href);
  };
}
