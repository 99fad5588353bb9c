// The isolation chart, generated from a fixture platform (the reference platform does not hold it) that isolates the
// staging document's namespace "staging", and rendered with Helm 3 and 4: the Namespace with its Pod Security
// Admission labels (only when it is not the release namespace), each NetworkPolicy's exact spec, the document's quota,
// the LimitRange; the switches; the scenarios; and mistakes refused at generation time and at install time, naming
// the value.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MESSAGES } from '../../generator/components/isolation/checks.ts';
import { definePlatform, isolation } from '../../generator/index.ts';
import { resolvePlatform } from '../../generator/parse/resolvePlatform.ts';
import { checkPlatforms } from '../../generator/policy/checkPolicies.ts';
import { generateFixture, problemsOf } from '../helpers/fixture.ts';
import { type Helm, type K8sObject, helmRun, helms, parseManifests, scratchCharts } from '../helpers/helm.ts';
import { kubeconform } from '../helpers/linters.ts';

const CHART = 'isolation';
const UMBRELLA = 'fx';
const FILE = 'values-src/p.ts';
/** The release namespace; the fixture isolates another one, so the chart renders the Namespace. */
const NAMESPACE = 'appgear-core';
const ISOLATED = 'staging';
const SCENARIOS = ['baseline-exception', 'no-quota', 'staging'];
const POLICIES = ['allow-dns', 'allow-from-ingress', 'allow-same-namespace', 'default-deny'];

/** The staging document's ResourceQuota ("Regra 2", staging-quota), as the API takes it: every value a string. */
const DOCUMENT_QUOTA = { 'requests.cpu': '4', 'requests.memory': '8Gi', persistentvolumeclaims: '10', 'services.loadbalancers': '1' };

const platform = () => definePlatform({
  name: UMBRELLA, version: '0.1.0', description: 'Isolation fixture.',
  global: { environment: 'staging', tenantId: 'robson' },
  components: { isolation: isolation({ namespace: { name: ISOLATED } }) },
});

/** One instance of the chart with `values`, for the mistakes. */
const single = (values: Record<string, unknown>) =>
  definePlatform({ name: UMBRELLA, version: '0.1.0', description: 'One isolation.', components: { iso: isolation(values as never) } });

/** The mistakes, as values of the chart; `path` is what both times must name. */
const MISTAKES: { what: string; values: Record<string, unknown>; path: string; generation: string; install: string }[] = [
  {
    what: 'a CPU quota in words',
    values: { quota: { hard: { 'requests.cpu': 'four cores' } } },
    path: 'quota.hard.requests.cpu',
    generation: 'expected a CPU quantity such as "500m", "2" or "1.5", found "four cores"',
    install: 'quota.hard.requests.cpu: expected a CPU quantity such as "500m", "2" or "1.5", found "four cores"',
  },
  {
    what: 'a memory quota without a unit',
    values: { quota: { hard: { 'requests.memory': '8' } } },
    path: 'quota.hard.requests.memory',
    generation: 'expected a storage size above zero with a unit, such as "20Gi" or "500Mi", found "8"',
    install: 'quota.hard.requests.memory: expected a storage size above zero with a unit, such as "20Gi" or "500Mi", found "8"',
  },
  {
    what: 'a count quota that is not a whole number',
    values: { quota: { hard: { pods: 'ten' } } },
    path: 'quota.hard.pods',
    generation: 'expected number, found "ten"',
    install: "at '/quota/hard/pods': got string, want integer",
  },
  {
    what: 'an unknown quota key',
    values: { quota: { hard: { 'requests.gpu': 1 } } },
    path: 'quota.hard.requests.gpu',
    generation: 'found the unknown key "requests.gpu"',
    install: "at '/quota/hard': additional properties 'requests.gpu' not allowed",
  },
  {
    what: 'enforce privileged without a reason',
    values: { podSecurity: { enforce: 'privileged' } },
    path: 'podSecurity.reason',
    generation: MESSAGES.reason('"privileged"', '""'),
    install: `podSecurity.reason: ${MESSAGES.reason('"privileged"', '""')}`,
  },
  {
    what: 'enforce baseline with a blank reason',
    values: { podSecurity: { enforce: 'baseline', reason: '  ' } },
    path: 'podSecurity.reason',
    generation: MESSAGES.reason('"baseline"', '"  "'),
    install: `podSecurity.reason: ${MESSAGES.reason('"baseline"', '"  "')}`,
  },
  {
    what: 'an unknown Pod Security level',
    values: { podSecurity: { enforce: 'strict' } },
    path: 'podSecurity.enforce',
    generation: 'expected one of "restricted", "baseline", "privileged", found "strict"',
    install: "at '/podSecurity/enforce': value must be one of 'restricted', 'baseline', 'privileged'",
  },
  {
    what: 'a default request above the default limit',
    values: { limits: { defaultRequest: { memory: '1Gi' } } },
    path: 'limits.defaultRequest.memory',
    generation: MESSAGES.requestAboveDefault('memory', '"1Gi"', '"512Mi"'),
    install: `limits.defaultRequest.memory: ${MESSAGES.requestAboveDefault('memory', '"1Gi"', '"512Mi"')}`,
  },
  {
    what: 'a default limit above the maximum',
    values: { limits: { default: { cpu: '8' } } },
    path: 'limits.default.cpu',
    generation: MESSAGES.defaultAboveMax('cpu', '"8"', '"4"'),
    install: `limits.default.cpu: ${MESSAGES.defaultAboveMax('cpu', '"8"', '"4"')}`,
  },
  {
    what: 'a namespace name that is not a DNS label',
    values: { namespace: { name: 'Staging_NS' } },
    path: 'namespace.name',
    generation: 'expected a DNS label: lowercase letters, digits and "-", starting and ending with a letter or digit, at most 63 characters, or "" for the default, found "Staging_NS"',
    install: 'namespace.name: expected a DNS label',
  },
  {
    what: 'an ingress namespace that is not a DNS label',
    values: { networkPolicies: { allowFromIngress: { namespace: 'Kong!' } } },
    path: 'networkPolicies.allowFromIngress.namespace',
    generation: 'expected a DNS label',
    install: 'networkPolicies.allowFromIngress.namespace: expected a DNS label',
  },
];

const problems = (values: Record<string, unknown>) => problemsOf(FILE, single(values));

describe('generation time', () => {
  it('accepts the chart\'s defaults, the fixture and its scenarios (the policy stage parses them)', () => {
    expect(problems({})).toEqual([]);
    expect(Object.keys(isolation.spec.scenarios).sort()).toEqual(SCENARIOS);
    expect(checkPlatforms([resolvePlatform(FILE, platform())]).problems).toEqual([]);
  });

  it('defaults to the staging document\'s quota, restricted everywhere, and no pod', () => {
    const v = resolvePlatform(FILE, platform()).instances[0]!.resolved as any;
    expect(v.quota.hard).toEqual({ 'requests.cpu': '4', 'requests.memory': '8Gi', persistentvolumeclaims: 10, 'services.loadbalancers': 1 });
    expect([v.podSecurity.enforce, v.podSecurity.audit, v.podSecurity.warn]).toEqual(['restricted', 'restricted', 'restricted']);
    expect(isolation.spec.capabilities.workloads).toEqual([]);
    expect(isolation.spec.capabilities.podSecurity).toEqual({ level: 'restricted' });
  });

  it('accepts a level below restricted with a reason', () => {
    expect(problems({ podSecurity: { enforce: 'privileged', reason: 'node agents with host paths' } })).toEqual([]);
  });

  it.each(MISTAKES)('refuses $what, naming $path', ({ values, path, generation }) => {
    const found = problems(values);
    expect(found).toHaveLength(1);
    expect(found[0]).toContain(`components.iso.${path}: `);
    expect(found[0]).toContain(generation);
  });
});

/** The chart set of the fixture platform, written as `generate` would (library, isolation, the umbrella). */
const generateCharts = () => generateFixture(FILE, platform(), 'isolation');

const byKind = (objects: K8sObject[], kind: string) => objects.filter((o) => o.kind === kind) as any[];
const kindsOf = (objects: K8sObject[]) => objects.map((o) => `${o.kind}/${o.metadata.name}`).sort();
const policy = (objects: K8sObject[], name: string) => byKind(objects, 'NetworkPolicy').find((p) => p.metadata.name === name);
const namespaceOf = (o: K8sObject) => (o.metadata as { namespace?: string }).namespace;

/** The exact spec of each NetworkPolicy with its defaults. */
const SPECS: Record<string, unknown> = {
  'default-deny': { podSelector: {}, policyTypes: ['Ingress', 'Egress'] },
  'allow-same-namespace': {
    podSelector: {},
    policyTypes: ['Ingress', 'Egress'],
    ingress: [{ from: [{ podSelector: {} }] }],
    egress: [{ to: [{ podSelector: {} }] }],
  },
  'allow-dns': {
    podSelector: {},
    policyTypes: ['Egress'],
    egress: [{
      ports: [{ port: 53, protocol: 'UDP' }, { port: 53, protocol: 'TCP' }],
      to: [{ namespaceSelector: {}, podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } }],
    }],
  },
  'allow-from-ingress': {
    podSelector: {},
    policyTypes: ['Ingress'],
    ingress: [{ from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kong' } } }] }],
  },
};

let generated = '';
beforeAll(async () => {
  generated = await generateCharts();
});
afterAll(() => rmSync(generated, { recursive: true, force: true }));

describe.each(helms())('$name', (helm: Helm) => {
  let dir = '';
  const scratch = mkdtempSync(join(tmpdir(), 'appgear-isolation-values-'));
  /** `helm template` of a chart of the scratch set, release "core" in NAMESPACE. */
  const template = async (chart: string, args: string[] = []) => {
    const r = await helmRun(helm, ['template', 'core', join(dir, chart), '--namespace', NAMESPACE, ...args]);
    expect(r.exitCode, r.stderr).toBe(0);
    return { objects: parseManifests(r.stdout), text: r.stdout };
  };
  const scenario = (name: string) => ['-f', join(dir, CHART, 'ci', `${name}-values.yaml`)];

  beforeAll(async () => {
    dir = await scratchCharts(helm, generated);
  });
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
    rmSync(scratch, { recursive: true, force: true });
  });

  describe('in the umbrella, isolating "staging" from a release in another namespace', () => {
    let objects: K8sObject[] = [];
    beforeAll(async () => {
      ({ objects } = await template(UMBRELLA));
    });

    it('renders the Namespace, four NetworkPolicies, the ResourceQuota and the LimitRange, and no pod', () => {
      expect(kindsOf(objects)).toEqual([
        'LimitRange/core-isolation', `Namespace/${ISOLATED}`, ...POLICIES.map((p) => `NetworkPolicy/${p}`), 'ResourceQuota/core-isolation',
      ]);
      for (const o of objects.filter((x) => x.kind !== 'Namespace')) expect(namespaceOf(o), `${o.kind}/${o.metadata.name}`).toBe(ISOLATED);
    });

    it('labels the Namespace with the environment, the tenant and Pod Security restricted for enforce, audit and warn', () => {
      const [ns] = byKind(objects, 'Namespace');
      expect(ns.metadata.labels).toMatchObject({
        'appgear.io/environment': 'staging',
        'appgear.io/tenant-id': 'robson',
        'pod-security.kubernetes.io/enforce': 'restricted',
        'pod-security.kubernetes.io/enforce-version': 'latest',
        'pod-security.kubernetes.io/audit': 'restricted',
        'pod-security.kubernetes.io/audit-version': 'latest',
        'pod-security.kubernetes.io/warn': 'restricted',
        'pod-security.kubernetes.io/warn-version': 'latest',
      });
      // Kept on uninstall and never pruned: it holds the environment's data.
      expect(ns.metadata.annotations).toMatchObject({ 'helm.sh/resource-policy': 'keep', 'argocd.argoproj.io/sync-options': 'Prune=false' });
      expect(ns.metadata.annotations['appgear.io/pod-security-reason']).toBeUndefined();
    });

    it('gives each NetworkPolicy exactly its spec', () => {
      for (const name of POLICIES) expect(policy(objects, name).spec, name).toEqual(SPECS[name]);
    });

    it('holds the staging document\'s quota', () => {
      const [quota] = byKind(objects, 'ResourceQuota');
      expect(quota.spec).toEqual({ hard: DOCUMENT_QUOTA });
    });

    it('gives containers without resources default requests and limits, and caps them', () => {
      const [lr] = byKind(objects, 'LimitRange');
      expect(lr.spec).toEqual({
        limits: [{
          type: 'Container',
          defaultRequest: { cpu: '100m', memory: '128Mi' },
          default: { cpu: '500m', memory: '512Mi' },
          max: { cpu: '4', memory: '8Gi' },
        }],
      });
    });

    it('puts the standard labels on every object', () => {
      for (const o of objects) {
        expect(o.metadata.labels, `${o.kind}/${o.metadata.name}`).toMatchObject({
          'app.kubernetes.io/name': 'isolation', 'app.kubernetes.io/instance': 'core', 'app.kubernetes.io/managed-by': 'Helm',
          'appgear.io/tenant-id': 'robson', 'appgear.io/tier': 'core', 'appgear.io/topology': 'B', 'appgear.io/workspace-id': 'global',
        });
      }
    });
  });

  it('renders no Namespace for the release namespace: by default, when named so, or with namespace.create off', async () => {
    const defaults = (await template(CHART)).objects;
    expect(byKind(defaults, 'Namespace')).toEqual([]);
    expect(defaults.map(namespaceOf)).toEqual(defaults.map(() => NAMESPACE));
    expect(byKind((await template(CHART, ['--set', `namespace.name=${NAMESPACE}`])).objects, 'Namespace')).toEqual([]);
    const off = (await template(CHART, ['--set', `namespace.name=${ISOLATED}`, '--set', 'namespace.create=false'])).objects;
    expect(byKind(off, 'Namespace')).toEqual([]);
    expect(new Set(off.map(namespaceOf))).toEqual(new Set([ISOLATED]));
  });

  it('removes each object with its switch', async () => {
    const switches: [string, string][] = [
      ['networkPolicies.defaultDeny.enabled', 'NetworkPolicy/default-deny'],
      ['networkPolicies.allowSameNamespace.enabled', 'NetworkPolicy/allow-same-namespace'],
      ['networkPolicies.allowDns.enabled', 'NetworkPolicy/allow-dns'],
      ['networkPolicies.allowFromIngress.enabled', 'NetworkPolicy/allow-from-ingress'],
      ['quota.enabled', 'ResourceQuota/core-isolation'],
      ['limits.enabled', 'LimitRange/core-isolation'],
    ];
    const all = kindsOf((await template(CHART)).objects);
    for (const [value, object] of switches) {
      expect(all).toContain(object);
      const left = kindsOf((await template(CHART, ['--set', `${value}=false`])).objects);
      expect(left, value).toEqual(all.filter((o) => o !== object));
    }
  });

  it('lets Prometheus in when asked, from its namespace; the DNS pods and the ingress namespace are values', async () => {
    const { objects } = await template(CHART, [
      '--set', 'networkPolicies.allowFromMonitoring.enabled=true', '--set', 'networkPolicies.allowFromMonitoring.namespace=observability',
      '--set', 'networkPolicies.allowFromIngress.namespace=ingress', '--set', 'networkPolicies.allowDns.podLabels.k8s-app=coredns',
    ]);
    expect(policy(objects, 'allow-from-monitoring').spec).toEqual({
      podSelector: {},
      policyTypes: ['Ingress'],
      ingress: [{ from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'observability' } } }] }],
    });
    expect(policy(objects, 'allow-from-ingress').spec.ingress[0].from[0].namespaceSelector.matchLabels).toEqual({ 'kubernetes.io/metadata.name': 'ingress' });
    expect(policy(objects, 'allow-dns').spec.egress[0].to[0].podSelector.matchLabels).toEqual({ 'k8s-app': 'coredns' });
  });

  it('writes every quota value as a string the API takes: numbers, fractions and counts', async () => {
    const { objects } = await template(CHART, ['--set', 'quota.hard.limits\\.cpu=0.5', '--set', 'quota.hard.pods=20', '--set', 'quota.hard.count/jobs\\.batch=0']);
    expect(byKind(objects, 'ResourceQuota')[0].spec.hard).toEqual({ ...DOCUMENT_QUOTA, 'limits.cpu': '0.5', pods: '20', 'count/jobs.batch': '0' });
  });

  it('passes helm lint --strict with its defaults and each scenario', async () => {
    for (const s of [undefined, ...SCENARIOS]) {
      const r = await helmRun(helm, ['lint', '--strict', join(dir, CHART), ...(s ? scenario(s) : [])]);
      expect(r.exitCode, `${s ?? 'defaults'}: ${r.stdout}${r.stderr}`).toBe(0);
    }
  });

  it('staging: the document\'s namespace and quota, Prometheus let in', async () => {
    const { objects } = await template(CHART, scenario('staging'));
    const [ns] = byKind(objects, 'Namespace');
    expect(ns.metadata.name).toBe('staging');
    expect(ns.metadata.labels).toMatchObject({ 'appgear.io/environment': 'staging', 'appgear.io/tenant-id': 'robson', 'pod-security.kubernetes.io/enforce': 'restricted' });
    expect(byKind(objects, 'ResourceQuota')[0].spec.hard).toEqual(DOCUMENT_QUOTA);
    expect(byKind(objects, 'NetworkPolicy').map((p) => p.metadata.name).sort()).toEqual([...POLICIES.slice(0, 2), 'allow-from-monitoring', ...POLICIES.slice(2)]);
  });

  it('baseline-exception: enforces baseline, still audits and warns restricted, and records the reason', async () => {
    const { objects } = await template(CHART, scenario('baseline-exception'));
    const [ns] = byKind(objects, 'Namespace');
    expect(ns.metadata.labels).toMatchObject({
      'pod-security.kubernetes.io/enforce': 'baseline', 'pod-security.kubernetes.io/audit': 'restricted', 'pod-security.kubernetes.io/warn': 'restricted',
    });
    expect(ns.metadata.annotations['appgear.io/pod-security-reason']).toMatch(/root user/);
  });

  it('no-quota: the policies only', async () => {
    const { objects } = await template(CHART, scenario('no-quota'));
    expect(kindsOf(objects)).toEqual(POLICIES.map((p) => `NetworkPolicy/${p}`));
  });

  it('renders only objects the pinned Kubernetes schemas accept (kubeconform, strict)', async () => {
    const out = mkdtempSync(join(scratch, 'kubeconform-'));
    const renders: [string, string[]][] = [
      ['umbrella--defaults', []], ['isolation--defaults', []],
      ['isolation--everything', ['--set', 'networkPolicies.allowFromMonitoring.enabled=true', '--set', 'quota.hard.pods=20', '--set', 'quota.hard.limits\\.memory=16Gi']],
      ...SCENARIOS.map((s): [string, string[]] => [`isolation--${s}`, scenario(s)]),
    ];
    let count = 0;
    for (const [id, args] of renders) {
      const { objects, text } = await template(id.startsWith('umbrella') ? UMBRELLA : CHART, args);
      count += objects.length;
      writeFileSync(join(out, `${id}.yaml`), text);
    }
    const { findings, summary } = await kubeconform(out);
    expect(findings).toEqual([]);
    expect(summary.valid).toBe(count);
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
