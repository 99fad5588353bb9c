// `appgear-charts package`: every chart of the set as a reproducible archive (and provenance file when signing).
import type { GenerateOptions } from '../generate.ts';
import type { Repository } from '../model/buildChartSet.ts';
import type { PackagesWritten, Signing } from '../package/writePackages.ts';
import { parseOciUrl } from '../publish/ociUrl.ts';

export interface PackageFlags {
  out: string;
  repository?: string;
  signing?: Signing;
  quiet: boolean;
}

const kib = (n: number) => `${(n / 1024).toFixed(1)} KiB`;

/** One line per package (name, version, sha256, bytes) and a total. */
export function packagesSummary(w: PackagesWritten, verb: string, where: string, ms: number): string {
  const width = Math.max(...w.packages.map((p) => `${p.name} ${p.version}`.length));
  const total = w.packages.reduce((n, p) => n + p.bytes, 0);
  return [
    `${verb} ${w.packages.length} charts into ${where} in ${ms.toFixed(0)} ms${w.signedBy ? `, signed by ${w.signedBy}` : ''}`,
    ...w.packages.map((p) => `  ${`${p.name} ${p.version}`.padEnd(width)}  ${p.digest}  ${p.bytes} bytes`),
    `  total: ${w.packages.length} packages, ${total} bytes (${kib(total)})`,
  ].join('\n');
}

/** The repository the packages' dependencies name: the registry of --repository, else file:// as in charts/. */
export function repositoryOf(url: string | undefined): Repository {
  return url === undefined ? { kind: 'local' } : { kind: 'remote', url: parseOciUrl(url, '--repository').url };
}

export async function packageCommand(opts: GenerateOptions, flags: PackageFlags): Promise<number> {
  const repository = repositoryOf(flags.repository);
  const { writePackages } = await import('../package/writePackages.ts');
  const t0 = performance.now();
  const written = await writePackages({ ...opts, repository, dir: flags.out, signing: flags.signing });
  const where = `${flags.out} (dependencies from ${repository.kind === 'remote' ? repository.url : 'file://'})`;
  if (!flags.quiet) console.log(packagesSummary(written, 'Packaged', where, performance.now() - t0));
  return 0;
}
