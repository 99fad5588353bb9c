// publish against a registry that asks for credentials (htpasswd): without them, or with a wrong password, the
// run stops in words (never read as "not published yet"); --username with --password-stdin logs in for the run.
import { copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writePackages } from '../../generator/package/writePackages.ts';
import { REPO, helms } from '../helpers/helm.ts';
import { type Registry, startRegistry } from './registry.ts';

let registry: Registry;
let url: string;
let dir: string;

/** A bcrypt line for htpasswd (Distribution reads only bcrypt), at the lowest cost so each request stays fast. */
async function htpasswd(user: string, password: string): Promise<string> {
  const script = 'import crypt, sys; print(crypt.crypt(sys.argv[1], crypt.mksalt(crypt.METHOD_BLOWFISH, rounds=16)))';
  const r = await execa('python3', ['-W', 'ignore', '-c', script, password], { reject: false });
  if (r.exitCode !== 0 || !String(r.stdout).startsWith('$2')) throw new Error(`cannot make a bcrypt hash with python3's crypt module: ${String(r.stderr)}`);
  return `${user}:${String(r.stdout).trim()}`;
}

beforeAll(async () => {
  registry = await startRegistry({ htpasswd: await htpasswd('alice', 's3cret') });
  url = `oci://${registry.host}/private`;
  const all = mkdtempSync(join(tmpdir(), 'appgear-auth-all-'));
  const written = await writePackages({ cwd: REPO, repository: { kind: 'remote', url }, dir: all });
  // The library and one sub-chart are enough to see credentials used for pull and push.
  dir = mkdtempSync(join(tmpdir(), 'appgear-auth-'));
  for (const p of written.packages.filter((q) => ['appgear-common', 'core-redis'].includes(q.name))) copyFileSync(p.path, join(dir, p.fileName));
});
afterAll(async () => {
  await registry?.stop();
});

const publish = (helm: string, input: string | undefined, ...args: string[]) =>
  execa('node', [join(REPO, 'bin/appgear-charts.mjs'), 'publish', url, '--plain-http', '--packages', dir, ...args], { cwd: REPO, env: { HELM: helm }, input, reject: false });

describe('publish with registry credentials', () => {
  it.each(helms().map((h) => [h.name, h.bin]))('%s: refuses without credentials and with a wrong password, in words; publishes with them', async (name, bin) => {
    const anonymous = await publish(bin, undefined);
    expect(anonymous.exitCode).toBe(2);
    expect(String(anonymous.stderr)).toMatch(/cannot read oci:\/\/127\.0\.0\.1:\d+\/private\/appgear-common 0\.1\.\d+ from the registry: .*(basic credential not found|401|unauthorized)/);
    const wrong = await publish(bin, 'wrong\n', '--username', 'alice', '--password-stdin');
    expect(wrong.exitCode).toBe(2);
    expect(String(wrong.stderr)).toMatch(/cannot log in to 127\.0\.0\.1:\d+ as alice: .*401/);
    const right = await publish(bin, 's3cret\n', '--username', 'alice', '--password-stdin');
    expect(right.exitCode, String(right.stderr)).toBe(0);
    expect(String(right.stdout)).toMatch(/Published [02] charts, [02] already there and identical/);
    const tags = await fetch(`http://${registry.host}/v2/private/core-redis/tags/list`, { headers: { Authorization: `Basic ${Buffer.from('alice:s3cret').toString('base64')}` } });
    expect(((await tags.json()) as { tags: string[] }).tags.length).toBe(1);
    console.log(`auth (${name}): refused anonymous and a wrong password, published 2 charts with credentials`);
  });
});
