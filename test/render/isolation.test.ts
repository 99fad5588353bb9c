// Isolated environments, on the rendered output of both example platforms (helm template of the umbrella with each
// environment's values file, the module that holds the isolation, as Argo CD installs it): the staging render holds the namespace's NetworkPolicies, ResourceQuota and
// LimitRange, its own ExternalSecrets and hosts (with their Certificates); no two environments share a Vault path
// or a host; the NetworkPolicies, evaluated as the API server's network plugin would, let an application reach
// exactly the instances it `uses`; and the generator's quota sums equal what the rendered objects request.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Platform } from '../../generator/dsl/platform.ts';
import { resolvePlatform } from '../../generator/parse/resolvePlatform.ts';
import { quotaReport } from '../../generator/policy/checkQuotas.ts';
import { parseQuantity } from '../../generator/policy/quantity.ts';
import appgear from '../../values-src/appgear.ts';
import robson from '../../values-src/robson.ts';
import { type K8sObject, helmRun, helms, parseManifests, scratchCharts } from '../helpers/helm.ts';
import { otherModulesOff } from '../helpers/platforms.ts';

const helm = helms()[0]!;
/** Each platform, the release and namespaces its delivery installs it as, per environment. */
const PLATFORMS = [
  { file: 'values-src/appgear.ts', platform: appgear as Platform, chart: 'appgear', release: 'core', namespaces: { staging: 'appgear-staging', production: 'appgear-core' } },
  { file: 'values-src/robson.ts', platform: robson as Platform, chart: 'robson', release: 'robson', namespaces: { staging: 'staging', production: 'robson' } },
] as const;
type Env = 'staging' | 'production';

let charts = '';
const rendered = new Map<string, K8sObject[]>();

beforeAll(async () => {
  charts = await scratchCharts(helm);
  for (const p of PLATFORMS) {
    for (const env of ['staging', 'production'] as const) {
      // As Argo CD installs the module that holds the isolation: the other modules' instances switched off.
      const off = otherModulesOff(p.file, p.platform, 'isolation');
      const r = await helmRun(helm, ['template', p.release, join(charts, p.chart), '-f', join(charts, p.chart, `values-${env}.yaml`), '--namespace', p.namespaces[env], ...off]);
      expect(r.exitCode, r.stderr).toBe(0);
      rendered.set(`${p.chart} ${env}`, parseManifests(r.stdout));
    }
  }
}, 120_000);

afterAll(() => {
  if (charts) rmSync(charts, { recursive: true, force: true });
});

const objects = (chart: string, env: Env, kind?: string) => rendered.get(`${chart} ${env}`)!.filter((o) => !kind || o.kind === kind);
const named = (chart: string, env: Env, kind: string, name: string) => objects(chart, env, kind).find((o) => o.metadata.name === name);

/** The Vault paths an environment's ExternalSecrets read. */
const vaultPaths = (chart: string, env: Env) => new Set(objects(chart, env, 'ExternalSecret').flatMap((o) => [
  ...(o.spec.data ?? []).map((d: { remoteRef: { key: string } }) => d.remoteRef.key),
  ...(o.spec.dataFrom ?? []).map((d: { extract?: { key: string } }) => d.extract?.key).filter(Boolean),
]));
const hosts = (chart: string, env: Env) => new Set(objects(chart, env, 'Ingress').flatMap((o) => o.spec.rules.map((r: { host: string }) => r.host)));

describe.each(PLATFORMS)('$chart: the staging render is isolated', ({ chart, namespaces }) => {
  it('closes the namespace: default deny, DNS, the ingress controller, and no wholesale allow inside it for robson', () => {
    const policies = objects(chart, 'staging', 'NetworkPolicy').map((o) => o.metadata.name);
    expect(policies).toEqual(expect.arrayContaining(['default-deny', 'allow-dns', 'allow-from-ingress']));
    const deny = named(chart, 'staging', 'NetworkPolicy', 'default-deny')!;
    expect(deny.spec).toEqual({ podSelector: {}, policyTypes: ['Ingress', 'Egress'] });
    if (chart === 'robson') expect(policies).not.toContain('allow-same-namespace');
  });

  it('sets the environment\'s ResourceQuota and a LimitRange', () => {
    const quota = objects(chart, 'staging', 'ResourceQuota');
    expect(quota).toHaveLength(1);
    const want = chart === 'robson' ? { cpu: '4', memory: '8Gi' } : { cpu: '8', memory: '24Gi' };
    expect(quota[0]!.spec.hard).toMatchObject({ 'requests.cpu': want.cpu, 'requests.memory': want.memory });
    expect(objects(chart, 'staging', 'LimitRange')).toHaveLength(1);
    // The isolation is the namespace the release is installed in.
    const isolation = objects(chart, 'staging').filter((o) => ['ResourceQuota', 'LimitRange', 'NetworkPolicy'].includes(o.kind) && o.metadata.labels?.['app.kubernetes.io/name'] === 'isolation');
    expect(isolation.length).toBeGreaterThan(4);
    expect(new Set(isolation.map((o) => (o.metadata as { namespace?: string }).namespace))).toEqual(new Set([namespaces.staging]));
  });

  it('reads its own secrets from Vault, none of production\'s', () => {
    const staging = vaultPaths(chart, 'staging');
    const production = vaultPaths(chart, 'production');
    expect(staging.size).toBeGreaterThan(0);
    expect(production.size).toBeGreaterThan(0);
    expect([...staging].filter((k) => production.has(k))).toEqual([]);
    for (const k of staging) expect(k).toContain('staging');
  });
});

describe('robson: hosts, certificates and the allows derived from `uses`', () => {
  it('serves its own hosts in each environment, with a Certificate for each', () => {
    expect(hosts('robson', 'staging')).toEqual(new Set(['api.staging.rbx.ia.br', 'staging.rbx.ia.br']));
    expect(hosts('robson', 'production')).toEqual(new Set(['api.rbx.ia.br', 'rbx.ia.br']));
    for (const env of ['staging', 'production'] as const) {
      const certs = objects('robson', env, 'Certificate').map((c) => ({ hosts: c.spec.dnsNames, secret: c.spec.secretName }));
      const tls = objects('robson', env, 'Ingress').flatMap((i) => i.spec.tls.map((t: { hosts: string[]; secretName: string }) => ({ hosts: t.hosts, secret: t.secretName })));
      expect(certs).toHaveLength(2);
      expect(new Set(certs.map((c) => JSON.stringify(c)))).toEqual(new Set(tls.map((t) => JSON.stringify(t))));
    }
  });

  it('alerts on the backend\'s SLOs in each environment', () => {
    for (const env of ['staging', 'production'] as const) {
      const alerts = objects('robson', env, 'PrometheusRule').flatMap((r) => r.spec.groups.flatMap((g: { rules: { alert?: string }[] }) => g.rules.map((x) => x.alert).filter(Boolean)));
      expect(alerts).toContain('RobsonBackendAvailabilityFastBurn');
      expect(alerts).toContain('RobsonBackendLatencyFastBurn');
    }
  });

  const net = () => new Network(objects('robson', 'staging'), 'staging');
  it.each([
    ['backend', 'postgres', 5432, true],
    ['backend', 'redis', 6379, true],
    ['backend', 'rabbitmq', 5672, true],
    ['stopmonitor', 'postgres', 5432, true],
    // Not declared in `uses`: no allow.
    ['stopmonitor', 'redis', 6379, false],
    ['stopmonitor', 'rabbitmq', 5672, false],
    ['frontend', 'postgres', 5432, false],
    ['frontend', 'backend', 8000, false],
    // A used instance's other ports stay closed (RabbitMQ's management UI).
    ['backend', 'rabbitmq', 15672, false],
  ] as const)('%s -> %s:%i allowed: %s', (from, to, port, allowed) => {
    expect(net().allows(`robson-${from}`, `robson-${to}`, port)).toBe(allowed);
  });
});

describe('the generator\'s quota sums are what the rendered objects request', () => {
  it.each(PLATFORMS.flatMap((p) => (['staging', 'production'] as const).map((env) => [p.chart, env, p] as const)))('%s %s', (chart, env, p) => {
    const report = quotaReport(resolvePlatform(p.file, p.platform)).find((r) => r.environment === env)!;
    const fromObjects = requested(objects(chart, env));
    for (const u of report.usage) expect({ key: u.key, used: fromObjects[u.key] }).toEqual({ key: u.key, used: u.used });
  });
});

/** What the rendered workloads request at most, summed as the ResourceQuota counts it. */
function requested(objs: K8sObject[]): Record<string, number> {
  const max = new Map<string, number>();
  for (const o of objs) {
    if (o.kind === 'HorizontalPodAutoscaler') max.set(`${o.spec.scaleTargetRef.kind}/${o.spec.scaleTargetRef.name}`, o.spec.maxReplicas);
    if (o.kind === 'ScaledObject') max.set(`${o.spec.scaleTargetRef.kind ?? 'Deployment'}/${o.spec.scaleTargetRef.name}`, o.spec.maxReplicaCount);
  }
  const out: Record<string, number> = { 'requests.cpu': 0, 'requests.memory': 0, 'limits.cpu': 0, 'limits.memory': 0, persistentvolumeclaims: 0, 'requests.storage': 0, pods: 0 };
  for (const o of objs) {
    const pod = o.kind === 'CronJob' ? o.spec.jobTemplate.spec.template.spec : ['Deployment', 'StatefulSet'].includes(o.kind) ? o.spec.template.spec : undefined;
    if (!pod) continue;
    const replicas = o.kind === 'CronJob' ? 1 : max.get(`${o.kind}/${o.metadata.name}`) ?? o.spec.replicas ?? 1;
    out.pods! += replicas;
    for (const side of ['requests', 'limits'] as const) {
      for (const q of ['cpu', 'memory'] as const) {
        const of = (cs: { resources?: Record<string, Record<string, string>> }[] = []) => cs.map((c) => parseQuantity(c.resources?.[side]?.[q] ?? 0));
        const perPod = Math.max(of(pod.containers).reduce((a, b) => a + b, 0), ...of(pod.initContainers));
        out[`${side}.${q}`]! += replicas * perPod;
      }
    }
    for (const claim of o.kind === 'StatefulSet' ? o.spec.volumeClaimTemplates ?? [] : []) {
      out.persistentvolumeclaims! += replicas;
      out['requests.storage']! += replicas * parseQuantity(claim.spec.resources.requests.storage);
    }
  }
  for (const k of Object.keys(out)) out[k] = Math.round(out[k]! * 1e9) / 1e9;
  return out;
}

type Labels = Record<string, string>;
interface Selector { matchLabels?: Labels; matchExpressions?: { key: string; operator: string; values?: string[] }[] }
interface Peer { podSelector?: Selector; namespaceSelector?: Selector; ipBlock?: unknown }
interface Rule { ports?: { port?: number | string; protocol?: string }[]; to?: Peer[]; from?: Peer[] }

/** The rendered NetworkPolicies of one namespace, evaluated for traffic between its pods (as a network plugin does). */
class Network {
  private readonly pods = new Map<string, { labels: Labels; ports: Record<string, number> }>();
  private readonly policies: K8sObject[];
  constructor(objs: K8sObject[], private readonly namespace: string) {
    this.policies = objs.filter((o) => o.kind === 'NetworkPolicy');
    for (const o of objs) {
      const t = o.kind === 'CronJob' ? o.spec.jobTemplate.spec.template : ['Deployment', 'StatefulSet'].includes(o.kind) ? o.spec.template : undefined;
      if (!t) continue;
      const ports = Object.fromEntries(t.spec.containers.flatMap((c: { ports?: { name?: string; containerPort: number }[] }) => (c.ports ?? []).filter((p) => p.name).map((p) => [p.name, p.containerPort])));
      this.pods.set(o.metadata.name, { labels: t.metadata.labels, ports });
    }
  }

  allows(from: string, to: string, port: number): boolean {
    const src = this.pods.get(from);
    const dst = this.pods.get(to);
    if (!src || !dst) throw new Error(`no pod template ${!src ? from : to} in the render (have ${[...this.pods.keys()].join(', ')})`);
    return this.side('Egress', src.labels, (r) => this.peers(r.to, dst.labels) && this.port(r, dst.ports, port))
      && this.side('Ingress', dst.labels, (r) => this.peers(r.from, src.labels) && this.port(r, dst.ports, port));
  }

  /** Traffic is allowed on a side when no policy of that type selects the pod, or one of those policies has a matching rule. */
  private side(type: 'Ingress' | 'Egress', labels: Labels, match: (r: Rule) => boolean): boolean {
    const selecting = this.policies.filter((p) => (p.spec.policyTypes ?? ['Ingress']).includes(type) && selects(p.spec.podSelector, labels));
    if (selecting.length === 0) return true;
    return selecting.some((p) => ((type === 'Ingress' ? p.spec.ingress : p.spec.egress) ?? []).some(match));
  }

  private peers(peers: Peer[] | undefined, labels: Labels): boolean {
    if (!peers || peers.length === 0) return true;
    const nsLabels = { 'kubernetes.io/metadata.name': this.namespace };
    return peers.some((p) => !p.ipBlock && (p.namespaceSelector ? selects(p.namespaceSelector, nsLabels) : true) && (p.podSelector ? selects(p.podSelector, labels) : true));
  }

  private port(r: Rule, named: Record<string, number>, port: number): boolean {
    if (!r.ports || r.ports.length === 0) return true;
    return r.ports.some((p) => (p.protocol ?? 'TCP') === 'TCP' && (p.port === undefined || p.port === port || named[String(p.port)] === port));
  }
}

function selects(s: Selector | undefined, labels: Labels): boolean {
  if (!s) return true;
  const byLabels = Object.entries(s.matchLabels ?? {}).every(([k, v]) => labels[k] === v);
  const byExpr = (s.matchExpressions ?? []).every((e) => {
    const has = e.key in labels;
    if (e.operator === 'Exists') return has;
    if (e.operator === 'DoesNotExist') return !has;
    if (e.operator === 'In') return has && e.values!.includes(labels[e.key]!);
    if (e.operator === 'NotIn') return !has || !e.values!.includes(labels[e.key]!);
    throw new Error(`unknown operator ${e.operator}`);
  });
  return byLabels && byExpr;
}
