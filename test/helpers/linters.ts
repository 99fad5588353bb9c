// Third-party linters over rendered charts: render every chart x scenario x environment, run kube-score,
// checkov and kubeconform on the renders, normalise what they report to one Finding shape, and compare
// with the reviewed allowlist (ci/linters/allowlist.yaml).
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { execa } from 'execa';
import { parse } from 'yaml';
import { CHARTS, type Helm, type K8sObject, chartNames, parseManifests, scenarioFiles } from './helm.ts';
// @ts-expect-error plain .mjs without types
import { linterPath } from '../../ci/linters/provision.mjs';
// @ts-expect-error plain .mjs without types
import { SCHEMA_LOCATIONS } from '../../ci/linters/schemas.mjs';
// @ts-expect-error plain .mjs without types
import { K8S } from '../../ci/cluster/versions.mjs';

/** The pinned Kubernetes (1.35.4): kube-score takes vMAJOR.MINOR, kubeconform the plain version. */
const K8S_VERSION = String(K8S.version).replace(/^v/, '');

export const TOOLS = ['kube-score', 'checkov', 'kubeconform'] as const;
export type Tool = (typeof TOOLS)[number];

/** One thing a linter reported: which tool and check, on which object (Kind/name) of which render. */
export interface Finding { tool: Tool; check: string; object: string; render: string; detail: string }
/** A reviewed exception; `object` and `render` take `*` globs. */
export interface AllowEntry { tool: Tool; check: string; object: string; render?: string; reason: string }

// ---- allowlist ---------------------------------------------------------------------------------------

export function loadAllowlist(file: string): AllowEntry[] {
  const doc = parse(readFileSync(file, 'utf8')) as { allow?: unknown };
  if (!doc || !Array.isArray(doc.allow)) throw new Error(`${file}: expected a top-level "allow:" list (it may be empty: allow: [])`);
  return doc.allow.map((e: any, i: number) => {
    const where = `${file}: allow[${i}]`;
    const extra = Object.keys(e ?? {}).filter((k) => !['tool', 'check', 'object', 'render', 'reason'].includes(k));
    if (extra.length) throw new Error(`${where}: unknown key(s) ${extra.join(', ')}`);
    if (!TOOLS.includes(e?.tool)) throw new Error(`${where}: tool must be one of ${TOOLS.join(', ')}, found ${JSON.stringify(e?.tool)}`);
    for (const k of ['check', 'object', 'reason']) {
      if (typeof e[k] !== 'string' || !e[k].trim()) throw new Error(`${where}: "${k}" is required`);
    }
    if (!/^[^\n]{10,300}$/.test(e.reason.trim())) throw new Error(`${where}: reason must be one sentence (10 to 300 characters) saying why the finding is acceptable`);
    return e as AllowEntry;
  });
}

const globRe = (g: string) => new RegExp(`^${g.split('*').map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);

export function matches(e: AllowEntry, f: Finding): boolean {
  return e.tool === f.tool && e.check === f.check && globRe(e.object).test(f.object) && globRe(e.render ?? '*').test(f.render);
}

/** Findings the allowlist does not cover, those it covers, and its entries that matched nothing (stale). */
export function compare(findings: Finding[], allowlist: AllowEntry[]) {
  const used = new Set<AllowEntry>();
  const unexpected: Finding[] = [];
  const allowed: Finding[] = [];
  for (const f of findings) {
    const hit = allowlist.filter((e) => matches(e, f));
    hit.forEach((e) => used.add(e));
    (hit.length ? allowed : unexpected).push(f);
  }
  return { unexpected, allowed, stale: allowlist.filter((e) => !used.has(e)) };
}

/** Readable listing: one block per tool/check, one line per object with the renders it shows in. */
export function formatFindings(findings: Finding[]): string {
  const groups = new Map<string, Map<string, { renders: Set<string>; detail: string }>>();
  for (const f of [...findings].sort((a, b) => `${a.tool} ${a.check} ${a.object}`.localeCompare(`${b.tool} ${b.check} ${b.object}`))) {
    const g = groups.get(`${f.tool} ${f.check}`) ?? new Map();
    groups.set(`${f.tool} ${f.check}`, g);
    const o = g.get(f.object) ?? { renders: new Set<string>(), detail: f.detail };
    g.set(f.object, o);
    o.renders.add(f.render);
  }
  return [...groups].map(([check, objects]) => [
    `${check}`,
    ...[...objects].map(([obj, o]) => `    ${obj}  [${[...o.renders].sort().join(', ')}]${o.detail ? `\n        ${o.detail}` : ''}`),
  ].join('\n')).join('\n');
}

// ---- renders -----------------------------------------------------------------------------------------

export interface Render { id: string; file: string; objects: K8sObject[] }

/** Namespace of every render: the README installs the platform into appgear-core. */
export const NAMESPACE = 'appgear-core';

/** Every chart with its defaults and each ci/*-values.yaml; each umbrella also with each of its values-<env>.yaml. */
export function renderPlan(): { id: string; chart: string; release: string; values?: string }[] {
  return chartNames().flatMap((chart) => {
    // `core` for the reference umbrella as the README installs it; another chart's release is its name without core-.
    const release = chart === 'appgear' ? 'core' : chart.replace(/^core-/, '');
    const scenarios = scenarioFiles(chart).map((f) => ({ id: `${chart}/${f.replace(/-values\.yaml$/, '')}`, values: join('ci', f) }));
    // Every umbrella's environments (sub-charts have none).
    const envs = readdirSync(join(CHARTS, chart)).filter((f) => /^values-.+\.yaml$/.test(f)).sort().map((f) => ({ id: `${chart}/${f.replace(/\.yaml$/, '')}`, values: f }));
    return [{ id: `${chart}/defaults` }, ...scenarios, ...envs].map((s) => ({ ...s, chart, release }));
  });
}

/** `helm template` every planned render from a scratch copy of charts/ into `outDir`, 4 at a time. */
export async function renderAll(helm: Helm, scratch: string, outDir: string): Promise<Render[]> {
  mkdirSync(outDir, { recursive: true });
  const plan = renderPlan();
  const out: Render[] = [];
  for (let i = 0; i < plan.length; i += 4) {
    out.push(...await Promise.all(plan.slice(i, i + 4).map(async (p) => {
      const dir = join(scratch, p.chart);
      const args = ['template', p.release, dir, '--namespace', NAMESPACE, ...(p.values ? ['-f', join(dir, p.values)] : [])];
      const r = await execa(helm.bin, args, { reject: false });
      if (r.exitCode !== 0) throw new Error(`helm ${args.join(' ')} failed: ${String(r.stderr)}`);
      const file = join(outDir, `${p.id.replace('/', '--')}.yaml`);
      writeFileSync(file, String(r.stdout));
      return { id: p.id, file, objects: parseManifests(String(r.stdout)) };
    })));
  }
  return out;
}

export const renderIdOf = (file: string) => basename(file).replace(/\.yaml$/, '').replace('--', '/');

// ---- the linters -------------------------------------------------------------------------------------

export function linter(name: Tool | 'kubeconform-schemas'): string {
  const path = linterPath(name, { build: false }) as string | undefined;
  if (!path) throw new Error(`${name} is not provisioned: run \`node ci/tools.mjs ensure\` (npm test does it first)`);
  return path;
}

/** kube-score, one process per render (its cross-object checks must only see one release). */
export async function kubeScore(renders: Render[]): Promise<{ findings: Finding[]; scored: Map<string, Set<string>> }> {
  const bin = linter('kube-score');
  const findings: Finding[] = [];
  const scored = new Map<string, Set<string>>();
  for (const r of renders.filter((x) => x.objects.length)) {
    // Annotations in a chart must not silence or add checks: the allowlist is the one place for exceptions.
    const args = ['score', '-o', 'json', '--kubernetes-version', `v${K8S_VERSION.split('.').slice(0, 2).join('.')}`, '--disable-ignore-checks-annotations', '--disable-optional-checks-annotations', r.file];
    const res = await execa(bin, args, { reject: false });
    // Exit 1 means "critical findings"; anything else non-zero is the tool failing.
    if (res.exitCode !== 0 && res.exitCode !== 1) throw new Error(`kube-score ${args.join(' ')} failed (exit ${res.exitCode}): ${String(res.stderr)}`);
    const objects = (JSON.parse(String(res.stdout)) ?? []) as any[];
    scored.set(r.id, new Set(objects.map((o) => `${o.type_meta.kind}/${o.object_meta.name}`)));
    for (const o of objects) {
      for (const c of o.checks ?? []) {
        if (c.skipped || c.grade >= 10) continue;
        const detail = (c.comments ?? []).map((m: any) => `${m.path ? `${m.path}: ` : ''}${m.summary}`).join('; ');
        findings.push({ tool: 'kube-score', check: c.check.id, object: `${o.type_meta.kind}/${o.object_meta.name}`, render: r.id, detail });
      }
    }
  }
  return { findings, scored };
}

/** checkov over the whole render folder in one process; failed and in-manifest skipped checks are findings. */
export async function checkov(dir: string): Promise<{ findings: Finding[]; summary: any }> {
  const args = ['-d', dir, '--framework', 'kubernetes', '-o', 'json', '--quiet', '--compact', '--skip-download'];
  // No network but the package registries: no platform download, no update check.
  const env = { CKV_SKIP_PACKAGE_UPDATE_CHECK: 'true', BC_SKIP_MAPPING: 'TRUE' };
  const res = await execa(linter('checkov'), args, { reject: false, env });
  if (res.exitCode !== 0 && res.exitCode !== 1) throw new Error(`checkov ${args.join(' ')} failed (exit ${res.exitCode}): ${String(res.stderr).slice(-2000)}`);
  const out = JSON.parse(String(res.stdout));
  // One framework gives one report object; several would give a list.
  const report = Array.isArray(out) ? out.find((x) => x.check_type === 'kubernetes') : out;
  if (!report?.results) throw new Error(`checkov printed no kubernetes report: ${String(res.stdout).slice(0, 500)}`);
  const findings: Finding[] = [];
  const add = (c: any, skipped: boolean) => {
    // resource is Kind.namespace.name (names may contain dots, kinds and namespaces may not).
    const [kind, , ...name] = String(c.resource).split('.');
    const detail = skipped ? `suppressed in the manifest: ${c.check_name}` : c.check_name;
    findings.push({ tool: 'checkov', check: c.check_id, object: `${kind}/${name.join('.')}`, render: renderIdOf(c.file_path), detail });
  };
  for (const c of report.results.failed_checks ?? []) add(c, false);
  for (const c of report.results.skipped_checks ?? []) add(c, true);
  return { findings, summary: report.summary };
}

/** kubeconform over the whole render folder, strict, against the generated schemas. */
export async function kubeconform(dir: string): Promise<{ findings: Finding[]; summary: any }> {
  const locations = (SCHEMA_LOCATIONS(linter('kubeconform-schemas')) as string[]).flatMap((l) => ['-schema-location', l]);
  const args = ['-strict', '-summary', '-output', 'json', '-kubernetes-version', K8S_VERSION, ...locations, dir];
  const res = await execa(linter('kubeconform'), args, { reject: false });
  let out: any;
  try {
    out = JSON.parse(String(res.stdout));
  } catch {
    throw new Error(`kubeconform ${args.join(' ')} failed (exit ${res.exitCode}): ${String(res.stderr) || String(res.stdout).slice(0, 500)}`);
  }
  const findings = (out.resources ?? []).map((r: any): Finding => ({
    tool: 'kubeconform',
    check: r.status === 'statusInvalid' ? 'invalid' : 'error', // error: unreadable, or no schema for the kind
    object: `${r.kind}/${r.name}`,
    render: renderIdOf(r.filename),
    detail: (r.validationErrors?.length ? r.validationErrors.map((e: any) => `${e.path}: ${e.msg}`).join('; ') : r.msg),
  }));
  return { findings, summary: out.summary };
}
