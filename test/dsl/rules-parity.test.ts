// Parity of the two times a value is checked: for every rule the generator enforces, the same mistake
// passed with --set at install time is refused by Helm 3 and Helm 4, naming the same value path, in
// plain words. The table of messages is kept in test/golden/parity.md (UPDATE_GOLDEN=1 rewrites it).
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { z } from 'zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { components } from '../../generator/components/index.ts';
import type { Component } from '../../generator/dsl/component.ts';
import { allRules } from '../../generator/dsl/rules.ts';
import { collectGuards, type Guard, type Step } from '../../generator/schema/collectGuards.ts';
import { toProblems } from '../../generator/parse/formatIssues.ts';
import { type Helm, REPO, helmRun, helms, scratchCharts } from '../helpers/helm.ts';

interface Case {
  /** The rule, as the table names it. */
  rule: string;
  chart: string;
  component: Component<any>;
  /** Values holding the mistake (merged onto the chart's defaults by both sides). */
  values: Record<string, unknown>;
  /** --set / --set-string arguments carrying the same mistake. */
  set: string[];
  /** The value path both messages must name. */
  path: string;
  /** How the table shows the mistake (default: the --set argument). */
  shown?: string;
}

/** Values and the printed path that put `bad` where the guard's steps lead. */
function place(steps: Step[], bad: string): { values: Record<string, unknown>; path: string; set: string } {
  let path = '';
  let setPath = '';
  const build = (i: number): unknown => {
    if (i === steps.length) return bad;
    const s = steps[i]!;
    if ('key' in s) {
      path += path ? `.${s.key}` : s.key;
      setPath += setPath ? `.${s.key}` : s.key;
      return { [s.key]: build(i + 1) };
    }
    if (s.each === 'item') {
      path += '[0]';
      setPath += '[0]';
      return [build(i + 1)];
    }
    if (s.each === 'key') {
      path += ` (key ${JSON.stringify(bad)})`;
      setPath += `.${bad}`;
      return { [bad]: 'x' };
    }
    path += '.k';
    setPath += '.k';
    return { k: build(i + 1) };
  };
  const values = build(0) as Record<string, unknown>;
  const last = steps.at(-1);
  const setValue = last && 'each' in last && last.each === 'key' ? 'x' : bad;
  return { values, path, set: `${setPath}=${setValue}` };
}

/**
 * The same inside list items, which one --set cannot give whole (Helm fills no defaults in them): the top-level
 * key's value from the chart's defaults, each list cut to its first default item, `bad` in place; undefined when
 * the defaults have no item to start from.
 */
function placeInDefaults(defaults: Record<string, unknown>, steps: Step[], bad: string): { values: Record<string, unknown>; path: string; set: string } | undefined {
  let path = '';
  let complete = true;
  const build = (node: unknown, i: number): unknown => {
    if (i === steps.length) return bad;
    const s = steps[i]!;
    if ('key' in s) {
      path += path ? `.${s.key}` : s.key;
      const obj = node && typeof node === 'object' && !Array.isArray(node) ? (node as Record<string, unknown>) : {};
      return { ...obj, [s.key]: build(obj[s.key], i + 1) };
    }
    if (s.each === 'item') {
      path += '[0]';
      const first = Array.isArray(node) ? node[0] : undefined;
      if (first === undefined && i + 1 < steps.length) complete = false;
      return [build(first, i + 1)];
    }
    if (s.each === 'key') {
      path += ` (key ${JSON.stringify(bad)})`;
      return { [bad]: 'x' };
    }
    path += '.k';
    return { k: build(undefined, i + 1) };
  };
  const top = (steps[0] as { key: string }).key;
  const value = (build(defaults, 0) as Record<string, unknown>)[top];
  return complete ? { values: { [top]: value }, path, set: `${top}=${JSON.stringify(value)}` } : undefined;
}

/** A list item with fields of its own: a --set of one field would make an item without the others. */
const crossesObjectList = (steps: Step[]) => steps.some((s, i) => 'each' in s && s.each === 'item' && i < steps.length - 1);

/**
 * The components whose chart the platforms of values-src/ generate: --set needs the chart in charts/, and a
 * component no instance uses (one registered before it joins values-src/) has none.
 */
const generated = components.filter((c) => existsSync(join(REPO, 'charts', c.spec.chart.name, 'Chart.yaml')));

function ruleCases(): Case[] {
  const cases: Case[] = [];
  const seen = new Set<string>();
  for (const component of generated) {
    const guards: Guard[] = collectGuards(component.chartSchema);
    for (const g of guards) {
      if (g.kind !== 'rule' || seen.has(g.use.rule.id)) continue;
      // Records of objects and lists of lists need more than one --set: take a simpler use of the rule.
      if (g.steps.filter((s) => 'each' in s).length > 1 || crossesObjectList(g.steps)) continue;
      seen.add(g.use.rule.id);
      const { values, path, set } = place(g.steps, g.use.rule.counterExample);
      cases.push({ rule: g.use.rule.id, chart: component.spec.chart.name, component, values, set: ['--set-string', set], path });
    }
  }
  // Rules used only inside list items: the whole list with one --set-json, its item from the chart's defaults.
  for (const component of generated) {
    const defaults = component.chartSchema.parse({}) as Record<string, unknown>;
    for (const g of collectGuards(component.chartSchema)) {
      if (g.kind !== 'rule' || seen.has(g.use.rule.id)) continue;
      const placed = placeInDefaults(defaults, g.steps, g.use.rule.counterExample);
      if (!placed) continue;
      seen.add(g.use.rule.id);
      const shown = `${placed.path}=${g.use.rule.counterExample} (--set-json ${placed.set.split('=')[0]}=[the first default item, with it])`;
      cases.push({ rule: g.use.rule.id, chart: component.spec.chart.name, component, values: placed.values, set: ['--set-json', placed.set], path: placed.path, shown });
    }
  }
  const missing = allRules().map((r) => r.id).filter((id) => !seen.has(id));
  if (missing.length) throw new Error(`rules that no chart uses (nothing to compare): ${missing.join(', ')}`);
  return cases;
}

const byId = (id: string) => components.find((c) => c.spec.id === id)!;

/** The cross-field and shape rules, one example each. */
const otherCases: Case[] = [
  { rule: 'request within limit', chart: 'core-redis', component: byId('redis'), values: { resources: { requests: { memory: '64Gi' } } }, set: ['--set-string', 'resources.requests.memory=64Gi'], path: 'resources.requests.memory' },
  { rule: 'minimum not above maximum', chart: 'core-rabbitmq', component: byId('rabbitmq'), values: { keda: { minReplicaCount: 5 } }, set: ['--set', 'keda.minReplicaCount=5'], path: 'keda.minReplicaCount' },
  { rule: 'capability required (if A then B)', chart: 'core-redis', component: byId('redis'), values: { credentials: { externalSecret: { enabled: true } } }, set: ['--set', 'credentials.externalSecret.enabled=true'], path: 'credentials.externalSecret.enabled' },
  { rule: 'name fits once prefixed', chart: 'core-redis', component: byId('redis'), values: { fullnameOverride: 'r'.repeat(60) }, set: ['--set-string', `fullnameOverride=${'r'.repeat(60)}`], path: 'fullnameOverride' },
  { rule: 'regular expression (Go syntax)', chart: 'core-ceph', component: byId('ceph'), values: { cluster: { storage: { deviceFilter: '[' } } }, set: ['--set-string', 'cluster.storage.deviceFilter=['], path: 'cluster.storage.deviceFilter' },
  { rule: 'one of the allowed values', chart: 'core-postgres', component: byId('postgres'), values: { service: { type: 'Ingress' } }, set: ['--set-string', 'service.type=Ingress'], path: 'service.type' },
  { rule: 'whole number in range', chart: 'core-redpanda', component: byId('redpanda'), values: { replicas: 0 }, set: ['--set', 'replicas=0'], path: 'replicas' },
  { rule: 'known key', chart: 'core-postgres', component: byId('postgres'), values: { persistance: { size: '1Gi' } }, set: ['--set-string', 'persistance.size=1Gi'], path: 'persistance' },
  { rule: 'type', chart: 'core-postgres', component: byId('postgres'), values: { persistence: { enabled: 'yes' } }, set: ['--set-string', 'persistence.enabled=yes'], path: 'persistence.enabled' },
];

const cases = [...ruleCases(), ...otherCases];

/** Helm prints schema paths as JSON pointers ("/a/b/0"): the same path either way. */
const pointer = (path: string) => `/${path.replace(/\[(\d+)\]/g, '.$1').replaceAll('.', '/')}`;

/** The first problem line Helm printed that names `path`. */
function helmLine(stderr: string, path: string): string | undefined {
  return stderr.split('\n').map((l) => l.replace(/^\s*-\s*/, '').replace(/^at '/, "'")).find((l) => l.includes(path) || l.includes(`'${pointer(path)}'`) || l.includes(`'${pointer(path).replace(/\/[^/]*$/, '')}'`));
}

const table: Record<string, { rule: string; chart: string; path: string; generation: string; install: Record<string, string> }> = {};

function generationMessage(c: Case): string {
  const parsed = (c.component.chartSchema as z.ZodType).safeParse(c.values);
  expect(parsed.success, `${c.rule}: the generator accepted ${JSON.stringify(c.values)}`).toBe(false);
  const problems = toProblems('values-src/platform.ts', `components.${c.component.spec.id}`, parsed.error!, c.values);
  const named = problems.find((p) => p.path === `components.${c.component.spec.id}.${c.path}` || p.path.startsWith(`components.${c.component.spec.id}.${c.path} `));
  expect(named, `${c.rule}: no generation-time problem names ${c.path}: ${JSON.stringify(problems)}`).toBeTruthy();
  return `${named!.path}: ${named!.message}`;
}

describe('generation time', () => {
  it('has a case for every rule of rules.ts and every other kind of check', () => {
    expect(cases.length).toBeGreaterThanOrEqual(allRules().length + otherCases.length);
  });
  it.each(cases)('$rule: refused, naming $path', (c) => {
    const message = generationMessage(c);
    table[c.rule] = { rule: c.rule, chart: c.chart, path: c.path, generation: message, install: {} };
    expect(message).not.toMatch(/\^\(|\$\)|\[a-z0-9\]/);
  });
});

describe.each(helms())('$name at install time', (helm: Helm) => {
  let dir = '';
  beforeAll(async () => {
    dir = await scratchCharts(helm);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.each(cases)('$rule: --set refused, naming $path, in words', async (c) => {
    const r = await helmRun(helm, ['template', 'core', join(dir, c.chart), ...c.set]);
    expect(r.exitCode, `${c.rule}: Helm accepted ${c.set.join(' ')}`).not.toBe(0);
    const line = helmLine(r.stderr, c.path);
    expect(line, `${c.rule}: Helm's message does not name ${c.path}:\n${r.stderr}`).toBeTruthy();
    expect(r.stderr).not.toMatch(/does not match pattern|\^\(|\[a-z0-9\]/);
    (table[c.rule] ??= { rule: c.rule, chart: c.chart, path: c.path, generation: '', install: {} }).install[helm.name] = line!;
  });
});

describe('the parity table', () => {
  it('is the one committed in test/golden/parity.md', () => {
    const cell = (s: string | undefined) => (s ?? '').replace(/\|/g, '\\|');
    const rows = cases.map((c) => table[c.rule]!).filter(Boolean);
    expect(rows.length).toBe(cases.length);
    const text = [
      '<!-- Written by test/dsl/rules-parity.test.ts (UPDATE_GOLDEN=1 npm test rewrites it); do not edit. -->',
      '# Bad values at generation time and at install time',
      '',
      `Each rule the generator enforces, one mistake each, refused by the generator (zod) and by \`helm template\``,
      `with \`--set\` (Helm 3 and Helm 4), naming the same value path. ${rows.length} rules.`,
      '',
      '| Rule | Chart | Mistake | Generation time | Helm 3 | Helm 4 |',
      '|------|-------|---------|-----------------|--------|--------|',
      ...rows.map((r) => {
        const c = cases.find((x) => x.rule === r.rule)!;
        return `| ${cell(r.rule)} | ${r.chart} | \`${cell(c.shown ?? c.set[1]!)}\` | ${cell(r.generation)} | ${cell(r.install.helm3)} | ${cell(r.install.helm4)} |`;
      }),
      '',
    ].join('\n');
    const file = join(REPO, 'test/golden/parity.md');
    if (process.env.UPDATE_GOLDEN === '1') writeFileSync(file, text);
    expect(existsSync(file), 'test/golden/parity.md is missing: run UPDATE_GOLDEN=1 npm test and review it').toBe(true);
    expect(readFileSync(file, 'utf8')).toBe(text);
    console.log(`parity: ${rows.length} rules refused at generation time and by Helm 3 and Helm 4 (test/golden/parity.md)`);
  });
});
