// Helm, through execa: found on PATH (or $HELM), its version detected once, its output returned as text.
import { mkdirSync } from 'node:fs';
import { execa } from 'execa';

export interface HelmTool {
  bin: string;
  /** e.g. "v3.22.0" */
  version: string;
  major: number;
}

export interface HelmResult { exitCode: number; stdout: string; stderr: string }

/** Oldest Helm whose schema validation and template functions the charts rely on (draft-07 with the v6 validator). */
export const MIN_HELM = { 3: [3, 18, 0], 4: [4, 0, 0] } as Record<number, [number, number, number]>;

export class HelmNotFound extends Error {}

/** The Helm at `bin` (default: $HELM, else `helm` on PATH), checked to be a supported version. */
export async function findHelm(bin = process.env.HELM || 'helm'): Promise<HelmTool> {
  const r = await execa(bin, ['version', '--template', '{{.Version}}'], { reject: false, stdin: 'ignore' }).catch(() => undefined);
  if (!r || r.exitCode !== 0) {
    throw new HelmNotFound(`cannot run Helm (${bin}): install Helm 3.18+ or 4.x, or point $HELM at it`);
  }
  const version = String(r.stdout).trim();
  const m = /^v(\d+)\.(\d+)\.(\d+)/.exec(version);
  if (!m) throw new HelmNotFound(`cannot read the version of ${bin}: it printed ${JSON.stringify(version)}`);
  const [major, minor, patch] = m.slice(1, 4).map(Number) as [number, number, number];
  const min = MIN_HELM[major];
  const tooOld = !min || major < min[0] || (major === min[0] && (minor < min[1] || (minor === min[1] && patch < min[2])));
  if (tooOld) throw new HelmNotFound(`${bin} is Helm ${version}; expected Helm 3.18 or later, or Helm 4`);
  return { bin, version, major };
}

/** Runs Helm; never throws for a non-zero exit (the caller reads it). */
export async function runHelm(helm: HelmTool, args: string[], opts: { cwd?: string } = {}): Promise<HelmResult> {
  const r = await execa(helm.bin, args, { reject: false, stdin: 'ignore', cwd: opts.cwd });
  return { exitCode: r.exitCode ?? -1, stdout: String(r.stdout), stderr: String(r.stderr) };
}

// ---- OCI registries: Helm's own client, so `helm registry login` and its TLS settings apply -----------------

/** How Helm reaches a registry: the flags `helm push` and `helm pull` take. */
export interface RegistryOptions {
  plainHttp?: boolean;
  caFile?: string;
  certFile?: string;
  keyFile?: string;
  insecureSkipTlsVerify?: boolean;
  /** Helm's --registry-config (credentials); @default Helm's own (`helm registry login` writes it). */
  registryConfig?: string;
}

export class RegistryError extends Error {}

export function registryFlags(o: RegistryOptions = {}): string[] {
  return [
    ...(o.plainHttp ? ['--plain-http'] : []),
    ...(o.caFile ? ['--ca-file', o.caFile] : []),
    ...(o.certFile ? ['--cert-file', o.certFile] : []),
    ...(o.keyFile ? ['--key-file', o.keyFile] : []),
    ...(o.insecureSkipTlsVerify ? ['--insecure-skip-tls-verify'] : []),
  ];
}

const globalFlags = (o: RegistryOptions = {}) => (o.registryConfig ? ['--registry-config', o.registryConfig] : []);

/** Helm's last error line, for messages. */
const lastError = (r: HelmResult) => (r.stderr.trim().split('\n').filter(Boolean).at(-1) ?? `exit ${r.exitCode}`).replace(/^Error: /, '');

/** The registry answered that the tag or the repository does not exist (as Helm 3 and 4 word it). */
const NOT_FOUND = [/: not found$/m, /response status code 404: (name|manifest) unknown/];

/**
 * `helm pull <url>/<name> --version <version>` into `dest`: the archive's path, or undefined when the registry
 * has no such chart or version. Any other failure (authentication, connection, TLS, a failed --verify) throws.
 */
export async function pullChart(helm: HelmTool, url: string, name: string, version: string | undefined, dest: string, o: RegistryOptions & { verifyKeyring?: string } = {}): Promise<string | undefined> {
  const ref = `${url.replace(/\/+$/, '')}/${name}`;
  const verify = o.verifyKeyring ? ['--verify', '--keyring', o.verifyKeyring] : [];
  // Helm 3 does not create the destination folder.
  mkdirSync(dest, { recursive: true });
  const r = await runHelm(helm, [...globalFlags(o), 'pull', ref, ...(version ? ['--version', version] : []), '--destination', dest, ...verify, ...registryFlags(o)]);
  if (r.exitCode === 0) {
    const pulled = /^Pulled: \S+:(\S+)$/m.exec(`${r.stdout}\n${r.stderr}`)?.[1] ?? version;
    return `${dest}/${name}-${pulled}.tgz`;
  }
  if (NOT_FOUND.some((re) => re.test(r.stderr))) return undefined;
  throw new RegistryError(`cannot read ${ref}${version ? ` ${version}` : ''} from the registry: ${lastError(r)}`);
}

/** `helm push <archive> <url>` (with <archive>.prov when it lies beside it): the manifest digest Helm reports. */
export async function pushChart(helm: HelmTool, archive: string, url: string, o: RegistryOptions = {}): Promise<{ ref: string; digest: string }> {
  const r = await runHelm(helm, [...globalFlags(o), 'push', archive, url, ...registryFlags(o)]);
  const out = `${r.stdout}\n${r.stderr}`;
  const ref = /^Pushed: (\S+)$/m.exec(out)?.[1];
  const digest = /^Digest: (sha256:[0-9a-f]{64})$/m.exec(out)?.[1];
  if (r.exitCode !== 0 || !ref || !digest) throw new RegistryError(`cannot push ${archive} to ${url}: ${lastError(r)}`);
  return { ref, digest };
}

/** `helm registry login <host> --username <u> --password-stdin` into the registry config of `o`. */
export async function registryLogin(helm: HelmTool, host: string, username: string, password: string, o: RegistryOptions = {}): Promise<void> {
  const tls = [
    ...(o.plainHttp ? ['--plain-http'] : []),
    ...(o.insecureSkipTlsVerify ? ['--insecure'] : []),
    ...(o.caFile ? ['--ca-file', o.caFile] : []),
    ...(o.certFile ? ['--cert-file', o.certFile] : []),
    ...(o.keyFile ? ['--key-file', o.keyFile] : []),
  ];
  const r = await execa(helm.bin, [...globalFlags(o), 'registry', 'login', host, '--username', username, '--password-stdin', ...tls], { input: password, reject: false });
  if (r.exitCode !== 0) throw new RegistryError(`cannot log in to ${host} as ${username}: ${lastError({ exitCode: r.exitCode ?? -1, stdout: String(r.stdout), stderr: String(r.stderr) })}`);
}
