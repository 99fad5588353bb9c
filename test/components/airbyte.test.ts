// The shared Airbyte of the Factory suite (suite-factory-data), generated from a fixture platform (the reference
// platform does not hold it) with the Postgres instance it uses, and rendered with Helm 3 and 4: the Argo CD
// Application to the pinned upstream chart with the typed values (external Postgres derived from the instance,
// credentials only from a Secret, the UI only through Kong, resources and FinOps labels), the KEDA ScaledObject of
// the upstream workers, the tenant "global"; its scenarios; mistakes refused at generation and install time.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PARTS, UPSTREAM } from '../../generator/components/airbyte/values.ts';
import { airbyte, definePlatform, postgres } from '../../generator/index.ts';
import { resolvePlatform } from '../../generator/parse/resolvePlatform.ts';
import { checkPlatforms } from '../../generator/policy/checkPolicies.ts';
import { generateFixture, problemsOf } from '../helpers/fixture.ts';
import { type Helm, type K8sObject, helmRun, helms, parseManifests, scratchCharts } from '../helpers/helm.ts';

const CHART = 'suite-factory-data';
const UMBRELLA = 'fx';
const FILE = 'values-src/p.ts';

/**
 * The fixture: Argo CD and KEDA installed, a Postgres instance, and the shared Airbyte using it, in factory-data
 * while the release is elsewhere (as a helm install of the whole umbrella into one namespace would put it).
 */
const platform = (values: Record<string, unknown>, pg: Record<string, unknown> = {}, uses = ['postgres']) => definePlatform({
  name: UMBRELLA, version: '0.1.0', description: 'Shared Airbyte fixture.',
  global: { capabilities: { argocd: true, keda: true } },
  components: {
    postgres: postgres(pg as never),
    airbyte: airbyte({ ...values, destination: { namespace: 'factory-data', ...(values.destination as object | undefined) } } as never, { uses }),
  },
});

/** The mistakes, as values of the chart; `path` is what both times must name. */
const MISTAKES: { what: string; values: Record<string, unknown>; path: string; generation: string; install: string }[] = [
  {
    what: 'an upstream chart version that is not pinned',
    values: { application: { targetRevision: '0.x' } },
    path: 'application.targetRevision',
    generation: 'expected a pinned version such as "v1.18.8" or "1.18.8", found "0.x"',
    install: 'application.targetRevision: expected a pinned version such as "v1.18.8" or "1.18.8", found "0.x"',
  },
  {
    what: 'a destination namespace that is not a DNS label',
    values: { destination: { namespace: 'Factory_Data' } },
    path: 'destination.namespace',
    generation: 'expected a DNS label: lowercase letters, digits and "-", starting and ending with a letter or digit, at most 63 characters, or "" for the default, found "Factory_Data"',
    install: 'destination.namespace: expected a DNS label',
  },
  {
    what: 'a Pod Security level that does not exist',
    values: { destination: { podSecurity: 'open' } },
    path: 'destination.podSecurity',
    generation: 'expected one of "restricted", "baseline", "privileged", found "open"',
    install: "at '/destination/podSecurity': value must be one of 'restricted', 'baseline', 'privileged'",
  },
  {
    what: 'a route path that is not absolute',
    values: { ingress: { path: 'airbyte' } },
    path: 'ingress.path',
    generation: 'expected an absolute path such as "/var/lib/data" (starting with "/", without ":"), found "airbyte"',
    install: 'ingress.path: expected an absolute path',
  },
  {
    what: 'a route host that is not a host name',
    values: { ingress: { host: 'Factory Host' } },
    path: 'ingress.host',
    generation: 'expected a Kubernetes object name: lowercase letters, digits, "-" and ".", starting and ending with a letter or digit, at most 253 characters, found "Factory Host"',
    install: 'ingress.host: expected a Kubernetes object name',
  },
  {
    what: 'a database name that is not an SQL identifier',
    values: { postgres: { database: 'airbyte-factory' } },
    path: 'postgres.database',
    generation: 'expected an SQL identifier: a letter or "_", then letters, digits or "_", at most 63 characters, found "airbyte-factory"',
    install: 'postgres.database: expected an SQL identifier',
  },
  {
    what: 'a worker memory request above its limit',
    values: { worker: { resources: { requests: { memory: '4Gi' } } } },
    path: 'worker.resources.requests.memory',
    generation: 'the memory request "4Gi" is above the limit "2Gi"; expected a request no higher than its limit',
    install: 'worker.resources.requests.memory: the memory request "4Gi" is above the limit "2Gi"',
  },
  {
    what: 'a minimum above the maximum of KEDA',
    values: { keda: { minReplicaCount: 11 } },
    path: 'keda.minReplicaCount',
    generation: 'minReplicaCount 11 is above maxReplicaCount 10; expected minReplicaCount no higher than maxReplicaCount',
    install: 'keda.minReplicaCount: minReplicaCount 11 is above maxReplicaCount 10',
  },
  {
    what: 'an ExternalSecret for the database credentials without the operator',
    values: { postgres: { credentials: { externalSecret: { enabled: true } } } },
    path: 'postgres.credentials.externalSecret.enabled',
    generation: 'postgres.credentials.externalSecret.enabled needs the external-secrets operator: expected global.capabilities.externalSecrets to be true, found false',
    install: 'postgres.credentials.externalSecret.enabled: postgres.credentials.externalSecret.enabled needs the external-secrets operator',
  },
];

const problems = (values: Record<string, unknown>) => problemsOf(FILE, platform(values));

const resolvedAirbyte = (values: Record<string, unknown>, pg: Record<string, unknown> = {}, uses = ['postgres']) =>
  resolvePlatform(FILE, platform(values, pg, uses)).instances.find((i) => i.key === 'airbyte')!.resolved as any;

describe('generation time', () => {
  it('accepts the chart\'s defaults and its scenarios (the policy stage parses them)', () => {
    expect(problems({})).toEqual([]);
    expect(Object.keys(airbyte.spec.scenarios).sort()).toEqual(['argocd-keda', 'external-database', 'no-argocd-no-route']);
    expect(checkPlatforms([resolvePlatform(FILE, platform({}))]).problems).toEqual([]);
  });

  it('derives the Postgres Service and port from the instance it uses; given values win; the database stays Airbyte\'s', () => {
    const derived = resolvedAirbyte({}, { fullnameOverride: 'db-main', service: { ports: { postgres: 6543 } } });
    expect(derived.postgres).toMatchObject({ instance: 'postgres', fullnameOverride: 'db-main', port: 6543, host: '', database: 'airbyte_factory' });
    expect(resolvedAirbyte({ postgres: { port: 5433 } }).postgres.port).toBe(5433);
    // Without a used Postgres instance, the defaults: the instance keyed "postgres" of the same release.
    expect(resolvedAirbyte({}, { fullnameOverride: 'db-main' }, []).postgres).toMatchObject({ instance: 'postgres', fullnameOverride: '', port: 5432 });
  });

  it.each(MISTAKES)('refuses $what, naming $path', ({ values, path, generation }) => {
    const found = problems(values);
    expect(found).toHaveLength(1);
    expect(found[0]).toContain(`components.airbyte.${path}: `);
    expect(found[0]).toContain(generation);
  });
});

/** The chart set of the fixture platform, written as `generate` would (library, Postgres, Airbyte, the umbrella). */
const generateCharts = () => generateFixture(FILE, platform({}), 'airbyte');

const byKind = (objects: K8sObject[], kind: string) => objects.filter((o) => o.kind === kind) as any[];
const ns = (o: K8sObject) => (o.metadata as any).namespace as string;

let generated = '';
beforeAll(async () => {
  generated = await generateCharts();
});
afterAll(() => rmSync(generated, { recursive: true, force: true }));

describe.each(helms())('$name', (helm: Helm) => {
  let dir = '';
  const scratch = mkdtempSync(join(tmpdir(), 'appgear-airbyte-values-'));
  /** `helm template` of a chart of the scratch set (or a chart path), release "core". */
  const template = async (chart: string, namespace: string, args: string[] = []) => {
    const r = await helmRun(helm, ['template', 'core', chart.startsWith('/') ? chart : join(dir, chart), '--namespace', namespace, ...args]);
    expect(r.exitCode, r.stderr).toBe(0);
    return parseManifests(r.stdout);
  };
  const scenario = (name: string) => ['-f', join(dir, CHART, 'ci', `${name}-values.yaml`)];

  beforeAll(async () => {
    dir = await scratchCharts(helm, generated);
  });
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
    rmSync(scratch, { recursive: true, force: true });
  });

  describe('in the umbrella, released as "core" into appgear-core', () => {
    let objects: K8sObject[] = [];
    let app: any;
    let upstream: any;
    beforeAll(async () => {
      objects = (await template(UMBRELLA, 'appgear-core')).filter((o) => o.metadata.labels?.['app.kubernetes.io/name'] === 'airbyte');
      [app] = byKind(objects, 'Application');
      upstream = app.spec.source.helm.valuesObject;
    });

    it('renders the Application in Argo CD\'s namespace, the ScaledObject and the NetworkPolicy in factory-data, which it creates', () => {
      expect(objects.map((o) => `${o.kind}/${ns(o) ?? '-'}/${o.metadata.name}`).sort()).toEqual([
        'Application/argocd/core-airbyte', 'Namespace/-/factory-data', 'NetworkPolicy/factory-data/core-airbyte-webapp', 'ScaledObject/factory-data/core-airbyte',
      ]);
      const [namespace] = byKind(objects, 'Namespace');
      expect(namespace.metadata.labels).toMatchObject({ 'appgear.io/tenant-id': 'global', 'pod-security.kubernetes.io/enforce': 'restricted' });
      expect(namespace.metadata.annotations).toMatchObject({ 'helm.sh/resource-policy': 'keep', 'argocd.argoproj.io/sync-wave': '-2' });
    });

    it('points the Application at the pinned upstream Airbyte chart, deployed to factory-data', () => {
      expect(app.spec.project).toBe('default');
      expect(app.spec.source).toMatchObject({ repoURL: 'https://airbytehq.github.io/helm-charts', chart: 'airbyte', targetRevision: UPSTREAM.version });
      expect(UPSTREAM.version).toMatch(/^\d+\.\d+\.\d+$/);
      expect(app.spec.source.helm.releaseName).toBe('airbyte');
      expect(app.spec.destination).toEqual({ server: 'https://kubernetes.default.svc', namespace: 'factory-data' });
      expect(app.spec.syncPolicy.syncOptions).toContain('CreateNamespace=true');
      expect(app.spec.syncPolicy.managedNamespaceMetadata.labels).toMatchObject({ 'appgear.io/tenant-id': 'global', 'pod-security.kubernetes.io/enforce': 'restricted' });
    });

    it('uses the platform\'s Postgres as an external database, the bundled one off, the credentials only from a Secret', () => {
      expect(upstream.postgresql).toEqual({ enabled: false });
      expect(upstream.global.database).toEqual({
        type: 'external',
        host: 'core-postgres.appgear-core.svc.cluster.local',
        port: '5432',
        database: 'airbyte_factory',
        secretName: 'core-airbyte-postgres',
        userSecretKey: 'username',
        passwordSecretKey: 'password',
      });
      // No credential is a value: neither a password nor a user in the Application.
      expect(JSON.stringify(upstream)).not.toMatch(/"(password|user)":/);
    });

    it('routes the UI only through Kong on /airbyte, the webapp Service staying ClusterIP', () => {
      expect(objects.filter((o) => o.kind === 'IngressRoute')).toEqual([]);
      expect(upstream.webapp.service).toEqual({ type: 'ClusterIP' });
      expect(upstream.webapp.ingress).toEqual({
        enabled: true,
        className: 'kong',
        annotations: { 'konghq.com/strip-path': 'true', 'konghq.com/protocols': 'http,https' },
        hosts: [{ host: 'factory.dev.appgear.local', paths: [{ path: '/airbyte', pathType: 'Prefix' }] }],
      });
      expect(upstream.global.airbyteUrl).toBe('https://factory.dev.appgear.local/airbyte');
      const [np] = byKind(objects, 'NetworkPolicy');
      expect(np.spec).toEqual({
        podSelector: { matchLabels: { 'app.kubernetes.io/name': 'webapp', 'app.kubernetes.io/instance': 'airbyte' } },
        policyTypes: ['Ingress'],
        ingress: [{ from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kong' } } }] }],
      });
    });

    it('sets the resources of every typed part and labels its Deployment, pods and the job pods with tenant global', () => {
      const defaults = airbyte.chartSchema.parse({}) as any;
      for (const p of PARTS) {
        expect(upstream[p.upstream]?.resources, p.upstream).toEqual(defaults[p.key].resources);
        expect(upstream[p.upstream].extraLabels, p.upstream).toMatchObject({ 'appgear.io/tenant-id': 'global', 'appgear.io/suite': 'factory' });
        expect(upstream[p.upstream].podLabels, p.upstream).toMatchObject({ 'appgear.io/tenant-id': 'global', 'appgear.io/workspace-id': 'global' });
      }
      expect(upstream.worker.resources.limits).toMatchObject({ cpu: '2', memory: '2Gi' });
      expect(upstream.global.jobs.resources).toEqual(defaults.jobs.resources);
      expect(upstream.global.jobs.kube.labels['appgear.io/tenant-id']).toBe('global');
      expect(upstream.global.extraLabels['appgear.io/tenant-id']).toBe('global');
    });

    it('scales the upstream workers from zero with KEDA, and Argo CD leaves their replica count to it', () => {
      const [so] = byKind(objects, 'ScaledObject');
      expect(so.spec).toMatchObject({ scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'airbyte-worker' }, minReplicaCount: 0, maxReplicaCount: 10 });
      expect(so.spec.triggers).toEqual([{
        type: 'prometheus',
        metadata: { serverAddress: 'http://core-prometheus.observability.svc.cluster.local:9090', query: 'sum(airbyte_pending_jobs)', threshold: '1' },
      }]);
      expect(app.spec.ignoreDifferences).toEqual([{ group: 'apps', kind: 'Deployment', name: 'airbyte-worker', namespace: 'factory-data', jsonPointers: ['/spec/replicas'] }]);
      expect(app.spec.syncPolicy.syncOptions).toContain('RespectIgnoreDifferences=true');
    });

    it('labels each of its objects with tenant global, the Factory suite and module 09', () => {
      for (const o of objects) {
        const where = `${o.kind}/${o.metadata.name}`;
        expect(o.metadata.labels, where).toMatchObject({ 'appgear.io/tenant-id': 'global', 'appgear.io/suite': 'factory', 'appgear.io/tier': 'addon' });
        expect(o.metadata.annotations?.['appgear.io/module'], where).toBe('mod9-suite-factory');
      }
    });
  });

  it('renders no pod of its own, whatever the scenario (Pod Security restricted)', async () => {
    for (const s of ['argocd-keda', 'external-database', 'no-argocd-no-route']) {
      const kinds = (await template(CHART, 'factory-data', scenario(s))).map((o) => o.kind);
      expect(kinds.filter((k) => ['Pod', 'Deployment', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob', 'ReplicaSet'].includes(k)), s).toEqual([]);
    }
  });

  it('passes helm lint --strict with each scenario', async () => {
    for (const s of ['argocd-keda', 'external-database', 'no-argocd-no-route']) {
      const r = await helmRun(helm, ['lint', '--strict', join(dir, CHART), ...scenario(s)]);
      expect(r.exitCode, r.stdout + r.stderr).toBe(0);
    }
  });

  it('argocd-keda: the database credentials from Vault through an ExternalSecret in factory-data, module 09\'s KEDA timings', async () => {
    // Released into factory-data, as the platform's delivery module does: everything in the release's namespace.
    const objects = await template(CHART, 'factory-data', scenario('argocd-keda'));
    expect(byKind(objects, 'Namespace')).toEqual([]);
    const [es] = byKind(objects, 'ExternalSecret');
    expect(ns(es)).toBe('factory-data');
    expect(es.metadata.name).toBe('core-suite-factory-data-postgres');
    expect(es.spec.secretStoreRef).toEqual({ kind: 'ClusterSecretStore', name: 'vault' });
    expect(es.spec.data).toEqual([
      { secretKey: 'password', remoteRef: { key: 'kv/appgear/addon-factory-airbyte/postgres', property: 'password' } },
      { secretKey: 'username', remoteRef: { key: 'kv/appgear/addon-factory-airbyte/postgres', property: 'username' } },
    ]);
    const [app] = byKind(objects, 'Application');
    expect(app.spec.source.helm.valuesObject.global.database.secretName).toBe(es.spec.target.name);
    // The credentials come before Airbyte; released elsewhere, the namespace comes first.
    const wave = (list: K8sObject[], kind: string) => Number(byKind(list, kind)[0]!.metadata.annotations!['argocd.argoproj.io/sync-wave']);
    expect([wave(objects, 'ExternalSecret'), wave(objects, 'Application')]).toEqual([-1, 0]);
    const elsewhere = await template(CHART, 'appgear-core', [...scenario('argocd-keda'), '--set', 'destination.namespace=factory-data']);
    expect(ns(byKind(elsewhere, 'ExternalSecret')[0])).toBe('factory-data');
    expect([wave(elsewhere, 'Namespace'), wave(elsewhere, 'ExternalSecret'), wave(elsewhere, 'Application')]).toEqual([-2, -1, 0]);
    expect(byKind(objects, 'ScaledObject')[0].spec).toMatchObject({ cooldownPeriod: 300, pollingInterval: 30 });
  });

  it('external-database: the given host and user, an existing Secret, the route on its own host with TLS, no KEDA', async () => {
    const objects = await template(CHART, 'factory-data', scenario('external-database'));
    // Installed into factory-data itself: the namespace is the release's, not this chart's to render.
    expect(byKind(objects, 'Namespace')).toEqual([]);
    expect(byKind(objects, 'ScaledObject')).toEqual([]);
    expect(byKind(objects, 'ExternalSecret')).toEqual([]);
    const upstream = byKind(objects, 'Application')[0].spec.source.helm.valuesObject;
    expect(upstream.global.database).toEqual({
      type: 'external', host: 'airbyte-db.example.com', port: '5432', database: 'airbyte_factory', secretName: 'airbyte-db', user: 'airbyte', passwordSecretKey: 'password',
    });
    expect(upstream.webapp.ingress.hosts[0].host).toBe('airbyte.example.com');
    expect(upstream.webapp.ingress.tls).toEqual([{ hosts: ['airbyte.example.com'], secretName: 'airbyte-tls' }]);
  });

  it('no-argocd-no-route: without Argo CD and the route nothing is rendered, and NOTES.txt says why', async () => {
    expect(await template(CHART, 'factory-data', scenario('no-argocd-no-route'))).toEqual([]);
    // `helm template` leaves NOTES.txt out: a copy of the chart shows it through a probe template.
    const probe = join(scratch, 'probe', CHART);
    cpSync(join(dir, CHART), probe, { recursive: true });
    const notes = readFileSync(join(probe, 'templates/NOTES.txt'), 'utf8');
    writeFileSync(join(probe, 'templates/zz-notes-probe.yaml'), `{{- define "probe.notes" -}}${notes}{{- end -}}\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: notes-probe\ndata:\n  notes: {{ include "probe.notes" . | toJson }}\n`);
    const [cm] = await template(probe, 'factory-data', ['--show-only', 'templates/zz-notes-probe.yaml', '-f', join(probe, 'ci/no-argocd-no-route-values.yaml')]);
    expect((cm as any).data.notes).toContain('Not rendered: the Argo CD Application of the upstream Airbyte chart, because global.capabilities.argocd is false');
  });

  it('keeps Kong\'s own annotations when others are added, and the host of the Postgres Service in another namespace', async () => {
    const file = join(scratch, 'annotations.yaml');
    writeFileSync(file, stringify({
      global: { capabilities: { argocd: true } },
      ingress: { annotations: { 'konghq.com/plugins': 'oidc', 'konghq.com/strip-path': 'false' } },
      postgres: { namespace: 'appgear-core' },
    }));
    const [app] = byKind(await template(CHART, 'factory-data', ['-f', file]), 'Application');
    const upstream = app.spec.source.helm.valuesObject;
    expect(upstream.webapp.ingress.annotations).toEqual({ 'konghq.com/plugins': 'oidc', 'konghq.com/strip-path': 'true', 'konghq.com/protocols': 'http,https' });
    expect(upstream.global.database.host).toBe('core-postgres.appgear-core.svc.cluster.local');
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
