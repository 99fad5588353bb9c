// The bad-input corpus: every mistake is refused at generation time (the CLI, exit 2, nothing written) or
// at install time (helm template, Helm 3 and Helm 4, chart untouched), naming the file and the full value
// path once, in words ("expected ..."), never with a regular expression.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allRules } from '../../generator/dsl/rules.ts';
import { type Helm, helmRun, helms, scratchCharts } from '../helpers/helm.ts';
import { cli } from '../helpers/workspace.ts';
import { generationCases } from './generation-cases.ts';
import { installCases } from './install-cases.ts';
import { MODULE_FILE, basePlatform, moduleSource } from './platform.ts';
import { GENERATE, type ScratchRepo, copyRepo, freshRepo, generatorLines, hashTree, leaks, reportedPaths } from './tools.ts';

/** Kinds of check besides the string rules; each side must exercise every one it lists. */
const INSTALL_CLASSES = ['requests-within-limits', 'min-not-above-max', 'needs-capability', 'name-budget', 'enum', 'type', 'unknown-key', 'unknown-key-global', 'regex'];
const GENERATION_CLASSES = [...INSTALL_CLASSES, 'range', 'environment'];

const refusedAtGeneration = new Set<string>();
const refusedAtInstall = new Map<string, Set<string>>();
const HELMS = helms();

let base: Promise<ScratchRepo> | undefined;
/** The corpus platform generated once by the CLI into a scratch repository (never the committed charts/). */
const freshBase = () => (base ??= freshRepo());

afterAll(async () => {
  await base?.then((repo) => rmSync(repo.root, { recursive: true, force: true }), () => undefined);
  const install = installCases.filter((c) => HELMS.every((h) => refusedAtInstall.get(h.name)?.has(c.what))).length;
  const total = generationCases.length + installCases.length;
  console.log(`corpus: ${refusedAtGeneration.size + install} bad inputs refused (${refusedAtGeneration.size} at generation time, ${install} at install time x Helm 3 and 4)`
    + (refusedAtGeneration.size + install < total ? `; ${total - refusedAtGeneration.size - install} not refused as expected` : ''));
});

describe('the corpus', () => {
  it('has at least 60 cases, about half at each time', () => {
    expect(generationCases.length + installCases.length).toBeGreaterThanOrEqual(60);
    expect(generationCases.length).toBeGreaterThanOrEqual(30);
    expect(installCases.length).toBeGreaterThanOrEqual(30);
  });

  it.each([
    ['generation', generationCases, GENERATION_CLASSES],
    ['install', installCases, INSTALL_CLASSES],
  ] as const)('covers every rule of rules.ts and every kind of check at %s time', (_, cases, classes) => {
    const covered = new Set(cases.flatMap((c) => c.covers));
    const missing = [...allRules().map((r) => r.id), ...classes].filter((k) => !covered.has(k));
    expect(missing).toEqual([]);
  });

  it('has distinct case names', () => {
    for (const cases of [generationCases, installCases]) expect(new Set(cases.map((c) => c.what)).size).toBe(cases.length);
  });
});

describe('generation time: appgear-charts generate refuses the module', () => {
  it('generates the corpus platform itself', async () => {
    const repo = await freshBase();
    expect(Object.keys(hashTree(join(repo.root, repo.out))).filter((f) => f.endsWith('Chart.yaml')).length).toBeGreaterThanOrEqual(9);
  });

  it.concurrent.for(generationCases)('$what', async (c, { expect }) => {
    const repo = copyRepo(await freshBase());
    try {
      const platform = basePlatform();
      c.change(platform);
      writeFileSync(join(repo.root, MODULE_FILE), moduleSource(platform));
      const output = () => hashTree(join(repo.root, repo.out), [join(repo.root, repo.lock)]);
      const before = output();
      const r = await cli(repo.root, ...GENERATE(repo));

      expect(r.exitCode, r.stderr).toBe(2);
      expect(output(), 'the output folder or the lock changed').toEqual(before);
      const lines = generatorLines(r.stderr);
      expect(lines.length, r.stderr).toBeGreaterThan(0);
      for (const line of lines) expect(line.startsWith(`  ${MODULE_FILE}: `), `a problem without its file: ${line}`).toBe(true);
      expect(reportedPaths(r.stderr).filter((p) => p === c.path), `${c.path} reported once:\n${r.stderr}`).toHaveLength(1);
      const line = lines.find((l) => l.startsWith(`  ${MODULE_FILE}: ${c.path}: `))!;
      expect(line).toContain('expected');
      expect(line).toContain(c.says);
      expect(line, 'the module holds a value, the message says it holds none').not.toContain('found nothing');
      expect(leaks(r.stderr), r.stderr).toEqual([]);
      refusedAtGeneration.add(c.what);
    } finally {
      rmSync(repo.root, { recursive: true, force: true });
    }
  });
});

describe.each(HELMS)('install time: $name template refuses the value', (helm: Helm) => {
  let dir = '';
  const valuesDir = mkdtempSync(join(tmpdir(), 'appgear-corpus-values-'));
  beforeAll(async () => {
    const repo = await freshBase();
    dir = await scratchCharts(helm, join(repo.root, repo.out));
  });
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
    rmSync(valuesDir, { recursive: true, force: true });
  });

  it('accepts the defaults of every chart the corpus uses', async () => {
    for (const chart of new Set(installCases.map((c) => c.chart))) {
      const r = await helmRun(helm, ['template', 'core', join(dir, chart)]);
      expect(r.exitCode, `${chart}: ${r.stderr}`).toBe(0);
    }
  });

  it.concurrent.for(installCases)('$chart: $what', async (c, { expect }) => {
    const chart = join(dir, c.chart);
    const args = ['template', c.release ?? 'core', chart, ...c.args];
    if (c.values) {
      const file = join(valuesDir, `${c.what.replace(/\W+/g, '-')}.yaml`);
      writeFileSync(file, stringify(c.values));
      args.push('--values', file);
    }
    const before = hashTree(chart);
    const r = await helmRun(helm, args);

    expect(r.exitCode, `Helm accepted ${args.slice(3).join(' ')}`).not.toBe(0);
    expect(r.stderr).toMatch(/don't meet the specifications of the schema|break the chart's rules/);
    expect(reportedPaths(r.stderr, c.chart).filter((p) => p === c.path), `${c.path} reported once:\n${r.stderr}`).toHaveLength(1);
    expect(r.stderr).toContain(c.says);
    expect(leaks(r.stderr), r.stderr).toEqual([]);
    expect(hashTree(chart), 'the chart folder changed').toEqual(before);
    (refusedAtInstall.get(helm.name) ?? refusedAtInstall.set(helm.name, new Set()).get(helm.name)!).add(c.what);
  });
});
