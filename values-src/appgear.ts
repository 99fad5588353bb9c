// The AppGear reference platform: module 04 (storage and core databases) as the storage document
// describes it. Released as "core" into namespace "appgear-core", objects are named core-postgres,
// core-redis, core-qdrant, core-rabbitmq, core-redpanda; Ceph objects live in "rook-ceph". Disaster recovery
// (module 15) is the instance "dr": Velero as core-dr, in the release namespace with `helm install`, and Argo CD
// installs it as its own Application (core-dr) in namespace "velero".
import { airbyte, backup, ceph, definePlatform, factory, isolation, postgres, qdrant, rabbitmq, redis, redpanda, velero } from 'appgear-charts';

/** A secret of staging: its own path in Vault, beside production's. */
const stagingVault = (path: string) => ({ externalSecret: { remoteKey: `kv/appgear/staging/${path}` } });

export default definePlatform({
  name: 'appgear',
  version: '0.8.2',
  description: 'The AppGear platform: Rook-Ceph storage, core datastores and brokers, backups and disaster recovery, with FinOps labels and secure defaults.',
  home: 'https://appgear.io',
  maintainers: [{ name: 'AppGear Platform Team', email: 'platform@appgear.io' }],
  // Every instance carries the module of the storage document (appgear.io/module annotations).
  module: { name: 'mod04-storage-databases-core', contractVersion: 'v0.1' },
  global: {
    tenantId: 'global',
    topology: 'B',
    environment: 'production',
    workspaceId: 'global',
    capabilities: { istio: true, externalSecrets: true, keda: true, snapshots: true, velero: true, rook: true, argocd: true },
  },
  components: {
    // The core namespace's isolation: Pod Security restricted, default-deny NetworkPolicies (the datastores reach
    // each other inside it), and a quota the generator checks against everything the module installs there.
    isolation: isolation({
      quota: { hard: { 'requests.cpu': '10', 'requests.memory': '32Gi', persistentvolumeclaims: 12 } },
    }),
    ceph: ceph({
      operator: { argocdApplication: { enabled: true } },
    }),
    // Each datastore uses the storage instance: its claims get the block StorageClass ceph provides.
    postgres: postgres({
      persistence: { size: '200Gi' },
      credentials: { externalSecret: { enabled: true, remoteKey: 'kv/appgear/postgres/config' } },
    }, { uses: ['ceph'] }),
    redis: redis({
      persistence: { size: '20Gi' },
    }, { uses: ['ceph'] }),
    qdrant: qdrant({
      persistence: { size: '200Gi' },
    }, { uses: ['ceph'] }),
    rabbitmq: rabbitmq({
      persistence: { size: '100Gi' },
      credentials: { externalSecret: { enabled: true } },
      erlangCookie: { externalSecret: { enabled: true } },
    }, { uses: ['ceph'] }),
    redpanda: redpanda({
      replicas: 3,
      persistence: { size: '500Gi' },
    }, { uses: ['ceph'] }),
    // The Postgres server to dump, the claims to snapshot and the snapshot class come from what it uses.
    backup: backup({
      logical: { schedule: '0 3 * * *', s3Credentials: { externalSecret: { enabled: true } } },
    }, { uses: ['ceph', 'postgres', 'redis', 'qdrant', 'rabbitmq', 'redpanda'] }),
    // Disaster recovery (module 15): Velero backs the platform up to S3 outside the cluster, with the S3
    // credentials from Vault; the snapshot class and its CSI driver come from ceph.
    dr: velero({
      appgear: { module: 'mod15-business-continuity-dr' },
      credentials: { externalSecret: { enabled: true, remoteKey: 'kv/appgear/velero/dr-s3' } },
      backupStorageLocations: [{
        name: 'dr-s3-external', bucket: 'appgear-dr', prefix: 'appgear-platform', region: 'us-east-1', s3ForcePathStyle: true, default: true,
      }],
    }, { uses: ['ceph'] }),
    // The Factory suite's shared Airbyte (module 09): one per environment in namespace factory-data, tenant
    // global, the upstream chart through an Argo CD Application, its database on the core Postgres server.
    airbyte: airbyte({ appgear: { module: 'mod9-suite-factory' } }, { uses: ['postgres'] }),
  },
  // Each environment is written as charts/appgear/values-<name>.yaml with only what it changes; the
  // README's "Environments" table lists the differences (sizes after the staging document's table).
  environments: {
    // Staging reads its own Vault paths (kv/appgear/staging/...): the generator refuses two environments that
    // share one.
    staging: {
      components: {
        // KEDA may scale Redpanda back to three brokers: the quota holds them.
        isolation: { quota: { hard: { 'requests.cpu': '8', 'requests.memory': '24Gi' } } },
        postgres: { persistence: { size: '10Gi' }, credentials: stagingVault('postgres/config') },
        redis: { persistence: { size: '5Gi' } },
        qdrant: { persistence: { size: '20Gi' } },
        rabbitmq: { persistence: { size: '10Gi' }, credentials: stagingVault('rabbitmq/config'), erlangCookie: stagingVault('rabbitmq/config') },
        redpanda: { replicas: 1, persistence: { size: '50Gi' } },
        backup: { logical: { retentionDays: 7, s3Credentials: stagingVault('ceph/backup-s3') } },
        dr: { credentials: stagingVault('velero/dr-s3') },
      },
    },
    production: {
      components: {
        backup: { logical: { retentionDays: 30 } },
      },
    },
  },
  // The Factory suite (module 09): every workspace gets its own release of the factory chart in
  // ws-<id>-factory, stamped out by an Argo CD ApplicationSet (suite-factory), never an alias of the umbrella.
  suites: {
    factory: factory({ ingress: { domain: 'factory.appgear.io' } }, { uses: ['redis', 'redpanda'] }),
  },
  // Tenants (appgear.io/tenant-id) and what their workspaces get unless a workspace says otherwise.
  tenants: {
    acme: { workspaces: { backup: true } },
    globex: { workspaces: { suites: { factory: { parts: ['codeServer', 'builder'] } } } },
  },
  workspaces: [
    { id: 'alpha', tenant: 'acme' },
    { id: 'beta', tenant: 'globex', suites: { factory: { values: { codeServer: { persistence: { size: '50Gi' } } } } } },
  ],
  // How Argo CD installs it: the bootstrap chart charts/appgear-bootstrap (an AppProject per environment, an
  // ApplicationSet per module and environment), pulling the umbrella from the registry `publish` pushes to.
  delivery: {
    source: { kind: 'oci', registry: 'ghcr.io/appgear/charts' },
    // The module of the storage document: the umbrella, released as "core", with every instance but "dr";
    // disaster recovery (module 15) is the Application core-dr, Velero in its own namespace.
    modules: {
      'core-data-brokers': { releaseName: 'core', namespace: 'appgear-core' },
      'core-dr': { releaseName: 'core', namespace: 'velero', instances: ['dr'] },
      // The Factory suite's shared Airbyte, in its own namespace (one per environment).
      'suite-factory-data': { releaseName: 'core', namespace: 'factory-data', instances: ['airbyte'] },
    },
    environments: {
      // Staging runs beside Argo CD; production clusters are the cluster Secrets labelled
      // appgear.io/environment=production.
      staging: {
        generator: { kind: 'list', clusters: [{ name: 'in-cluster', server: 'https://kubernetes.default.svc' }] },
        namespaces: { 'core-data-brokers': 'appgear-staging' },
      },
      production: { generator: { kind: 'cluster' } },
    },
  },
});
