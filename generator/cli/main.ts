// appgear-charts: the command line. Thin: parse flags, hand each command to its file, map failures to exit codes.
import { parseArgs } from 'node:util';
import type { ModuleImporter } from '../load/loadPlatforms.ts';
import { PublishConflict } from '../publish/publishPackages.ts';
import { OciUrlError } from '../publish/ociUrl.ts';
import { PackagesError } from '../publish/readPackages.ts';
import { GpgError } from '../tools/gpg.ts';
import { HelmNotFound, RegistryError } from '../tools/helm.ts';
import { ValuesError, formatProblem } from '../parse/formatIssues.ts';
import { WriteError } from '../write/writeError.ts';

const HELP = `appgear-charts: typed values modules in, Helm charts out.

Usage:
  appgear-charts generate [--check] [--values DIR] [--out DIR] [--lock FILE] [--force] [--wait SECONDS] [--quiet]
  appgear-charts environments [--values DIR]
  appgear-charts lint [--out DIR] [--quiet]
  appgear-charts package [--out DIR] [--values DIR] [--repository oci://HOST/PATH] [--sign --key NAME [--keyring FILE]]
  appgear-charts publish oci://HOST/PATH [--packages DIR | --out DIR --values DIR --sign --key NAME --keyring FILE]
                 [--plain-http] [--ca-file FILE] [--cert-file FILE] [--key-file FILE] [--insecure-skip-tls-verify]
                 [--username USER --password-stdin]
  appgear-charts --help | --version

Commands:
  generate        Validate values-src/*.ts and write the charts (all or nothing).
  environments    Print, per platform, the values each environment changes (writes nothing).
  lint            helm lint --strict every generated chart in --out, with its defaults and each scenario
                  (Helm 3.18+ or 4 from PATH, or $HELM; the output folder is only read).
  package         Render the charts in memory and write each as <name>-<version>.tgz into --out (default:
                  packages): the library, sub-charts, umbrella and bootstrap chart, each carrying the charts it
                  depends on in charts/ (the umbrella also its values-<env>.yaml files). Unchanged sources
                  give byte-identical archives. Prints name, version, sha256 and size of each.
  publish         Package for the registry (or take --packages DIR), then push through Helm: the library,
                  the sub-charts, the umbrella, the bootstrap chart. A chart the registry already holds under
                  its version is skipped when identical and refused when different (then nothing is pushed).

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

Package and publish options:
  --repository URL    Where the packaged charts' dependencies come from: oci://HOST/PATH, the registry they
                      are published to (publish sets it to its target). Default: file:// as in charts/.
  --sign              Write <archive>.prov beside each archive (Helm's provenance file), clear-signed by gpg.
  --key NAME          The secret key to sign with (name, e-mail or fingerprint; required with --sign).
  --keyring FILE      A file with the secret key (gpg --export-secret-keys); default: your gpg keyring and agent.
  --packages DIR      publish: push the archives of DIR (written by package --repository <the same URL>).
  --plain-http, --ca-file FILE, --cert-file FILE, --key-file FILE, --insecure-skip-tls-verify
                      publish: how Helm reaches the registry, as helm push and helm pull take them.
  --username USER --password-stdin
                      publish: log in with these credentials (read the password from stdin) for this run;
                      without them Helm uses what \`helm registry login\` stored.
  -h, --help      Show this help.
  -v, --version   Print the version.

Environment:
  HELM                      The Helm binary for lint and publish (default: helm on PATH).
  GPG                       The gpg binary for package --sign (default: gpg on PATH; GNUPGHOME applies).
  APPGEAR_CHARTS_CACHE_DIR  Where the bundled generator and precompiled templates are cached
                            (default: node_modules/.cache/appgear-charts; ~/.cache when that is read-only).

Exit codes:
  0  done (or up to date with --check)
  1  drift found (--check), or a chart failed lint
  2  invalid values or chart versions, usage, filesystem error, a file in the way (see --force),
     the output folder busy with another run, no gpg or no such key, a registry that cannot be
     reached or refuses us, or a chart published under the same version with other content`;

export interface MainOptions {
  /** How values modules are imported (bin/appgear-charts.mjs compiles them with esbuild). */
  importModule?: ModuleImporter;
  /** Folder for caches that only save time. */
  cacheDir?: string;
}

const COMMANDS = ['generate', 'environments', 'lint', 'package', 'publish'];

/** Failures written for people, printed whole (they may list several charts). */
const USER_ERRORS = [OciUrlError, GpgError, RegistryError, PackagesError, PublishConflict];

export async function main(argv: string[], mainOpts: MainOptions = {}): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        check: { type: 'boolean', default: false },
        values: { type: 'string', default: 'values-src' },
        out: { type: 'string' },
        lock: { type: 'string' },
        force: { type: 'boolean', default: false },
        wait: { type: 'string', default: '60' },
        quiet: { type: 'boolean', default: false },
        repository: { type: 'string' },
        sign: { type: 'boolean', default: false },
        key: { type: 'string' },
        keyring: { type: 'string' },
        packages: { type: 'string' },
        'plain-http': { type: 'boolean', default: false },
        'ca-file': { type: 'string' },
        'cert-file': { type: 'string' },
        'key-file': { type: 'string' },
        'insecure-skip-tls-verify': { type: 'boolean', default: false },
        username: { type: 'string' },
        'password-stdin': { type: 'boolean', default: false },
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
  if (!COMMANDS.includes(command) || positionals.length > (command === 'publish' ? 2 : 1)) {
    console.error(`appgear-charts: expected one of the commands ${COMMANDS.map((c) => `"${c}"`).join(', ')}, found ${positionals.length ? JSON.stringify(positionals.join(' ')) : 'none'}\n\n${HELP}`);
    return 2;
  }
  const wait = Number(o.wait);
  if (!(wait >= 0)) {
    console.error(`appgear-charts: --wait expects a number of seconds, found ${JSON.stringify(o.wait)}\n\n${HELP}`);
    return 2;
  }
  const usage = usageProblem(command, o, positionals);
  if (usage) {
    console.error(`appgear-charts: ${usage}\n\n${HELP}`);
    return 2;
  }
  const signing = o.sign ? { key: o.key!, keyring: o.keyring } : undefined;
  const opts = {
    valuesDir: o.values,
    outDir: command === 'package' || command === 'publish' ? 'charts' : (o.out ?? 'charts'),
    lockFile: o.lock,
    force: o.force,
    waitMs: wait * 1000,
    importModule: mainOpts.importModule,
    cacheDir: mainOpts.cacheDir,
  };
  try {
    if (command === 'environments') return await (await import('./environments.ts')).environmentsCommand(opts);
    if (command === 'lint') return await (await import('./lint.ts')).lintCommand(o.out ?? 'charts', { quiet: o.quiet });
    if (command === 'package') {
      return await (await import('./package.ts')).packageCommand(opts, { out: o.out ?? 'packages', repository: o.repository, signing, quiet: o.quiet });
    }
    if (command === 'publish') {
      const registry = { plainHttp: o['plain-http'], caFile: o['ca-file'], certFile: o['cert-file'], keyFile: o['key-file'], insecureSkipTlsVerify: o['insecure-skip-tls-verify'] };
      const password = o['password-stdin'] ? (await readStdin()).replace(/\r?\n$/, '') : undefined;
      return await (await import('./publish.ts')).publishCommand(opts, { url: positionals[1]!, packages: o.packages, out: o.out, signing, registry, username: o.username, password, quiet: o.quiet });
    }
    return await (await import('./generate.ts')).generateCommand(opts, { check: o.check, quiet: o.quiet });
  } catch (err) {
    if (err instanceof ValuesError) {
      console.error(`appgear-charts: ${err.problems.length} problem${err.problems.length === 1 ? '' : 's'} in the values or chart versions; nothing was written.`);
      for (const p of err.problems) console.error(`  ${formatProblem(p)}`);
      return 2;
    }
    if (USER_ERRORS.some((E) => err instanceof E)) {
      console.error(`appgear-charts: ${(err as Error).message}`);
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

type Flags = Record<string, string | boolean | undefined>;

/** Flags that do not fit the command, in words; undefined when they do. */
function usageProblem(command: string, o: Flags, positionals: string[]): string | undefined {
  const packaging = ['repository', 'sign', 'key', 'keyring'];
  const registry = ['packages', 'plain-http', 'ca-file', 'cert-file', 'key-file', 'insecure-skip-tls-verify', 'username', 'password-stdin'];
  const given = (names: string[]) => names.filter((n) => o[n] !== undefined && o[n] !== false);
  const foreign = command === 'package' ? given(registry) : command === 'publish' ? given(['repository']) : given([...packaging, ...registry]);
  if (foreign.length) {
    const why = command === 'publish' ? ' (publish packages for its own target)' : '';
    return `${foreign.map((f) => `--${f}`).join(', ')} ${foreign.length === 1 ? 'is' : 'are'} not an option of ${command}${why}`;
  }
  if (command === 'publish' && positionals.length < 2) return 'publish expects the registry location, e.g. `appgear-charts publish oci://ghcr.io/acme/charts`';
  if (o.sign && !o.key) return '--sign expects --key NAME (the name, e-mail or fingerprint of your secret key)';
  if (!o.sign && (o.key || o.keyring)) return '--key and --keyring only apply with --sign';
  if (o.packages && (o.sign || o.out)) return '--packages pushes archives already made; expected no --sign or --out with it (sign when packaging)';
  if (o['password-stdin'] !== Boolean(o.username)) return '--username and --password-stdin go together (the password is read from stdin)';
  return undefined;
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
