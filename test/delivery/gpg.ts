// Throwaway signing keys: a GnuPG home in a temporary folder with one RSA key without passphrase, and its
// public keyring exported in the legacy format Helm reads. Never committed, removed by done().
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';

export interface TestKey {
  home: string;
  /** The key's e-mail (what --key names). */
  email: string;
  /** `gpg --export` of the key: what `helm verify --keyring` reads. */
  pubring: string;
  /** `gpg --export-secret-keys` of the key: what `package --keyring` reads. */
  secring: string;
  done(): void;
}

export async function throwawayKey(name: string): Promise<TestKey> {
  const home = mkdtempSync(join(tmpdir(), 'appgear-gpg-'));
  const env = { GNUPGHOME: home };
  const email = `${name}@appgear.invalid`;
  await execa('gpg', ['--batch', '--passphrase', '', '--quick-gen-key', `AppGear ${name} <${email}>`, 'rsa3072', 'sign', 'never'], { env });
  const pubring = join(home, 'exported-public.gpg');
  const secring = join(home, 'secret-key.gpg');
  await execa('gpg', ['--batch', '--output', pubring, '--export', email], { env });
  await execa('gpg', ['--batch', '--output', secring, '--export-secret-keys', email], { env });
  return {
    home, email, pubring, secring,
    done: () => {
      // The key's agent outlives the home otherwise.
      void execa('gpgconf', ['--kill', 'gpg-agent'], { env, reject: false }).finally(() => rmSync(home, { recursive: true, force: true }));
    },
  };
}
