// appgear-charts: the command line. Thin: parse flags, call generate/check, print for people.
import { parseArgs } from 'node:util';
import type { GenerateResult } from './generate.ts';
import { showPath } from './write/outputPaths.ts';
import type { WriteReport } from './write/writeFiles.ts';
import { WriteError } from './write/writeError.ts';
import type { ModuleImporter } from './load/loadPlatforms.ts';
import { ValuesError, formatProblem } from './validate/formatIssues.ts';

const HELP = `appgear-charts: typed values modules in, Helm charts out.

Usage:
  appgear-charts generate [--check] [--values DIR] [--out DIR] [--lock FILE] [--force] [--wait SECONDS] [--quiet]
  appgear-charts environments [--values DIR]
  appgear-charts --help | --version

Commands:
  generate        Validate values-src/*.ts and write the charts (all or nothing).
  environments    Print, per platform, the values each environment changes (writes nothing).

Options:
  --check         Write nothing; exit 1 and list every generated file that differs from what would be
                  generated. Files in the output folder the generator does not own are listed as left alone.
  --values DIR    Folder of platform modules (default: values-src).
  --out DIR       Folder the charts go to, created if missing (default: charts). The generator owns only
                  the files listed in DIR/.appgear-charts.json and never touches anything else there.
  --lock FILE     Where the chart-set lock goes (default: DIR/Chart.lock).
  --force         Take over files at generated paths that the generator did not write (else: refused).
  --wait SECONDS  How long to wait for another run writing the same folder (default: 60).
  --quiet         Print errors only.
  -h, --help      Show this help.
  -v, --version   Print the version.

Environment:
  APPGEAR_CHARTS_CACHE_DIR  Where the bundled generator and precompiled templates are cached
                            (default: node_modules/.cache/appgear-charts; ~/.cache when that is read-only).

Exit codes:
  0  done (or up to date with --check)
  1  drift found (--check)
  2  invalid values or chart versions, usage, filesystem error, a file in the way (see --force),
     or the output folder busy with another run`;

function summary(r: GenerateResult, ms: number, verb: string, written?: WriteReport, cwd = process.cwd()): string {
  const subs = r.set.subcharts.length;
  const ums = r.set.umbrellas.length;
  const lines = [
    `${verb} ${subs + ums + 1} charts (${ums} umbrella${ums === 1 ? '' : 's'}, ${subs} sub-chart${subs === 1 ? '' : 's'}, 1 library), ${r.objects} object templates, ${r.files.size} files, ${(r.bytes / 1024).toFixed(1)} KiB in ${ms.toFixed(0)} ms`,
    ...r.set.umbrellas.map((u) => `  ${u.name} ${u.version}: ${u.dependencies.map((d) => `${d.key} (${d.chart.name} ${d.chart.version})`).join(', ')}; library ${u.library.name} ${u.library.version}`),
    ...r.set.exceptions.map((e) => `  policy exception: ${e}`),
    ...(written ? [`  ${showPath(cwd, written.out, true)}: ${written.written} files written, ${written.removed} removed, ${written.unchanged} unchanged`] : []),
  ];
  return lines.join('\n');
}

export interface MainOptions {
  /** How values modules are imported (bin/appgear-charts.mjs compiles them with esbuild). */
  importModule?: ModuleImporter;
  /** Folder for caches that only save time. */
  cacheDir?: string;
}

export async function main(argv: string[], mainOpts: MainOptions = {}): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        check: { type: 'boolean', default: false },
        values: { type: 'string', default: 'values-src' },
        out: { type: 'string', default: 'charts' },
        lock: { type: 'string' },
        force: { type: 'boolean', default: false },
        wait: { type: 'string', default: '60' },
        quiet: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
        version: { type: 'boolean', short: 'v', default: false },
      },
    });
  } catch (err) {
    console.error(`appgear-charts: ${(err as Error).message}\n\n${HELP}`);
    return 2;
  }
  const { values: o, positionals } = parsed;
  if (o.help) return console.log(HELP), 0;
  if (o.version) {
    const pkg = await import('../package.json', { with: { type: 'json' } });
    return console.log(pkg.default.version), 0;
  }
  if (!['generate', 'environments'].includes(positionals[0] ?? '') || positionals.length > 1) {
    console.error(`appgear-charts: expected the command "generate" or "environments", found ${positionals.length ? JSON.stringify(positionals.join(' ')) : 'none'}\n\n${HELP}`);
    return 2;
  }
  const wait = Number(o.wait);
  if (!(wait >= 0)) {
    console.error(`appgear-charts: --wait expects a number of seconds, found ${JSON.stringify(o.wait)}\n\n${HELP}`);
    return 2;
  }
  const opts = {
    valuesDir: o.values,
    outDir: o.out,
    lockFile: o.lock,
    force: o.force,
    waitMs: wait * 1000,
    importModule: mainOpts.importModule,
    cacheDir: mainOpts.cacheDir,
  };
  // Loaded only for real work, so --help and usage errors answer at once.
  const { buildAll, check, generate } = await import('./generate.ts');
  const t0 = performance.now();
  try {
    if (positionals[0] === 'environments') {
      const { environmentTable, environmentTableMarkdown } = await import('./render/renderEnvironments.ts');
      // Validation only: printing the table renders no chart and needs no version bump.
      const set = await buildAll(opts);
      for (const u of set.umbrellas) {
        const names = u.environments.map((e) => e.name);
        console.log(`${u.name} ${u.version} (${u.sourceFile}): ${names.length ? `environments ${names.join(', ')}` : 'no environments'}`);
        if (names.length) console.log(`${environmentTableMarkdown(environmentTable(u))}\n`);
      }
      return 0;
    }
    if (o.check) {
      const r = await check(opts);
      const { changed, added, removed, conflicts, leftAlone, interrupted } = r.drift;
      if (interrupted) console.error(`appgear-charts: note: ${interrupted}`);
      const alone = leftAlone.length && !o.quiet ? [`Not generated, left alone (${leftAlone.length}):`, ...leftAlone.map((f) => `  ${f}`)] : [];
      const total = changed.length + added.length + removed.length + conflicts.length;
      if (total === 0) {
        if (!o.quiet) console.log([summary(r, performance.now() - t0, 'Up to date:'), ...alone].join('\n'));
        return 0;
      }
      console.error(`appgear-charts: ${total} generated files differ from what values-src/ and generator/ produce:`);
      for (const f of changed) console.error(`  changed  ${f}`);
      for (const f of added) console.error(`  missing  ${f}`);
      for (const f of removed) console.error(`  extra    ${f}`);
      for (const f of conflicts) console.error(`  not ours ${f} (a file the generator did not write is in the way; generate refuses it without --force)`);
      console.error('Run `npm run generate` and commit the result (generated files are never edited by hand).');
      if (alone.length) console.log(alone.join('\n'));
      return 1;
    }
    const r = await generate(opts);
    if (!o.quiet) console.log(summary(r, performance.now() - t0, 'Generated', r.written));
    return 0;
  } catch (err) {
    if (err instanceof ValuesError) {
      console.error(`appgear-charts: ${err.problems.length} problem${err.problems.length === 1 ? '' : 's'} in the values or chart versions; nothing was written.`);
      for (const p of err.problems) console.error(`  ${formatProblem(p)}`);
      return 2;
    }
    // Filesystem and concurrency failures: one line for people (the writer names file, cause and remedy).
    if (err instanceof WriteError || /^E[A-Z]+$/.test(String((err as NodeJS.ErrnoException).code))) {
      console.error(`appgear-charts: ${(err as Error).message.split('\n')[0]}`);
      return 2;
    }
    throw err;
  }
}
