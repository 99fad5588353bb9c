// The Factory chart (module 09), generated from a fixture platform (the reference platform does not hold it) and
// rendered with Helm 3 and 4 for two workspaces of different tenants: the document's names, the tenant and
// workspace labels on every object, routes only through Kong, the workspace claim on Ceph Filesystem, Vault
// agent annotations, KEDA scale to zero; its scenarios; and mistakes refused at generation time and at install
// time, naming the value.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { definePlatform, factory } from '../../generator/index.ts';
import { resolvePlatform } from '../../generator/parse/resolvePlatform.ts';
import { checkPlatforms } from '../../generator/policy/checkPolicies.ts';
import { generateFixture, problemsOf } from '../helpers/fixture.ts';
import { type Helm, type K8sObject, helmRun, helms, parseManifests, scratchCharts } from '../helpers/helm.ts';

const CHART = 'factory';
const FILE = 'values-src/p.ts';
const NAMES = { vscode: 'addon-factory-vscode', builder: 'addon-factory-tauri-builder', multiplayer: 'addon-factory-multiplayer' };

const platform = (values: Record<string, unknown>) =>
  definePlatform({ name: 'fx', version: '0.1.0', description: 'Factory fixture.', components: { ws: factory(values as never) } });

/** Two workspaces of two tenants, each in its namespace ws-<id>-factory, with KEDA installed. */
const WORKSPACES = [
  { tenant: 'acme', workspace: 'alpha' },
  { tenant: 'globex', workspace: 'beta' },
].map((w) => ({ ...w, namespace: `ws-${w.workspace}-factory`, values: { global: { tenantId: w.tenant, workspaceId: w.workspace, capabilities: { keda: true } } } }));

/** The mistakes, as values of the chart; `path` is what both times must name. */
const MISTAKES: { what: string; values: Record<string, unknown>; path: string; generation: string; install: string }[] = [
  {
    what: 'an image tag "latest"',
    values: { codeServer: { image: { tag: 'latest' } } },
    path: 'codeServer.image.tag',
    generation: 'expected a pinned image tag: letters, digits, "_", "." and "-", not starting with "." or "-", at most 128 characters, never "latest", found "latest"',
    install: 'codeServer.image.tag: expected a pinned image tag',
  },
  {
    what: 'no StorageClass for the workspace claim',
    values: { codeServer: { persistence: { storageClass: '' } } },
    path: 'codeServer.persistence.storageClass',
    generation: 'expected a Kubernetes object name: lowercase letters, digits, "-" and ".", starting and ending with a letter or digit, at most 253 characters, found ""',
    install: 'codeServer.persistence.storageClass: expected a Kubernetes object name',
  },
  {
    what: 'a route path that is not absolute',
    values: { codeServer: { ingress: { path: 'vscode' } } },
    path: 'codeServer.ingress.path',
    generation: 'expected an absolute path such as "/var/lib/data" (starting with "/", without ":"), found "vscode"',
    install: 'codeServer.ingress.path: expected an absolute path',
  },
  {
    what: 'a bucket name with capitals',
    values: { builder: { artifacts: { bucket: 'Factory_Artifacts' } } },
    path: 'builder.artifacts.bucket',
    generation: 'expected an S3 bucket name: 3 to 63 lowercase letters, digits, "." and "-", starting and ending with a letter or digit, found "Factory_Artifacts"',
    install: 'builder.artifacts.bucket: expected an S3 bucket name',
  },
  {
    what: 'a broker host that is not a host name',
    values: { multiplayer: { redpanda: { brokers: [{ host: 'Redpanda Broker', port: 9092 }] } } },
    path: 'multiplayer.redpanda.brokers[0].host',
    generation: 'expected a DNS host name such as "factory.example.com"',
    install: 'multiplayer.redpanda.brokers[0].host: expected a DNS host name',
  },
  {
    what: 'a Vault secret path with a leading "/"',
    values: { codeServer: { vaultSecrets: { 'cde-config': '/kv/config' } } },
    path: 'codeServer.vaultSecrets.cde-config',
    generation: 'expected a Vault path such as "addon-factory-vscode/config"',
    install: 'codeServer.vaultSecrets.cde-config: expected a Vault path',
  },
  {
    what: 'a KEDA metric that is not a Prometheus name',
    values: { builder: { keda: { metric: 'pending builds' } } },
    path: 'builder.keda.metric',
    generation: 'expected a Prometheus metric name such as "builder_pending_jobs": letters, digits, "_" and ":", not starting with a digit, found "pending builds"',
    install: 'builder.keda.metric: expected a Prometheus metric name',
  },
  {
    what: 'a minimum above the maximum of KEDA',
    values: { codeServer: { keda: { minReplicaCount: 2 } } },
    path: 'codeServer.keda.minReplicaCount',
    generation: 'minReplicaCount 2 is above maxReplicaCount 1; expected minReplicaCount no higher than maxReplicaCount',
    install: 'codeServer.keda.minReplicaCount: minReplicaCount 2 is above maxReplicaCount 1',
  },
  {
    what: 'two code-servers on one workspace home',
    values: { codeServer: { keda: { maxReplicaCount: 2 } } },
    path: 'codeServer.keda.maxReplicaCount',
    generation: 'expected a number of at most 1, found number 2',
    install: "at '/codeServer/keda/maxReplicaCount': maximum: got 2, want 1",
  },
  {
    what: 'an ExternalSecret for the S3 keys without the operator',
    values: { builder: { artifacts: { credentials: { externalSecret: { enabled: true } } } } },
    path: 'builder.artifacts.credentials.externalSecret.enabled',
    generation: 'builder.artifacts.credentials.externalSecret.enabled needs the external-secrets operator: expected global.capabilities.externalSecrets to be true, found false',
    install: 'builder.artifacts.credentials.externalSecret.enabled: builder.artifacts.credentials.externalSecret.enabled needs the external-secrets operator',
  },
];

const problems = (values: Record<string, unknown>) => problemsOf(FILE, platform(values));

/** The chart set of the fixture platform, written as `generate` would (library, factory, the fixture umbrella). */
const generateCharts = () => generateFixture(FILE, platform({}), 'factory');

describe('generation time', () => {
  it('accepts the chart\'s defaults and its scenarios (the policy stage parses them)', () => {
    expect(problems({})).toEqual([]);
    expect(Object.keys(factory.spec.scenarios).sort()).toEqual(['keda-off', 'tenant-acme', 'tenant-globex-no-backup']);
    expect(checkPlatforms([resolvePlatform(FILE, platform({}))]).problems).toEqual([]);
  });

  it.each(MISTAKES)('refuses $what, naming $path', ({ values, path, generation }) => {
    const found = problems(values);
    expect(found).toHaveLength(1);
    expect(found[0]).toContain(`components.ws.${path}: `);
    expect(found[0]).toContain(generation);
  });
});

const byKind = (objects: K8sObject[], kind: string) => objects.filter((o) => o.kind === kind) as any[];
const names = (objects: K8sObject[], kind: string) => byKind(objects, kind).map((o) => o.metadata.name).sort();
const podOf = (objects: K8sObject[], name: string) => byKind(objects, 'Deployment').find((d) => d.metadata.name === name).spec.template;

let generated = '';
beforeAll(async () => {
  generated = await generateCharts();
});
afterAll(() => rmSync(generated, { recursive: true, force: true }));

describe.each(helms())('$name', (helm: Helm) => {
  let dir = '';
  const scratch = mkdtempSync(join(tmpdir(), 'appgear-factory-values-'));
  const render = async (namespace: string, values: Record<string, unknown>, args: string[] = []) => {
    const file = join(scratch, `${namespace}-${Object.keys(values).join('-')}.yaml`);
    writeFileSync(file, stringify(values));
    const r = await helmRun(helm, ['template', 'ws', join(dir, CHART), '--namespace', namespace, '-f', file, ...args]);
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

  describe.each(WORKSPACES)('workspace $workspace of tenant $tenant', ({ tenant, workspace, namespace, values }) => {
    let objects: K8sObject[] = [];
    beforeAll(async () => {
      objects = await render(namespace, values);
    });

    it('renders the document\'s objects under their names', () => {
      expect(names(objects, 'Deployment')).toEqual([NAMES.multiplayer, NAMES.builder, NAMES.vscode]);
      expect(names(objects, 'Service')).toEqual([NAMES.multiplayer, NAMES.builder, NAMES.vscode]);
      expect(names(objects, 'Ingress')).toEqual([NAMES.multiplayer, NAMES.vscode]);
      expect(names(objects, 'ScaledObject')).toEqual([NAMES.multiplayer, NAMES.builder, NAMES.vscode]);
      expect(names(objects, 'NetworkPolicy')).toEqual([NAMES.multiplayer, NAMES.builder, NAMES.vscode]);
      expect(names(objects, 'PersistentVolumeClaim')).toEqual(['cde-workspace']);
      for (const o of objects) expect((o.metadata as any).namespace, `${o.kind}/${o.metadata.name}`).toBe(namespace);
    });

    it('labels every object and pod template with the tenant, the workspace and the suite, and asks for its backup', () => {
      for (const o of objects) {
        const where = `${o.kind}/${o.metadata.name}`;
        expect(o.metadata.labels, where).toMatchObject({ 'appgear.io/tenant-id': tenant, 'appgear.io/workspace-id': workspace, 'appgear.io/suite': CHART });
        // The library's shared objects carry the standard labels only (the README says so).
        if (!['ServiceAccount', 'PodDisruptionBudget'].includes(o.kind)) expect(o.metadata.labels?.['appgear.io/backup-enabled'], where).toBe('true');
      }
      for (const d of byKind(objects, 'Deployment')) {
        expect(d.spec.template.metadata.labels, d.metadata.name).toMatchObject({ 'appgear.io/tenant-id': tenant, 'appgear.io/workspace-id': workspace, 'appgear.io/suite': CHART, 'appgear.io/backup-enabled': 'true' });
      }
    });

    it('keeps the workspace on a ReadWriteMany claim on ceph-filesystem, never an emptyDir', () => {
      const [pvc] = byKind(objects, 'PersistentVolumeClaim');
      expect(pvc.spec).toMatchObject({ storageClassName: 'ceph-filesystem', accessModes: ['ReadWriteMany'], resources: { requests: { storage: '20Gi' } } });
      expect(pvc.metadata.annotations['helm.sh/resource-policy']).toBe('keep');
      const pod = podOf(objects, NAMES.vscode).spec;
      expect(pod.volumes.find((v: any) => v.name === 'workspace')).toEqual({ name: 'workspace', persistentVolumeClaim: { claimName: 'cde-workspace' } });
      expect(pod.containers[0].volumeMounts).toContainEqual({ name: 'workspace', mountPath: '/home/coder' });
    });

    it('routes /vscode and /multiplayer only through Kong, on the workspace\'s own host, with WebSocket-safe timeouts', () => {
      expect(objects.filter((o) => o.kind === 'IngressRoute')).toEqual([]);
      const routes = Object.fromEntries(byKind(objects, 'Ingress').map((i) => [i.metadata.name, i]));
      for (const [name, path, port] of [[NAMES.vscode, '/vscode', 'http'], [NAMES.multiplayer, '/multiplayer', 'ws']] as const) {
        const ingress = routes[name];
        expect(ingress.spec.ingressClassName, name).toBe('kong');
        expect(ingress.metadata.annotations['konghq.com/strip-path'], name).toBe('true');
        expect(ingress.spec.rules).toEqual([{
          host: `${workspace}.factory.dev.appgear.local`,
          http: { paths: [{ path, pathType: 'Prefix', backend: { service: { name, port: { name: port } } } }] },
        }]);
      }
      const gateway = byKind(objects, 'Service').find((s) => s.metadata.name === NAMES.multiplayer);
      expect(gateway.metadata.annotations).toMatchObject({ 'konghq.com/read-timeout': '3600000', 'konghq.com/write-timeout': '3600000' });
      // Only Kong's namespace (and the workspace's own) reach the routed ports.
      const np = byKind(objects, 'NetworkPolicy').find((n) => n.metadata.name === NAMES.vscode);
      expect(np.spec.ingress[0].from[0]).toEqual({ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kong' } } });
    });

    it('reads secrets from Vault with the workspace\'s role and paths, the agent logging in with a projected token', () => {
      const expected = { [NAMES.vscode]: ['cde-config', 'addon-factory-vscode/config'], [NAMES.builder]: ['builder-config', 'addon-factory-tauri/config'] };
      for (const d of byKind(objects, 'Deployment')) {
        const { annotations } = d.spec.template.metadata;
        expect(annotations['vault.hashicorp.com/agent-inject'], d.metadata.name).toBe('true');
        expect(annotations['vault.hashicorp.com/role'], d.metadata.name).toBe(`${tenant}-${workspace}-factory`);
        expect(annotations['vault.hashicorp.com/agent-service-account-token-volume-name']).toBe('vault-token');
        expect(d.spec.template.spec.automountServiceAccountToken).toBe(false);
        expect(d.spec.template.spec.volumes.find((v: any) => v.name === 'vault-token').projected.sources[0].serviceAccountToken.path).toBe('token');
        const secret = expected[d.metadata.name];
        if (secret) expect(annotations[`vault.hashicorp.com/agent-inject-secret-${secret[0]}`]).toBe(`kv/data/${tenant}/${workspace}/${secret[1]}`);
      }
    });

    it('scales each part to zero with KEDA on a Prometheus query of the workspace', () => {
      const metrics = { [NAMES.vscode]: 'addon_factory_vscode_active_sessions', [NAMES.builder]: 'builder_pending_jobs', [NAMES.multiplayer]: 'multiplayer_active_sessions' };
      for (const so of byKind(objects, 'ScaledObject')) {
        const name = so.metadata.name as string;
        expect(so.spec).toMatchObject({ scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name }, minReplicaCount: 0 });
        expect(so.spec.triggers).toEqual([{
          type: 'prometheus',
          metadata: { serverAddress: 'http://core-prometheus.observability.svc.cluster.local:9090', query: `sum(${metrics[name]}{workspace_id="${workspace}"})`, threshold: '1' },
        }]);
      }
      // KEDA owns the replica count.
      for (const d of byKind(objects, 'Deployment')) expect(d.spec.replicas, d.metadata.name).toBeUndefined();
    });

    it('is secure by default: pinned images, restricted security contexts, requests and limits, the S3 keys from a Secret', () => {
      for (const d of byKind(objects, 'Deployment')) {
        const pod = d.spec.template.spec;
        expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } });
        for (const c of pod.containers) {
          expect(c.image, c.name).toMatch(/^docker\.io\/[a-z0-9/-]+:[0-9][\w.-]*$/);
          expect(c.securityContext, c.name).toMatchObject({ runAsNonRoot: true, allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } });
          for (const k of ['cpu', 'memory', 'ephemeral-storage']) expect(c.resources.limits[k], `${c.name} limits.${k}`).toBeTruthy();
          expect(c.livenessProbe, c.name).not.toEqual(c.readinessProbe);
          expect(JSON.stringify(c.env ?? []), c.name).not.toMatch(/secretKeyRef|SECRET_ACCESS_KEY"/);
        }
      }
      const builder = podOf(objects, NAMES.builder).spec;
      expect(builder.volumes.find((v: any) => v.name === 's3-credentials').secret.secretName).toBe('ws-factory-s3');
    });
  });

  it('gives two workspaces distinct hosts, Vault roles and KEDA queries', async () => {
    const [a, b] = await Promise.all(WORKSPACES.map((w) => render(w.namespace, w.values)));
    const hosts = [a!, b!].map((o) => byKind(o, 'Ingress')[0].spec.rules[0].host);
    expect(hosts).toEqual(['alpha.factory.dev.appgear.local', 'beta.factory.dev.appgear.local']);
    const roles = [a!, b!].map((o) => byKind(o, 'Deployment')[0].spec.template.metadata.annotations['vault.hashicorp.com/role']);
    expect(roles).toEqual(['acme-alpha-factory', 'globex-beta-factory']);
  });

  it('keda-off: fixed replicas, no ScaledObject, the CDE alone', async () => {
    const objects = await render('ws-gamma-factory', {}, scenario('keda-off'));
    expect(names(objects, 'Deployment')).toEqual([NAMES.vscode]);
    expect(byKind(objects, 'ScaledObject')).toEqual([]);
    expect(byKind(objects, 'Deployment')[0].spec.replicas).toBe(1);
  });

  it('tenant-globex-no-backup: no backup label anywhere, no gateway, its own host with TLS', async () => {
    const objects = await render('ws-beta-factory', {}, scenario('tenant-globex-no-backup'));
    for (const o of objects) expect(o.metadata.labels?.['appgear.io/backup-enabled'], `${o.kind}/${o.metadata.name}`).toBeUndefined();
    expect(names(objects, 'Deployment')).toEqual([NAMES.builder, NAMES.vscode]);
    const [ingress] = byKind(objects, 'Ingress');
    expect(ingress.spec.rules[0].host).toBe('beta.factory.globex.example.com');
    expect(ingress.spec.tls).toEqual([{ hosts: ['beta.factory.globex.example.com'], secretName: 'factory-globex-tls' }]);
  });

  it('tenant-acme: the S3 keys through an ExternalSecret from the Vault store', async () => {
    const objects = await render('ws-alpha-factory', {}, scenario('tenant-acme'));
    const [es] = byKind(objects, 'ExternalSecret');
    expect(es.metadata.name).toBe('ws-factory-s3');
    expect(es.spec.secretStoreRef).toEqual({ kind: 'ClusterSecretStore', name: 'vault' });
    expect(es.spec.data.map((d: any) => d.remoteRef.key)).toEqual(['kv/acme/ws-alpha/addon-factory-tauri/s3', 'kv/acme/ws-alpha/addon-factory-tauri/s3']);
  });

  describe('install time', () => {
    it.each(MISTAKES)('refuses $what, naming $path', async ({ what, values: bad, install }) => {
      const file = join(scratch, `bad-${what.replace(/\W+/g, '-')}.yaml`);
      writeFileSync(file, stringify(bad));
      const r = await helmRun(helm, ['template', 'ws', join(dir, CHART), '-f', file]);
      expect(r.exitCode, `Helm accepted ${what}`).not.toBe(0);
      expect(r.stderr).toContain(install);
    });
  });
});
