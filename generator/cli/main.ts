// appgear-charts: the command line. Thin: parse flags, hand each command to its file, map failures to exit codes.
import { parseArgs } from 'node:util';
import type { ModuleImporter } from '../load/loadPlatforms.ts';
import { HelmNotFound } from '../tools/helm.ts';
import { ValuesError, formatProblem } from '../parse/formatIssues.ts';
import { WriteError } from '../write/writeError.ts';

const HELP = `appgear-charts: typed values modules in, Helm charts out.

Usage:
  appgear-charts generate [--check] [--values DIR] [--out DIR] [--lock FILE] [--force] [--wait SECONDS] [--quiet]
  appgear-charts environments [--values DIR]
  appgear-charts lint [--out DIR] [--quiet]
  appgear-charts --help | --version

Commands:
  generate        Validate values-src/*.ts and write the charts (all or nothing).
  environments    Print, per platform, the values each environment changes (writes nothing).
  lint            helm lint --strict every generated chart in --out, with its defaults and each scenario
                  (Helm 3.18+ or 4 from PATH, or $HELM; the output folder is only read).

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
  HELM                      The Helm binary for lint (default: helm on PATH).
  APPGEAR_CHARTS_CACHE_DIR  Where the bundled generator and precompiled templates are cached
                            (default: node_modules/.cache/appgear-charts; ~/.cache when that is read-only).

Exit codes:
  0  done (or up to date with --check)
  1  drift found (--check), or a chart failed lint
  2  invalid values or chart versions, usage, filesystem error, a file in the way (see --force),
     or the output folder busy with another run`;

export interface MainOptions {
  /** How values modules are imported (bin/appgear-charts.mjs compiles them with esbuild). */
  importModule?: ModuleImporter;
  /** Folder for caches that only save time. */
  cacheDir?: string;
}

const COMMANDS = ['generate', 'environments', 'lint'];

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
    const pkg = await import('../../package.json', { with: { type: 'json' } });
    return console.log(pkg.default.version), 0;
  }
  const command = positionals[0] ?? '';
  if (!COMMANDS.includes(command) || positionals.length > 1) {
    console.error(`appgear-charts: expected one of the commands ${COMMANDS.map((c) => `"${c}"`).join(', ')}, found ${positionals.length ? JSON.stringify(positionals.join(' ')) : 'none'}\n\n${HELP}`);
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
  try {
    if (command === 'environments') return await (await import('./environments.ts')).environmentsCommand(opts);
    if (command === 'lint') return await (await import('./lint.ts')).lintCommand(o.out, { quiet: o.quiet });
    return await (await import('./generate.ts')).generateCommand(opts, { check: o.check, quiet: o.quiet });
  } catch (err) {
    if (err instanceof ValuesError) {
      console.error(`appgear-charts: ${err.problems.length} problem${err.problems.length === 1 ? '' : 's'} in the values or chart versions; nothing was written.`);
      for (const p of err.problems) console.error(`  ${formatProblem(p)}`);
      return 2;
    }
    // Filesystem, concurrency and tool failures: one line for people (the writer names file, cause and remedy).
    if (err instanceof WriteError || err instanceof HelmNotFound || /^E[A-Z]+$/.test(String((err as NodeJS.ErrnoException).code))) {
      console.error(`appgear-charts: ${(err as Error).message.split('\n')[0]}`);
      return 2;
    }
    throw err;
  }
}
