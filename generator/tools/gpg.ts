// GnuPG, through execa: the user's own gpg (its agent, GNUPGHOME and keys) signs; nothing here holds a key.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';

export class GpgError extends Error {}

export interface GpgTool {
  bin: string;
  /** e.g. "2.2.40" */
  version: string;
  /** A GnuPG home of our own (a key imported from --keyring), else the user's. */
  home?: string;
}

/** gpg (default: $GPG, else `gpg` on PATH), checked to run. */
export async function findGpg(bin = process.env.GPG || 'gpg'): Promise<GpgTool> {
  const r = await execa(bin, ['--version'], { reject: false, stdin: 'ignore' }).catch(() => undefined);
  const version = r?.exitCode === 0 ? /^gpg \(GnuPG\) (\S+)/m.exec(String(r.stdout))?.[1] : undefined;
  if (!version) throw new GpgError(`cannot run gpg (${bin}) to sign the packages: install GnuPG 2.2 or later, or point $GPG at it`);
  return { bin, version };
}

const env = (gpg: GpgTool) => (gpg.home ? { GNUPGHOME: gpg.home } : {});

/**
 * A gpg whose home holds only the secret key exported to `keyring` (`gpg --export-secret-keys`), as Helm's
 * --keyring names a file with the secret key; `done()` removes that home.
 */
export async function gpgWithKeyring(gpg: GpgTool, keyring: string): Promise<GpgTool & { done: () => void }> {
  const home = mkdtempSync(join(tmpdir(), 'appgear-gnupg-'));
  const done = () => rmSync(home, { recursive: true, force: true });
  const r = await execa(gpg.bin, ['--batch', '--import', keyring], { reject: false, stdin: 'ignore', env: { GNUPGHOME: home } });
  if (r.exitCode !== 0) {
    done();
    throw new GpgError(`cannot import the keyring ${keyring}: gpg said ${JSON.stringify(String(r.stderr).trim().split('\n').at(-1))}; expected a file written by \`gpg --export-secret-keys\``);
  }
  return { ...gpg, home, done };
}

/** Checks that `key` names exactly one secret key gpg can sign with; returns its fingerprint. */
export async function secretKey(gpg: GpgTool, key: string): Promise<string> {
  const r = await execa(gpg.bin, ['--batch', '--with-colons', '--list-secret-keys', '--', key], { reject: false, stdin: 'ignore', env: env(gpg) });
  const fingerprints = String(r.stdout).split('\n').filter((l) => l.startsWith('fpr:')).map((l) => l.split(':')[9]!);
  const keys = String(r.stdout).split('\n').filter((l) => l.startsWith('sec:')).length;
  const where = gpg.home ? 'the --keyring file' : `the gpg keyring (${process.env.GNUPGHOME || '~/.gnupg'})`;
  if (r.exitCode !== 0 || keys === 0) throw new GpgError(`no secret key "${key}" in ${where}; expected the name, e-mail or fingerprint of a key \`gpg --list-secret-keys\` lists`);
  if (keys > 1) throw new GpgError(`"${key}" names ${keys} secret keys in ${where}; expected one (give its fingerprint)`);
  return fingerprints[0]!;
}

/** The text, clear-signed by `key` (an ASCII-armoured PGP signed message). */
export async function clearsign(gpg: GpgTool, key: string, text: string): Promise<string> {
  const r = await execa(gpg.bin, ['--batch', '--yes', '--armor', '--digest-algo', 'SHA256', '--local-user', key, '--clearsign'], { input: text, reject: false, env: env(gpg) });
  if (r.exitCode !== 0) throw new GpgError(`gpg could not sign with "${key}": ${String(r.stderr).trim().split('\n').at(-1)}`);
  return String(r.stdout).endsWith('\n') ? String(r.stdout) : `${String(r.stdout)}\n`;
}
