// A real OCI registry for the delivery tests: the pinned docker-registry (CNCF Distribution), on 127.0.0.1 at a
// free port, storing into a temporary folder, stopped and removed by stop().
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request as plainRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
// @ts-expect-error plain .mjs without types
import { toolPath } from '../../ci/tools.mjs';

export interface Registry {
  /** "127.0.0.1:PORT" */
  host: string;
  /** With `tls`: the PEM file of the registry's self-signed certificate (its own CA), for --ca-file. */
  caFile?: string;
  /** GET on the registry's HTTP API v2 (`path` after /v2/), parsed JSON. */
  api(path: string, accept?: string): Promise<{ status: number; body: any }>;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** One request over HTTP or HTTPS (trusting `ca`), as status and text. */
export function httpRequest(method: string, url: string, headers: Record<string, string> = {}, ca?: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = (url.startsWith('https:') ? httpsRequest : plainRequest)(url, { method, headers, ...(ca ? { ca } : {}) }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d) => { text += d; });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.once('error', reject);
    req.end();
  });
}

/**
 * With `htpasswd` (a "user:bcrypt-hash" line), the registry asks for basic authentication. With `tls`, it serves
 * HTTPS with a throwaway self-signed certificate for 127.0.0.1 (made with openssl), as consumers that cannot
 * speak plain HTTP to a registry need (Argo CD's Helm OCI pulls).
 */
export async function startRegistry(opts: { htpasswd?: string; tls?: boolean } = {}): Promise<Registry> {
  const bin = toolPath('docker-registry', { build: false }) as string | undefined;
  if (!bin) throw new Error('docker-registry is not provisioned: run `node ci/tools.mjs ensure` (npm test does it first)');
  const dir = mkdtempSync(join(tmpdir(), 'appgear-registry-'));
  const port = await freePort();
  const host = `127.0.0.1:${port}`;
  const config = join(dir, 'config.yaml');
  if (opts.htpasswd) writeFileSync(join(dir, 'htpasswd'), `${opts.htpasswd}\n`);
  const caFile = opts.tls ? join(dir, 'registry.crt') : undefined;
  if (caFile) {
    execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-days', '2',
      '-subj', '/CN=appgear test registry', '-addext', 'subjectAltName=IP:127.0.0.1', '-addext', 'basicConstraints=critical,CA:TRUE',
      '-keyout', join(dir, 'registry.key'), '-out', caFile], { stdio: 'pipe' });
  }
  const tls = caFile ? ['  tls:', `    certificate: ${caFile}`, `    key: ${join(dir, 'registry.key')}`] : [];
  const auth = opts.htpasswd ? ['auth:', '  htpasswd:', '    realm: appgear-test', `    path: ${join(dir, 'htpasswd')}`] : [];
  writeFileSync(config, [
    'version: 0.1',
    'log:',
    '  level: warn',
    'storage:',
    '  filesystem:',
    `    rootdirectory: ${join(dir, 'storage')}`,
    '  delete:',
    '    enabled: false',
    ...auth,
    'http:',
    `  addr: ${host}`,
    ...tls,
    '',
  ].join('\n'));
  let output = '';
  const proc: ChildProcess = spawn(bin, ['serve', config], { stdio: ['ignore', 'pipe', 'pipe'] });
  proc.stdout!.on('data', (d) => { output += d; });
  proc.stderr!.on('data', (d) => { output += d; });
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  const api = async (path: string, accept?: string) => {
    const r = await httpRequest('GET', `${caFile ? 'https' : 'http'}://${host}/v2/${path}`, accept ? { Accept: accept } : {}, caFile && readFileSync(caFile, 'utf8'));
    return { status: r.status, body: r.text ? JSON.parse(r.text) : undefined };
  };
  const stop = async () => {
    if (proc.exitCode === null) {
      proc.kill('SIGTERM');
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  };
  for (let i = 0; ; i++) {
    if (proc.exitCode !== null) throw new Error(`docker-registry exited (${proc.exitCode}) before answering: ${output}`);
    const up = await api('').then((r) => r.status === 200 || r.status === 401, () => false);
    if (up) break;
    if (i > 100) {
      await stop();
      throw new Error(`docker-registry did not answer on ${host} within 10 s: ${output}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { host, ...(caFile ? { caFile } : {}), api, stop };
}

export const HELM_CHART_LAYER = 'application/vnd.cncf.helm.chart.content.v1.tar+gzip';
export const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json';

/** The chart layer's digest of <repo>:<tag>, read from the manifest through the registry's HTTP API. */
export async function chartLayerDigest(registry: Registry, repo: string, tag: string): Promise<string> {
  const r = await registry.api(`${repo}/manifests/${tag}`, OCI_MANIFEST);
  if (r.status !== 200) throw new Error(`GET /v2/${repo}/manifests/${tag}: ${r.status} ${JSON.stringify(r.body)}`);
  const layers = (r.body.layers as { mediaType: string; digest: string }[]).filter((l) => l.mediaType === HELM_CHART_LAYER);
  if (layers.length !== 1) throw new Error(`${repo}:${tag} has ${layers.length} chart layers; expected 1`);
  return layers[0]!.digest;
}
