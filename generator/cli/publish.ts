// `appgear-charts publish oci://HOST/PATH`: package for that registry (or take --packages), then push what the
// registry does not hold yet, through Helm; a chart it holds with other content under the same version is refused.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { GenerateOptions } from '../generate.ts';
import type { Signing } from '../package/writePackages.ts';
import { parseOciUrl } from '../publish/ociUrl.ts';
import { type PackageFile, readPackages } from '../publish/readPackages.ts';
import { findHelm, type RegistryOptions, registryLogin } from '../tools/helm.ts';
import { packagesSummary } from './package.ts';

export interface PublishFlags {
  url: string;
  /** Push these archives instead of packaging. */
  packages?: string;
  /** Where to package to (default: a temporary folder). */
  out?: string;
  signing?: Signing;
  registry: RegistryOptions;
  username?: string;
  /** The password, read from stdin. */
  password?: string;
  quiet: boolean;
}

export async function publishCommand(opts: GenerateOptions, flags: PublishFlags): Promise<number> {
  const target = parseOciUrl(flags.url, 'publish');
  const helm = await findHelm();
  const log = (line: string) => flags.quiet || console.log(line);
  const t0 = performance.now();
  const scratch = mkdtempSync(join(tmpdir(), 'appgear-publish-'));
  try {
    const registry: RegistryOptions = { ...flags.registry };
    if (flags.username !== undefined) {
      // Credentials go to a registry config of this run only, the way `helm registry login` stores them.
      registry.registryConfig = join(scratch, 'registry.json');
      await registryLogin(helm, target.host, flags.username, flags.password ?? '', registry);
    }
    let packages: PackageFile[];
    if (flags.packages) {
      packages = readPackages(flags.packages, target.url);
      log(`Publishing ${packages.length} charts from ${flags.packages} to ${target.url} with Helm ${helm.version}`);
    } else {
      const { writePackages } = await import('../package/writePackages.ts');
      const dir = flags.out ?? join(scratch, 'packages');
      const written = await writePackages({ ...opts, repository: { kind: 'remote', url: target.url }, dir, signing: flags.signing });
      packages = written.packages;
      log(packagesSummary(written, 'Packaged', `${flags.out ?? 'a temporary folder'} (dependencies from ${target.url})`, performance.now() - t0));
      log(`Publishing to ${target.url} with Helm ${helm.version}`);
    }
    const { publishPackages } = await import('../publish/publishPackages.ts');
    const outcomes = await publishPackages(packages, target.url, helm, registry, log);
    const pushed = outcomes.filter((o) => o.status === 'pushed').length;
    log(`Published ${pushed} charts, ${outcomes.length - pushed} already there and identical, to ${target.url} in ${(performance.now() - t0).toFixed(0)} ms`);
    return 0;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
