// The SLOs of the application chart (app), generated from a fixture platform with one API and rendered with Helm 3
// and 4: the PrometheusRule passes `promtool check rules`; `promtool test rules` replays request series through it
// (a fast burn of the availability and of the latency budget pages, a healthy series and a burn that has stopped
// do not, and a wrong expectation fails promtool); nothing is rendered without the Prometheus Operator capability
// (NOTES.txt says why); and bad SLO values are refused at generation time and at install time, naming the value.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { execa } from 'execa';
import { stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MESSAGES, PATTERNS } from '../../generator/components/app/checks.ts';
import { app, definePlatform } from '../../generator/index.ts';
import { generateFixture, problemsOf } from '../helpers/fixture.ts';
import { type Helm, type K8sObject, helmRun, helms, parseManifests, scratchCharts } from '../helpers/helm.ts';
// @ts-expect-error plain .mjs without types
import { toolPath } from '../../ci/tools.mjs';

const CHART = 'app';
const UMBRELLA = 'fx';
const FILE = 'values-src/p.ts';
const NAMESPACE = 'appgear-core';
const ON = ['--set', 'global.capabilities.prometheusOperator=true'];

/** An API with both SLOs: 99.9% of requests succeed, 95% answer within 300 ms. */
const API = {
  ports: [{ name: 'http', containerPort: 8000 }, { name: 'metrics', containerPort: 9090 }],
  metrics: { enabled: true, port: 'metrics' },
  slo: { enabled: true, availability: { objective: 99.9 }, latency: { enabled: true, objective: 95, threshold: '0.3' }, alerts: { labels: { team: 'payments' } } },
};

const platform = () => definePlatform({ name: UMBRELLA, version: '0.1.0', description: 'SLO fixture.', components: { api: app(API as never) } });
const single = (values: Record<string, unknown>) =>
  definePlatform({ name: UMBRELLA, version: '0.1.0', description: 'One application.', components: { web: app(values as never) } });

/** promtool of the pinned Debian package (ci/apt.mjs); `npm test` provisions it first (node ci/tools.mjs ensure). */
function promtool(): string {
  const bin = toolPath('prometheus', { build: false }) as string | undefined;
  if (!bin) throw new Error('promtool is not provisioned: run `node ci/tools.mjs ensure` (npm test does it first)');
  return bin;
}

/** The mistakes, as values of the chart; `path` is what both times must name. */
const MISTAKES: { what: string; values: Record<string, unknown>; path: string; generation: string; install: string }[] = [
  {
    what: 'an objective of 100% (no error budget)',
    values: { slo: { enabled: true, availability: { objective: 100 } } },
    path: 'slo.availability.objective',
    generation: 'expected a number less than 100, found number 100',
    install: "at '/slo/availability/objective': exclusiveMaximum: got 100",
  },
  {
    what: 'a latency objective of 0%',
    values: { slo: { latency: { enabled: true, objective: 0 } } },
    path: 'slo.latency.objective',
    generation: 'expected a number greater than 0, found number 0',
    install: "at '/slo/latency/objective': exclusiveMinimum: got 0",
  },
  {
    what: 'an error selector that is not PromQL label matchers',
    values: { slo: { availability: { errorSelector: 'code=5xx' } } },
    path: 'slo.availability.errorSelector',
    generation: MESSAGES.matchers('"code=5xx"'),
    install: `slo.availability.errorSelector: ${MESSAGES.matchers('"code=5xx"')}`,
  },
  {
    what: 'a window that is not whole days',
    values: { slo: { window: '4w' } },
    path: 'slo.window',
    generation: MESSAGES.days('"4w"'),
    install: `slo.window: ${MESSAGES.days('"4w"')}`,
  },
  {
    what: 'a latency threshold that is not a bucket bound',
    values: { slo: { latency: { threshold: '300ms' } } },
    path: 'slo.latency.threshold',
    generation: MESSAGES.bucketBound('"300ms"'),
    install: `slo.latency.threshold: ${MESSAGES.bucketBound('"300ms"')}`,
  },
  {
    what: 'a metric name with a dash',
    values: { slo: { availability: { metric: 'http-requests' } } },
    path: 'slo.availability.metric',
    generation: MESSAGES.metricName('"http-requests"'),
    install: `slo.availability.metric: ${MESSAGES.metricName('"http-requests"')}`,
  },
  {
    what: 'an SLO for a CronJob',
    values: { workload: { kind: 'CronJob' }, ports: [], slo: { enabled: true } },
    path: 'workload.kind',
    generation: 'an SLO measures the requests a Deployment or a StatefulSet serves: expected one of "Deployment", "StatefulSet" when slo.enabled is true, found "CronJob"',
    install: 'workload.kind: an SLO measures the requests a Deployment or a StatefulSet serves',
  },
];

describe('generation time', () => {
  it.each(MISTAKES)('refuses $what, naming $path', ({ values, path, generation }) => {
    const found = problemsOf(FILE, single(values));
    expect(found).toHaveLength(1);
    expect(found[0]).toContain(`components.web.${path}: `);
    expect(found[0]).toContain(generation);
  });

  it('checks the SLO at install time with the generator\'s own patterns', () => {
    const source = readFileSync(new URL('../../generator/components/app/templates/_app.tpl.hbs', import.meta.url), 'utf8');
    for (const [name, pattern] of Object.entries(PATTERNS)) expect(source, name).toContain(`\`${pattern.source}\``);
  });
});

const byKind = (objects: K8sObject[], kind: string) => objects.filter((o) => o.kind === kind) as any[];

/** The series of the API as its ServiceMonitor's targets carry them. */
const API_LABELS = `job="core-api",namespace="${NAMESPACE}"`;
/** Labels of every alert of an SLO of the API. */
const alertLabels = (slo: string, severity: string) => ({ severity, slo, service: 'core-api', namespace: NAMESPACE, team: 'payments' });

/** `promtool test rules` input: the requests of one SLO, one series per line, and the alerts expected at times. */
interface RuleTest { name: string; series: [string, string][]; alerts: { at: string; alert: string; firing: object[] }[] }

const fastAvailability = {
  exp_labels: alertLabels('availability', 'critical'),
  exp_annotations: {
    summary: 'core-api is burning its availability error budget: burn rate above 14.4 over 1h and 5m',
    description: '2% of the 30d error budget went in the last 1h: 20% of requests failed over 1h (more than 1.44% also over 5m). The objective: 99.9% of requests succeed over 30d.',
  },
};
const fastLatency = {
  exp_labels: alertLabels('latency', 'critical'),
  exp_annotations: {
    summary: 'core-api is burning its latency error budget: burn rate above 14.4 over 1h and 5m',
    description: '2% of the 30d error budget went in the last 1h: 80% of requests took longer than 0.3s over 1h (more than 72% also over 5m). The objective: 95% of requests answer within 0.3s over 30d.',
  },
};

/** Requests per minute: 800 served, 200 failed, for two hours (20% errors); then only the served ones go on. */
const BURNING: [string, string][] = [
  [`http_requests_total{${API_LABELS},code="200"}`, '0+800x120'],
  [`http_requests_total{${API_LABELS},code="500"}`, '0+200x120'],
];
/** 10,000 served and one failed a minute (0.01% errors). */
const HEALTHY: [string, string][] = [
  [`http_requests_total{${API_LABELS},code="200"}`, '0+10000x120'],
  [`http_requests_total{${API_LABELS},code="503"}`, '0+1x120'],
];
/** The burn of BURNING for an hour, then no more failures. */
const STOPPED: [string, string][] = [
  [`http_requests_total{${API_LABELS},code="200"}`, '0+800x120'],
  [`http_requests_total{${API_LABELS},code="500"}`, '0+200x60 12000x60'],
];
/** Per minute 1000 requests: `within` of them within 300 ms (the 0.1 s bucket must not count). */
const histogram = (within: number): [string, string][] => [
  [`http_request_duration_seconds_bucket{${API_LABELS},le="0.1"}`, `0+${within / 2}x120`],
  [`http_request_duration_seconds_bucket{${API_LABELS},le="0.3"}`, `0+${within}x120`],
  [`http_request_duration_seconds_bucket{${API_LABELS},le="+Inf"}`, '0+1000x120'],
];

const FAST_A = 'CoreApiAvailabilityFastBurn';
const FAST_L = 'CoreApiLatencyFastBurn';

const TESTS: RuleTest[] = [
  { name: 'availability, 20% errors', series: BURNING, alerts: [{ at: '60m', alert: FAST_A, firing: [fastAvailability] }] },
  { name: 'availability, 0.01% errors', series: HEALTHY, alerts: [{ at: '60m', alert: FAST_A, firing: [] }, { at: '120m', alert: FAST_A, firing: [] }] },
  // The 1h share is still far above the threshold 10 minutes later; the 5m window has seen no failure.
  { name: 'availability, burn stopped 10 minutes ago', series: STOPPED, alerts: [{ at: '70m', alert: FAST_A, firing: [] }] },
  { name: 'latency, 80% slower than 300 ms', series: histogram(200), alerts: [{ at: '60m', alert: FAST_L, firing: [fastLatency] }] },
  { name: 'latency, 1% slower than 300 ms', series: histogram(990), alerts: [{ at: '60m', alert: FAST_L, firing: [] }] },
];

/** A `promtool test rules` file for the rules file next to it. */
const unitTests = (tests: RuleTest[]) => stringify({
  rule_files: ['rules.yaml'],
  evaluation_interval: '1m',
  tests: tests.map((t) => ({
    name: t.name,
    interval: '1m',
    input_series: t.series.map(([series, values]) => ({ series, values })),
    alert_rule_test: t.alerts.map((a) => ({ eval_time: a.at, alertname: a.alert, exp_alerts: a.firing })),
  })),
});

let generated = '';
beforeAll(async () => {
  generated = await generateFixture(FILE, platform(), 'slo');
});
afterAll(() => rmSync(generated, { recursive: true, force: true }));

describe.each(helms())('$name', (helm: Helm) => {
  let dir = '';
  const scratch = mkdtempSync(join(tmpdir(), 'appgear-slo-'));
  /** `helm template` of a chart of the scratch set (or of a chart folder elsewhere), release "core". */
  const template = async (chart: string, args: string[] = []) => {
    const r = await helmRun(helm, ['template', 'core', isAbsolute(chart) ? chart : join(dir, chart), '--namespace', NAMESPACE, ...args]);
    expect(r.exitCode, r.stderr).toBe(0);
    return parseManifests(r.stdout);
  };
  /** The rule groups rendered with the capability, written as a Prometheus rules file. */
  let rules = '';
  let groups: { name: string; rules: { record?: string; alert?: string }[] }[] = [];

  beforeAll(async () => {
    dir = await scratchCharts(helm, generated);
    const [rule] = byKind(await template(UMBRELLA, ON), 'PrometheusRule');
    groups = rule.spec.groups;
    rules = join(scratch, 'rules.yaml');
    writeFileSync(rules, stringify({ groups }));
  });
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
    rmSync(scratch, { recursive: true, force: true });
  });

  it('renders per SLO the bad share over seven windows and four burn-rate alerts with distinct names', () => {
    expect(groups.map((g) => g.name)).toEqual(['core-api-slo-availability', 'core-api-slo-latency']);
    for (const g of groups) {
      expect(g.rules.filter((r) => r.record).map((r) => r.record)).toEqual(['5m', '30m', '1h', '2h', '6h', '1d', '3d'].map((w) => `appgear:slo_bad_requests:ratio_rate${w}`));
    }
    expect(groups.flatMap((g) => g.rules.filter((r) => r.alert).map((r) => r.alert))).toEqual([
      'CoreApiAvailabilityFastBurn', 'CoreApiAvailabilityMediumBurn', 'CoreApiAvailabilitySlowBurn', 'CoreApiAvailabilityChronicBurn',
      'CoreApiLatencyFastBurn', 'CoreApiLatencyMediumBurn', 'CoreApiLatencySlowBurn', 'CoreApiLatencyChronicBurn',
    ]);
  });

  it('passes promtool check rules', async () => {
    const r = await execa(promtool(), ['check', 'rules', rules], { reject: false });
    expect(r.exitCode, `${r.stdout}${r.stderr}`).toBe(0);
    const count = groups.reduce((n, g) => n + g.rules.length, 0);
    expect(count).toBe(22);
    expect(r.stdout).toContain(`SUCCESS: ${count} rules found`);
  });

  it('pages on a fast burn of either budget, and not on a healthy series or a burn that has stopped (promtool test rules)', async () => {
    const file = join(scratch, 'slo-test.yaml');
    writeFileSync(file, unitTests(TESTS));
    const r = await execa(promtool(), ['test', 'rules', file], { reject: false });
    expect(r.exitCode, `${r.stdout}${r.stderr}`).toBe(0);
    expect(r.stdout).toContain('SUCCESS');
  });

  it('fails promtool when the expectation is wrong: a page expected on the healthy series', async () => {
    const file = join(scratch, 'slo-test-wrong.yaml');
    writeFileSync(file, unitTests([{ name: 'availability, 0.01% errors', series: HEALTHY, alerts: [{ at: '60m', alert: FAST_A, firing: [fastAvailability] }] }]));
    const r = await execa(promtool(), ['test', 'rules', file], { reject: false });
    expect(r.exitCode).not.toBe(0);
    expect(`${r.stdout}${r.stderr}`).toContain(FAST_A);
  });

  it('renders no PrometheusRule without global.capabilities.prometheusOperator, and NOTES.txt says why', async () => {
    expect(byKind(await template(UMBRELLA), 'PrometheusRule')).toEqual([]);
    // `helm template` leaves NOTES.txt out: a copy of the chart shows it through a probe template.
    const probe = join(scratch, 'probe', CHART);
    cpSync(join(dir, CHART), probe, { recursive: true });
    const notes = readFileSync(join(probe, 'templates/NOTES.txt'), 'utf8');
    writeFileSync(join(probe, 'templates/zz-notes-probe.yaml'), `{{- define "probe.notes" -}}${notes}{{- end -}}\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: notes-probe\ndata:\n  notes: {{ include "probe.notes" . | toJson }}\n`);
    const show = (args: string[]) => template(probe, ['--show-only', 'templates/zz-notes-probe.yaml', '--set', 'slo.enabled=true', ...args]);
    const gated = 'Not rendered: the PrometheusRule of the SLOs, because global.capabilities.prometheusOperator is false (slo.enabled is true)';
    expect(((await show([]))[0] as any).data.notes).toContain(gated);
    expect(((await show(ON))[0] as any).data.notes).not.toContain(gated);
    expect(readFileSync(join(dir, CHART, 'README.md'), 'utf8')).toContain('- the PrometheusRule of the SLOs: `global.capabilities.prometheusOperator` (and `slo.enabled`)');
  });

  describe('install time', () => {
    it.each(MISTAKES)('refuses $what, naming $path', async ({ what, values: bad, install }) => {
      const file = join(scratch, `bad-${what.replace(/\W+/g, '-')}.yaml`);
      writeFileSync(file, stringify(bad));
      const r = await helmRun(helm, ['template', 'core', join(dir, CHART), '-f', file]);
      expect(r.exitCode, `Helm accepted ${what}`).not.toBe(0);
      expect(r.stderr).toContain(install);
    });
  });
});
