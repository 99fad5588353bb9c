// Real Helm binaries (pinned 3.x and 4.x) and a scratch copy of charts/ with the umbrella's
// dependencies built, shared by the helm-based suites.
import { cpSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { parseAllDocuments } from 'yaml';
// @ts-expect-error plain .mjs without types
import { toolPath } from '../../ci/tools.mjs';

export const REPO = new URL('../../', import.meta.url).pathname;
export const CHARTS = join(REPO, 'charts');

export interface Helm { name: 'helm3' | 'helm4'; bin: string }

/** Both pinned Helm lines; `npm test` provisions them first (node ci/tools.mjs ensure). */
export function helms(): Helm[] {
  return (['helm3', 'helm4'] as const).map((name) => {
    const bin = toolPath(name, { build: false }) as string | undefined;
    if (!bin) throw new Error(`${name} is not provisioned: run \`node ci/tools.mjs ensure\` (npm test does it first)`);
    return { name, bin };
  });
}

export const chartNames = () => readdirSync(CHARTS).sort();
export const scenarioFiles = (chart: string): string[] => {
  try {
    return readdirSync(join(CHARTS, chart, 'ci')).filter((f) => f.endsWith('-values.yaml')).sort();
  } catch {
    return [];
  }
};

/** A scratch copy of charts/ with `helm dependency build` run on every umbrella. */
export async function scratchCharts(helm: Helm): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), `appgear-${helm.name}-`));
  cpSync(CHARTS, dir, { recursive: true });
  for (const chart of readdirSync(dir)) {
    if (readdirSync(join(dir, chart)).includes('Chart.lock')) {
      await execa(helm.bin, ['dependency', 'build', join(dir, chart)]);
    }
  }
  return dir;
}

export interface RunResult { exitCode: number; stdout: string; stderr: string }

export async function helmRun(helm: Helm, args: string[]): Promise<RunResult> {
  const r = await execa(helm.bin, args, { reject: false });
  return { exitCode: r.exitCode ?? -1, stdout: String(r.stdout), stderr: String(r.stderr) };
}

export type K8sObject = { apiVersion: string; kind: string; metadata: { name: string; labels?: Record<string, string>; annotations?: Record<string, string> }; spec?: any };

/** Rendered manifests as objects (empty documents dropped). */
export function parseManifests(text: string): K8sObject[] {
  return parseAllDocuments(text).map((d) => d.toJS()).filter((o): o is K8sObject => !!o && typeof o === 'object');
}
