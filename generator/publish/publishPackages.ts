// Chart archives -> an OCI registry, through Helm. First every chart is compared with what the registry holds
// under its name and version (pulled by Helm): absent is pushed, identical is left, different is refused. Only
// when nothing is refused are the absent ones pushed, in order (library, sub-charts, umbrella), so a
// conflict never leaves an umbrella in the registry whose dependencies differ from the ones it carries.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sha256 } from '../package/packageChartSet.ts';
import { type HelmTool, pullChart, pushChart, type RegistryOptions } from '../tools/helm.ts';
import type { PackageFile } from './readPackages.ts';

export type PublishOutcome =
  | { pkg: PackageFile; status: 'pushed'; ref: string; manifest: string }
  | { pkg: PackageFile; status: 'identical' };

export interface Conflict { pkg: PackageFile; registry: string }

export class PublishConflict extends Error {
  constructor(readonly url: string, readonly conflicts: Conflict[]) {
    super([
      `${url} already holds ${conflicts.length === 1 ? 'a chart' : `${conflicts.length} charts`} under the same version with other content; nothing was pushed:`,
      ...conflicts.map((c) => `  ${c.pkg.name} ${c.pkg.version}: the registry's archive is ${c.registry}, ours is ${c.pkg.digest}; expected a new version for changed content (bump it and package again)`),
    ].join('\n'));
  }
}


/** Checks every package against the registry, then pushes the absent ones; `log` gets one line per chart. */
export async function publishPackages(packages: PackageFile[], url: string, helm: HelmTool, o: RegistryOptions, log: (line: string) => void): Promise<PublishOutcome[]> {
  const scratch = mkdtempSync(join(tmpdir(), 'appgear-publish-'));
  try {
    const present = new Map<PackageFile, string>();
    for (const [i, pkg] of packages.entries()) {
      const pulled = await pullChart(helm, url, pkg.name, pkg.version, join(scratch, String(i)), o);
      if (pulled) present.set(pkg, sha256(readFileSync(pulled)));
    }
    const conflicts = packages.filter((p) => present.has(p) && present.get(p) !== p.digest).map((pkg) => ({ pkg, registry: present.get(pkg)! }));
    if (conflicts.length) throw new PublishConflict(url, conflicts);
    const outcomes: PublishOutcome[] = [];
    for (const pkg of packages) {
      if (present.has(pkg)) {
        log(`  ${pkg.name} ${pkg.version}: already published, identical (${pkg.digest})`);
        outcomes.push({ pkg, status: 'identical' });
        continue;
      }
      const { ref, digest } = await pushChart(helm, pkg.path, url, o);
      log(`  ${pkg.name} ${pkg.version}: pushed ${ref}, manifest ${digest}, chart layer ${pkg.digest}${pkg.signed ? ', with provenance' : ''}`);
      outcomes.push({ pkg, status: 'pushed', ref, manifest: digest });
    }
    return outcomes;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
