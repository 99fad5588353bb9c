// Helm, through execa: found on PATH (or $HELM), its version detected once, its output returned as text.
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
