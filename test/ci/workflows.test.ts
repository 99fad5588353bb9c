// The users' CI (.github/workflows/*) cannot run here (kind needs a container engine), so it is checked
// statically: actionlint (with shellcheck on every `run:` script) over every workflow file, 0 findings; and
// the versions the workflows pin (kind, its digest-pinned node images per supported Kubernetes minor,
// kubectl, Helm, ct) against the one source, ci/cluster/versions.mjs. Every chart's kubeVersion must state
// the supported range, and the local control plane's version must fall inside it.
import { readdirSync, readFileSync, mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { KUBE_VERSION } from '../../generator/render/renderChartYaml.ts';
import { CHARTS, REPO, chartNames, helms, scratchCharts } from '../helpers/helm.ts';
// @ts-expect-error plain .mjs without types
import { linterPath, linterVersion } from '../../ci/linters/provision.mjs';
// @ts-expect-error plain .mjs without types
import { LINTER_VERSIONS } from '../../ci/linters/versions.mjs';
// @ts-expect-error plain .mjs without types
import { CT, HELM, K8S, KIND, KUBE_VERSION_RANGE, PY, SUPPORTED_MINORS, kindNodeImage, minorOf } from '../../ci/cluster/versions.mjs';
// @ts-expect-error plain .mjs without types
import { excludedCharts } from '../../ci/cluster/e2e-kind.mjs';

const WORKFLOWS = join(REPO, '.github', 'workflows');
/** Every workflow file, including ones added later. */
const workflowFiles = (): string[] => readdirSync(WORKFLOWS).filter((f) => /\.ya?ml$/.test(f)).sort().map((f) => join(WORKFLOWS, f));

const supportedMinors = SUPPORTED_MINORS as string[];
const kind = KIND as { version: string; action: string; nodeImages: Record<string, { tag: string; digest: string }> };

// ---- the check of a workflow against ci/cluster/versions.mjs ---------------------------------------------

type Step = { id?: string; uses?: string; run?: string; with?: Record<string, unknown> };
type Job = { steps?: Step[]; strategy?: { matrix?: { include?: Record<string, unknown>[] } & Record<string, unknown> } };
type Workflow = { jobs?: Record<string, Job> };

const NODE_IMAGE = /^kindest\/node:(v\d+\.\d+\.\d+)@(sha256:[0-9a-f]{64})$/;
const MATRIX_REF = /^\$\{\{\s*matrix\.([A-Za-z0-9_-]+)\s*\}\}$/;

function* strings(node: unknown, path: string): Generator<[string, string]> {
  if (typeof node === 'string') yield [path, node];
  else if (node && typeof node === 'object') for (const [k, v] of Object.entries(node)) yield* strings(v, `${path}.${k}`);
}

/** A `with:` input's values in a job: the literal, or each matrix entry's value for `${{ matrix.x }}`. */
function inputValues(job: Job, value: unknown): { values: unknown[]; entries: Record<string, unknown>[] } {
  const ref = typeof value === 'string' ? MATRIX_REF.exec(value)?.[1] : undefined;
  if (!ref) return { values: [value], entries: [{}] };
  const matrix = job.strategy?.matrix ?? {};
  const entries = Array.isArray(matrix.include) ? matrix.include : Array.isArray(matrix[ref]) ? (matrix[ref] as unknown[]).map((v) => ({ [ref]: v })) : [];
  return { values: entries.map((e) => e[ref]), entries };
}

/** What in one workflow differs from ci/cluster/versions.mjs; empty when nothing does. */
export function workflowProblems(doc: Workflow, file: string): string[] {
  const problems: string[] = [];
  const say = (where: string, what: string) => problems.push(`${file}: ${where}: ${what}`);

  // Any node image anywhere (env, matrix, run scripts) must be one of the pinned ones, with its digest.
  const pinned = new Set(supportedMinors.map((m) => kindNodeImage(m) as string));
  for (const [path, text] of strings(doc, 'workflow')) {
    for (const image of text.match(/kindest\/node[^\s'"]*/g) ?? []) {
      if (!NODE_IMAGE.test(image)) say(path, `node image "${image}" lacks a digest; use kindest/node:<tag>@sha256:<digest> from KIND.nodeImages (ci/cluster/versions.mjs)`);
      else if (!pinned.has(image)) say(path, `node image "${image}" is not one of KIND.nodeImages for kind ${kind.version} (ci/cluster/versions.mjs)`);
    }
  }

  for (const [id, job] of Object.entries(doc.jobs ?? {})) {
    for (const [i, step] of (job.steps ?? []).entries()) {
      const at = `jobs.${id}.steps[${i}]`;
      const uses = step.uses ?? '';
      const input = (k: string) => step.with?.[k];

      if (uses.startsWith('helm/kind-action@')) {
        if (uses !== kind.action) say(at, `uses ${uses}, expected ${kind.action}`);
        if (input('version') !== kind.version) say(at, `kind version ${JSON.stringify(input('version') ?? null)}, expected ${kind.version} (KIND.version): without it the action installs its own default kind, which may not support the node image`);
        const images = inputValues(job, input('node_image'));
        const minors: string[] = [];
        images.values.forEach((image, n) => {
          const m = typeof image === 'string' ? NODE_IMAGE.exec(image) : null;
          if (!m) {
            say(at, `node_image ${JSON.stringify(image ?? null)} lacks a digest (expected kindest/node:<tag>@sha256:<digest>)`);
            return;
          }
          const minor = minorOf(m[1]) as string;
          minors.push(minor);
          if (image !== kindNodeImage(minor)) say(at, `node_image ${image} differs from KIND.nodeImages['${minor}'] (${kindNodeImage(minor)})`);
          const entry = images.entries[n] ?? {};
          if ('kubernetes' in entry && String(entry.kubernetes) !== minor) say(at, `matrix entry kubernetes: ${String(entry.kubernetes)} runs a ${minor} node image`);
          const kubectl = inputValues({ strategy: { matrix: { include: [entry] } } }, input('kubectl_version')).values[0];
          if (kubectl !== m[1]) say(at, `kubectl_version ${JSON.stringify(kubectl ?? null)} for Kubernetes ${minor}, expected ${m[1]} (the cluster's own version)`);
        });
        const covered = [...new Set(minors)].sort();
        if (covered.join() !== [...supportedMinors].sort().join()) {
          say(at, `kind runs Kubernetes ${covered.join(', ') || 'nothing'}, expected every supported minor: ${supportedMinors.join(', ')} (SUPPORTED_MINORS)`);
        }
      }
      if (uses.startsWith('azure/setup-helm@') && input('version') !== HELM.version) {
        say(at, `Helm ${JSON.stringify(input('version') ?? null)}, expected ${HELM.version} (ci/tools.mjs)`);
      }
      if (uses.startsWith('helm/chart-testing-action@')) {
        const want = { version: CT.version, yamllint_version: PY.yamllint, yamale_version: PY.yamale } as Record<string, string>;
        for (const [k, v] of Object.entries(want)) if (input(k) !== v) say(at, `${k} ${JSON.stringify(input(k) ?? null)}, expected ${v} (ci/cluster/versions.mjs)`);
      }
      // The charts to skip come from the charts themselves (appgear.io/needs-running), never a list of names.
      const excluded = /--excluded-charts\s+("[^"]*"|\S+)/.exec(step.run ?? '')?.[1];
      const computed = (job.steps ?? []).find((s) => /e2e-kind\.mjs excluded/.test(s.run ?? ''));
      if (/\bct install\b/.test(step.run ?? '') && (!computed?.id || excluded !== `"\${{ steps.${computed.id}.outputs.charts }}"`)) {
        say(at, `ct install excludes ${excluded ?? 'nothing'}, expected the output of a step that runs \`node ci/cluster/e2e-kind.mjs excluded\``);
      }
    }
  }
  return problems;
}

const chartsWorkflow = () => parse(readFileSync(join(WORKFLOWS, 'charts.yaml'), 'utf8')) as Workflow;

// ---- actionlint -----------------------------------------------------------------------------------------

interface LintFinding { message: string; filepath: string; line: number; column: number; kind: string }

function tool(name: string): string {
  const path = linterPath(name, { build: false }) as string | undefined;
  if (!path) throw new Error(`${name} is not provisioned: run \`node ci/tools.mjs ensure\` (npm test does it first)`);
  return path;
}

/** actionlint with the pinned shellcheck (and no pyflakes: no step runs Python), as JSON findings. */
async function actionlint(files: string[], cwd = REPO): Promise<LintFinding[]> {
  const r = await execa(tool('actionlint'), ['-format', '{{json .}}', `-shellcheck=${tool('shellcheck')}`, '-pyflakes=', ...files], { cwd, reject: false });
  // 0: no problem, 1: problems found; anything else is actionlint failing to run.
  if (r.exitCode !== 0 && r.exitCode !== 1) throw new Error(`actionlint exited ${r.exitCode}: ${String(r.stderr)}`);
  return JSON.parse(String(r.stdout) || '[]') as LintFinding[];
}

describe('actionlint on every workflow', () => {
  it('finds nothing in .github/workflows/* (every file, whatever its name)', async () => {
    const files = workflowFiles();
    expect(files.map((f) => f.slice(REPO.length))).toContain('.github/workflows/charts.yaml');
    const findings = await actionlint(files);
    const version = linterVersion('actionlint', tool('actionlint'));
    const shellcheck = linterVersion('shellcheck', tool('shellcheck'));
    console.log(`actionlint ${version} (shellcheck ${shellcheck}): ${files.length} workflow file(s) [${files.map((f) => f.slice(WORKFLOWS.length + 1)).join(', ')}], ${findings.length} finding(s)`);
    expect(`v${version}`).toBe(LINTER_VERSIONS.actionlint);
    expect(findings.map((f) => `${f.filepath}:${f.line}:${f.column}: ${f.message} [${f.kind}]`)).toEqual([]);
  });

  it('reports what it is there to catch: syntax, expressions, and shell scripts (through shellcheck)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'appgear-actionlint-'));
    mkdirSync(join(dir, '.github', 'workflows'), { recursive: true });
    const bad = join(dir, '.github', 'workflows', 'bad.yml');
    writeFileSync(bad, [
      'on: push',
      'jobs:',
      '  test:',
      '    runs-on: ubuntu-latest',
      '    timeout-minuts: 5',
      '    steps:',
      '      - run: echo ${{ matrix.missing }}',
      '      - run: echo $HOME/$1',
      '',
    ].join('\n'));
    const kinds = new Set((await actionlint([bad], dir)).map((f) => f.kind));
    expect([...kinds].sort()).toEqual(expect.arrayContaining(['expression', 'shellcheck', 'syntax-check']));
  });
});

// ---- versions against ci/cluster/versions.mjs ------------------------------------------------------------

describe('the workflows against ci/cluster/versions.mjs', () => {
  it('pins a digest, from kind\'s release notes, for the node image of every supported minor', () => {
    expect(supportedMinors.length).toBeGreaterThan(0);
    for (const minor of supportedMinors) {
      const image = kind.nodeImages[minor];
      expect(image, `KIND.nodeImages['${minor}']`).toBeDefined();
      expect(image!.tag, minor).toMatch(new RegExp(`^v${minor.replace('.', '\\.')}\\.\\d+$`));
      expect(image!.digest, minor).toMatch(/^sha256:[0-9a-f]{64}$/);
    }
    expect(Object.keys(kind.nodeImages).sort()).toEqual([...supportedMinors].sort());
    expect(kind.version).toMatch(/^v\d+\.\d+\.\d+$/);
    expect(kind.action).toMatch(/^helm\/kind-action@v\d+\.\d+\.\d+$/);
  });

  it.each(workflowFiles().map((f) => [f.slice(REPO.length), f]))('%s uses the pinned versions', (name, file) => {
    expect(workflowProblems(parse(readFileSync(file, 'utf8')) as Workflow, name)).toEqual([]);
  });

  it('has charts.yaml run kind over every supported minor (a job per minor, kind and kubectl pinned)', () => {
    const doc = chartsWorkflow();
    const kindSteps = Object.values(doc.jobs ?? {}).flatMap((j) => (j.steps ?? []).filter((s) => s.uses?.startsWith('helm/kind-action@')));
    expect(kindSteps.length).toBeGreaterThan(0);
    const install = Object.values(doc.jobs ?? {}).find((j) => j.steps?.some((s) => s.uses?.startsWith('helm/kind-action@')))!;
    expect((install.strategy?.matrix?.include ?? []).map((e) => String(e.kubernetes))).toEqual(supportedMinors);
  });

  // The check above must fail when the workflow drifts: each change below is one a careless edit could make.
  const mutated = (edit: (job: Job, step: Step, include: Record<string, unknown>[]) => void, extra?: (doc: Workflow) => void) => {
    const doc = chartsWorkflow();
    const job = Object.values(doc.jobs!).find((j) => j.steps?.some((s) => s.uses?.startsWith('helm/kind-action@')))!;
    edit(job, job.steps!.find((s) => s.uses?.startsWith('helm/kind-action@'))!, job.strategy!.matrix!.include!);
    extra?.(doc);
    return workflowProblems(doc, 'charts.yaml').join('\n');
  };

  it('fails when a node image lacks its digest, or its digest or tag differs', () => {
    expect(mutated((_j, _s, inc) => { inc[0]!.node_image = String(inc[0]!.node_image).split('@')[0]; })).toMatch(/node_image "kindest\/node:v1\.34\.11" lacks a digest/);
    expect(mutated((_j, _s, inc) => { inc[1]!.node_image = String(inc[1]!.node_image).replace(/sha256:[0-9a-f]{64}/, `sha256:${'f'.repeat(64)}`); })).toMatch(/is not one of KIND\.nodeImages[\s\S]*differs from KIND\.nodeImages\['1\.35'\]/);
    expect(mutated((_j, _s, inc) => { inc[1]!.node_image = kindNodeImage('1.35').replace('v1.35.8', 'v1.35.4'); })).toMatch(/differs from KIND\.nodeImages\['1\.35'\]/);
  });

  it('fails when kind\'s version is missing or differs, or the action is another release', () => {
    expect(mutated((_j, s) => { delete s.with!.version; })).toMatch(/kind version null, expected v0\.33\.0/);
    expect(mutated((_j, s) => { s.with!.version = 'v0.32.0'; })).toMatch(/kind version "v0\.32\.0", expected v0\.33\.0/);
    expect(mutated((_j, s) => { s.uses = 'helm/kind-action@v1.12.0'; })).toMatch(/uses helm\/kind-action@v1\.12\.0, expected/);
  });

  it('fails when a supported minor is left out, or kubectl does not match its cluster', () => {
    expect(mutated((_j, _s, inc) => { inc.shift(); })).toMatch(/kind runs Kubernetes 1\.35, 1\.36, 1\.37, expected every supported minor: 1\.34, 1\.35, 1\.36, 1\.37/);
    expect(mutated((_j, _s, inc) => { inc[3]!.kubectl = 'v1.35.4'; })).toMatch(/kubectl_version "v1\.35\.4" for Kubernetes 1\.37, expected v1\.37\.0/);
  });

  it('fails on a tag-only node image anywhere in a workflow (e.g. an env variable)', () => {
    expect(mutated(() => {}, (doc) => { (doc as Record<string, unknown>).env = { KIND_NODE_IMAGE: 'kindest/node:v1.35.4' }; })).toMatch(/workflow\.env\.KIND_NODE_IMAGE: node image "kindest\/node:v1\.35\.4" lacks a digest/);
  });

  it('npm run e2e:kind picks its node image from the same source (default: the local control plane\'s minor)', async () => {
    const env = { ...process.env, KIND_NODE_IMAGE: '', KIND_K8S_MINOR: '' };
    const image = async (minor: string) => execa('node', ['ci/cluster/e2e-kind.mjs', 'image'], { cwd: REPO, env: { ...env, KIND_K8S_MINOR: minor }, reject: false });
    expect(String((await image('')).stdout)).toBe(kindNodeImage(minorOf(K8S.version)));
    for (const minor of supportedMinors) expect(String((await image(minor)).stdout)).toBe(kindNodeImage(minor));
    const unsupported = await image('1.33');
    expect(unsupported.exitCode).toBe(1);
    expect(String(unsupported.stderr)).toContain('KIND_K8S_MINOR=1.33 is not a supported Kubernetes minor');
  });
});

// ---- kubeVersion -----------------------------------------------------------------------------------------

describe('the supported Kubernetes range', () => {
  it('is the range of the supported minors, and the local control plane is one of them', () => {
    expect(KUBE_VERSION_RANGE).toBe(`>=1.${supportedMinors[0]!.split('.')[1]}.0-0 <1.${Number(supportedMinors.at(-1)!.split('.')[1]) + 1}.0-0`);
    expect(KUBE_VERSION).toBe(KUBE_VERSION_RANGE);
    expect(supportedMinors).toContain(minorOf(K8S.version));
  });

  it.each(chartNames({ libraries: true }))('%s states it as kubeVersion', (chart) => {
    const chartYaml = parse(readFileSync(join(CHARTS, chart, 'Chart.yaml'), 'utf8')) as { kubeVersion?: string };
    expect(chartYaml.kubeVersion).toBe(KUBE_VERSION_RANGE);
  });

  it('is what Helm enforces: the local control plane and every kind image install, the minors around them do not', async () => {
    const inside = [K8S.version, ...supportedMinors.map((m) => kind.nodeImages[m]!.tag), `v${supportedMinors[0]}.0`, `v${supportedMinors.at(-1)}.99`];
    const [major, oldest] = supportedMinors[0]!.split('.').map(Number);
    const newest = Number(supportedMinors.at(-1)!.split('.')[1]);
    const outside = [`v${major}.${oldest! - 1}.9`, `v${major}.${newest + 1}.0`];
    for (const helm of helms()) {
      // A sub-chart needs its library chart: a scratch copy with dependencies built.
      const chart = join(await scratchCharts(helm), 'core-redis');
      for (const v of [...inside, ...outside]) {
        const r = await execa(helm.bin, ['template', chart, '--kube-version', v], { reject: false });
        if (inside.includes(v)) expect(r.exitCode, `${helm.name} --kube-version ${v}: ${String(r.stderr)}`).toBe(0);
        else expect(String(r.stderr), `${helm.name} --kube-version ${v}`).toContain(`chart requires kubeVersion: ${KUBE_VERSION_RANGE} which is incompatible with Kubernetes ${v}`);
      }
    }
  });
});

describe('charts skipped by ct install on kind', () => {
  it('are the ones whose Chart.yaml names something that must run first, read from the charts', () => {
    // core-ceph needs the Rook operator and its Ceph cluster; the umbrella includes it; a library installs nothing.
    expect(excludedCharts()).toEqual(['appgear', 'appgear-common', 'core-ceph']);
  });
});
