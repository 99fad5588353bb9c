// Packages on disk: render for the repository, pack, sign when asked, write <name>-<version>.tgz (and .prov).
import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type GenerateOptions, renderForRepository } from '../generate.ts';
import type { Repository } from '../model/buildChartSet.ts';
import type { PackageFile } from '../publish/readPackages.ts';
import { clearsign, findGpg, gpgWithKeyring, secretKey } from '../tools/gpg.ts';
import { type ChartPackage, packageChartSet } from './packageChartSet.ts';
import { provenanceMessage } from './provenance.ts';

export interface Signing {
  /** A name, e-mail or fingerprint gpg knows a secret key by. */
  key: string;
  /** A file with the secret key (`gpg --export-secret-keys`); @default the user's gpg keyring and agent */
  keyring?: string;
}

export interface PackagesWritten {
  packages: (PackageFile & { bytes: number })[];
  /** The fingerprint of the signing key. */
  signedBy?: string;
}

const fileOf = (dir: string, p: ChartPackage) => join(dir, p.fileName);

/** Writes a file through a temporary name beside it, so a reader never sees half an archive. */
function writeAtomically(path: string, data: Buffer | string): void {
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, data);
  renameSync(tmp, path);
}

/**
 * Every chart of the set as an archive in `dir`, its dependencies' repository `repository`. With `signing`,
 * a provenance file beside each; without, any older provenance file of that name is removed (Helm pushes a
 * .prov it finds beside an archive, and a stale one would not match).
 */
export async function writePackages(opts: GenerateOptions & { repository: Repository; dir: string; signing?: Signing }): Promise<PackagesWritten> {
  // The key is checked before anything is rendered or written.
  let signer: { sign: (text: string) => Promise<string>; fingerprint: string; done: () => void } | undefined;
  if (opts.signing) {
    const { key, keyring } = opts.signing;
    const base = await findGpg();
    const gpg = keyring ? await gpgWithKeyring(base, keyring) : { ...base, done: () => {} };
    try {
      signer = { sign: (text) => clearsign(gpg, key, text), fingerprint: await secretKey(gpg, key), done: gpg.done };
    } catch (err) {
      gpg.done();
      throw err;
    }
  }
  try {
    const { set, files, outDir } = await renderForRepository(opts);
    const packages = packageChartSet(set, files, outDir);
    const provs = signer ? await Promise.all(packages.map((p) => signer!.sign(provenanceMessage(p.chartYaml, p.fileName, p.digest)))) : [];
    mkdirSync(opts.dir, { recursive: true });
    packages.forEach((p, i) => {
      writeAtomically(fileOf(opts.dir, p), p.archive);
      const prov = `${fileOf(opts.dir, p)}.prov`;
      if (signer) writeAtomically(prov, provs[i]!);
      else if (existsSync(prov)) rmSync(prov);
    });
    return {
      packages: packages.map((p) => ({
        name: p.name,
        version: p.version,
        path: fileOf(opts.dir, p),
        fileName: p.fileName,
        digest: p.digest,
        dependencies: p.dependencies,
        signed: !!signer,
        bytes: p.archive.length,
      })),
      signedBy: signer?.fingerprint,
    };
  } finally {
    signer?.done();
  }
}
