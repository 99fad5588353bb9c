// Imports every values-src/*.ts module; each default-exports definePlatform({...}).
import { readdirSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ValuesError } from '../parse/formatIssues.ts';

export interface LoadedModule { file: string; value: unknown }

/** Imports one values module by absolute path. The CLI compiles with esbuild (bin/bundle.mjs); tests use the TS loader they run under. */
export type ModuleImporter = (absPath: string) => Promise<{ default?: unknown }>;

const nativeImport: ModuleImporter = (absPath) => import(pathToFileURL(absPath).href);

/** Platform modules of `dir`, sorted by file name (helpers in sub-folders are not platforms). */
export async function loadPlatforms(dir: string, cwd = process.cwd(), importModule: ModuleImporter = nativeImport): Promise<LoadedModule[]> {
  const abs = resolve(cwd, dir);
  let names: string[];
  try {
    names = readdirSync(abs).filter((f) => /\.(ts|mts)$/.test(f) && !f.endsWith('.d.ts')).sort();
  } catch {
    throw new ValuesError([{ file: dir, path: '', message: 'expected a folder of values modules, found none (use --values DIR)' }]);
  }
  if (names.length === 0) throw new ValuesError([{ file: dir, path: '', message: 'expected at least one platform module (*.ts), found none' }]);
  const loaded: LoadedModule[] = [];
  for (const name of names) {
    const path = join(abs, name);
    const file = relative(cwd, path);
    let mod: { default?: unknown };
    try {
      mod = await importModule(path);
    } catch (err) {
      throw new ValuesError([{ file, path: '', message: `could not load the module: ${(err as Error).message.split('\n')[0]}` }]);
    }
    loaded.push({ file, value: mod.default });
  }
  return loaded;
}
