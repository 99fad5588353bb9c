// Start-up path of the CLI. Loading generator/ through a TypeScript loader cost ~450 ms a run, so the
// generator is bundled once with esbuild (the compiler tsx already ships) into a cache keyed by the
// hash of its sources, and values modules are compiled per run against that same bundle.
// Plain JavaScript on purpose: this runs before any TypeScript can be loaded.
import childProcess from 'node:child_process';
import { createHash } from 'node:crypto';
import { accessSync, constants, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { homedir } from 'node:os';
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

/**
 * Hash of everything the bundle is made from: generator/**\/*.ts, package.json, this file, and where the
 * package lives (the bundle holds absolute paths to templates and packages).
 */
function sourceHash() {
  const h = createHash('sha256').update(`${ROOT}\n`).update(readFileSync(fileURLToPath(import.meta.url)));
  for (const file of sources(GENERATOR).sort()) h.update(`${relative(ROOT, file)}\n`).update(readFileSync(file));
  h.update(readFileSync(join(ROOT, 'package.json')));
  return h.digest('hex').slice(0, 20);
}

/** esbuild's service process, seen when esbuild starts it (see `esbuildBuild`). */
let service;

/**
 * esbuild.build, noting the service process esbuild spawns on its first call: esbuild.stop() only
 * signals it, and the CLI waits for it to end so no process of ours outlives the command.
 */
async function esbuildBuild(options) {
  const esbuild = await import('esbuild');
  const spawn = childProcess.spawn;
  childProcess.spawn = (...args) => {
    const child = spawn.apply(childProcess, args);
    service ??= child;
    return child;
  };
  let result;
  try {
    result = esbuild.build(options); // spawns synchronously, on the first call only
  } finally {
    childProcess.spawn = spawn;
  }
  return result;
}

/** Stops esbuild's service process, if one was started, and waits until it has exited. */
export async function stopEsbuild() {
  if (!service) return;
  const child = service;
  service = undefined;
  const exited = child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise((r) => child.once('exit', r));
  child.ref(); // esbuild unrefs it; waiting must keep this process alive
  (await import('esbuild')).stop();
  await exited;
}

let root;
/**
 * APPGEAR_CHARTS_CACHE_DIR when set; else node_modules/.cache/appgear-charts (the npm convention), or the
 * user's cache when node_modules is read-only.
 */
export function cacheRoot() {
  if (root) return root;
  if (process.env.APPGEAR_CHARTS_CACHE_DIR) {
    mkdirSync(process.env.APPGEAR_CHARTS_CACHE_DIR, { recursive: true });
    return (root = process.env.APPGEAR_CHARTS_CACHE_DIR);
  }
  const local = join(ROOT, 'node_modules', '.cache', 'appgear-charts');
  try {
    mkdirSync(local, { recursive: true });
    accessSync(local, constants.W_OK);
    return (root = local);
  } catch {
    const user = join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'appgear-charts', createHash('sha256').update(ROOT).digest('hex').slice(0, 12));
    mkdirSync(user, { recursive: true });
    return (root = user);
  }
}

const BUILTIN = new Set(builtinModules);

/**
 * Leaves the npm packages `filter` matches outside the bundle, imported by absolute file URL resolved
 * from the importing source: the cache folder may be anywhere, and Node could not resolve them from there.
 */
const packagesByUrl = (filter) => ({
  name: 'appgear-packages-by-url',
  setup(build) {
    build.onResolve({ filter }, async (args) => {
      if (args.pluginData === 'resolving' || args.path.startsWith('node:') || BUILTIN.has(args.path)) return undefined;
      const r = await build.resolve(args.path, { kind: args.kind, resolveDir: args.resolveDir, importer: args.importer, pluginData: 'resolving' });
      if (r.errors.length) return { errors: r.errors };
      return { path: pathToFileURL(r.path).href, external: true };
    });
  },
});

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
  const staging = `${dir}.tmp-${process.pid}`;
  // zod is an entry of its own, so values modules that import it get the generator's copy.
  const zodEntry = join(cacheRoot(), `zod-entry-${process.pid}.mjs`);
  writeFileSync(zodEntry, "export * from 'zod';\nexport { default } from 'zod';\n");
  await esbuildBuild({
    entryPoints: { cli: join(GENERATOR, 'cli', 'main.ts'), index: join(GENERATOR, 'index.ts'), generate: join(GENERATOR, 'generate.ts'), zod: zodEntry },
    outdir: staging,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    // zod, yaml and handlebars go in: one file loads faster than their ~150 modules. The type emitter is
    // loaded only when a schema changed, so it stays outside (by absolute URL).
    plugins: [packagesByUrl(/^json-schema-to-typescript$/), sourceUrls],
    // The zod entry is written in the cache folder, which may be outside this package.
    nodePaths: [join(ROOT, 'node_modules')],
    // CommonJS dependencies (yaml, handlebars) call require() for Node built-ins.
    banner: { js: "import { createRequire as __appgearRequire } from 'node:module'; const require = __appgearRequire(import.meta.url);" },
    sourcemap: true,
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

/** Each edit of a values module leaves one compiled file; keep the folder small (an hour is plenty). */
function pruneValues(dir) {
  const names = readdirSync(dir);
  if (names.length < 200) return;
  const hourAgo = Date.now() - 3600_000;
  for (const name of names) {
    try {
      if (statSync(join(dir, name)).mtimeMs < hourAgo) rmSync(join(dir, name), { force: true });
    } catch {
      // removed by another run
    }
  }
}

/**
 * Imports a values module (TypeScript): bundled with its relative imports, "appgear-charts" and "zod"
 * bound to the generator bundle, other npm packages imported from where the module would find them.
 * Compile errors name the file and line.
 */
export function valuesImporter({ index, zod }) {
  return async (absPath) => {
    let result;
    try {
      result = await esbuildBuild({
        entryPoints: [absPath],
        bundle: true,
        write: false,
        format: 'esm',
        platform: 'node',
        target: 'node20',
        sourcemap: 'inline',
        logLevel: 'silent',
        plugins: [{
          name: 'appgear-self',
          setup: (b) => {
            b.onResolve({ filter: /^appgear-charts$/ }, () => ({ path: index, external: true }));
            b.onResolve({ filter: /^zod$/ }, () => ({ path: zod, external: true }));
          },
        }, packagesByUrl(/^[^./]/)],
      });
    } catch (err) {
      const first = err.errors?.[0];
      if (!first) throw err;
      const at = first.location ? ` (line ${first.location.line}, column ${first.location.column + 1}${first.location.file && !absPath.endsWith(first.location.file) ? ` of ${first.location.file}` : ''})` : '';
      throw new Error(`${first.text}${at}`);
    }
    const code = result.outputFiles[0].text;
    const hash = createHash('sha256').update(code).digest('hex').slice(0, 20);
    // Imports are absolute URLs (see packagesByUrl), so the compiled module may live in the cache.
    const file = join(cacheRoot(), 'values', `${hash}.mjs`);
    mkdirSync(dirname(file), { recursive: true });
    pruneValues(dirname(file));
    const staged = `${file}.${process.pid}`;
    writeFileSync(staged, code);
    renameSync(staged, file);
    return import(pathToFileURL(file).href);
  };
}
