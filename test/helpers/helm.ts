// Real Helm binaries (pinned 3.x and 4.x) and a scratch copy of charts/ with the umbrella's
// dependencies built, shared by the helm-based suites.
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { parse, parseAllDocuments } from 'yaml';
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

const isLibrary = (chart: string) => /^type: library$/m.test(readFileSync(join(CHARTS, chart, 'Chart.yaml'), 'utf8'));

/** A bootstrap chart (Argo CD objects that install an umbrella): its Chart.yaml names the umbrella. */
export const isBootstrap = (chart: string) => /^ {2}appgear\.io\/bootstraps: /m.test(readFileSync(join(CHARTS, chart, 'Chart.yaml'), 'utf8'));

/** An umbrella (one per platform module): its dependencies name the instances with aliases; a sub-chart's never do. */
export const isUmbrella = (chart: string) => /^ {4}alias: /m.test(readFileSync(join(CHARTS, chart, 'Chart.yaml'), 'utf8'));

/** Instance key -> sub-chart name of an umbrella, in the order of its Chart.yaml. */
export const umbrellaInstances = (chart: string): [string, string][] =>
  ((parse(readFileSync(join(CHARTS, chart, 'Chart.yaml'), 'utf8')) as { dependencies?: { name: string; alias?: string }[] }).dependencies ?? [])
    .filter((d) => d.alias).map((d) => [d.alias!, d.name]);

/** The installable charts of charts/ (sub-charts and umbrellas); with `libraries`, the library chart too. */
export const chartNames = (opts: { libraries?: boolean } = {}) =>
  readdirSync(CHARTS).filter((c) => existsSync(join(CHARTS, c, 'Chart.yaml')) && (opts.libraries || !isLibrary(c))).sort();
export const scenarioFiles = (chart: string): string[] => {
  const dir = join(CHARTS, chart, 'ci');
  return existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('-values.yaml')).sort() : [];
};

/**
 * A scratch copy of a charts folder (charts/ by default) with `helm dependency build` run on every chart
 * that has dependencies; the source stays untouched. `helm` is a Helm line or a binary path.
 */
export async function scratchCharts(helm: Helm | string, from = CHARTS): Promise<string> {
  const bin = typeof helm === 'string' ? helm : helm.bin;
  const dir = mkdtempSync(join(tmpdir(), 'appgear-charts-'));
  cpSync(from, dir, { recursive: true });
  for (const chart of readdirSync(dir)) {
    // The output folder also holds the generator's manifest and the set's lock: only charts are built.
    if (!existsSync(join(dir, chart, 'Chart.yaml'))) continue;
    const hasDeps = existsSync(join(dir, chart, 'Chart.lock')) || /^dependencies:/m.test(readFileSync(join(dir, chart, 'Chart.yaml'), 'utf8'));
    if (hasDeps) {
      const r = await execa(bin, ['dependency', 'build', join(dir, chart)], { reject: false });
      if (r.exitCode !== 0) throw new Error(`helm dependency build ${chart} failed: ${String(r.stderr)}`);
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
