// The AppGear reference platform: module 04 (storage and core databases) as the storage document
// describes it. Released as "core" into namespace "appgear-core", objects are named core-postgres,
// core-redis, core-qdrant, core-rabbitmq, core-redpanda; Ceph objects live in "rook-ceph".
import { backup, ceph, definePlatform, gitops, postgres, qdrant, rabbitmq, redis, redpanda } from 'appgear-charts';

export default definePlatform({
  name: 'appgear',
  version: '0.5.1',
  description: 'The AppGear platform: Rook-Ceph storage, core datastores and brokers, backups and GitOps, with FinOps labels and secure defaults.',
  home: 'https://appgear.io',
  maintainers: [{ name: 'AppGear Platform Team', email: 'platform@appgear.io' }],
  // Every instance carries the module of the storage document (appgear.io/module annotations).
  module: { name: 'mod04-storage-databases-core', contractVersion: 'v0.1' },
  global: {
    tenantId: 'global',
    topology: 'B',
    environment: 'production',
    workspaceId: 'global',
    capabilities: { istio: true, externalSecrets: true, keda: true, snapshots: true, rook: true, argocd: true },
  },
  components: {
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
    gitops: gitops({
      application: { enabled: true, project: 'appgear-core', source: { releaseName: 'core' } },
    }),
  },
  // Each environment is written as charts/appgear/values-<name>.yaml with only what it changes; the
  // README's "Environments" table lists the differences (sizes after the staging document's table).
  environments: {
    staging: {
      components: {
        postgres: { persistence: { size: '10Gi' } },
        redis: { persistence: { size: '5Gi' } },
        qdrant: { persistence: { size: '20Gi' } },
        rabbitmq: { persistence: { size: '10Gi' } },
        redpanda: { replicas: 1, persistence: { size: '50Gi' } },
        backup: { logical: { retentionDays: 7 } },
        gitops: {
          application: {
            name: 'core-data-brokers-staging',
            source: { valueFiles: ['values-staging.yaml'] },
            destination: { namespace: 'appgear-staging' },
          },
        },
      },
    },
    production: {
      components: {
        backup: { logical: { retentionDays: 30 } },
        gitops: { application: { source: { valueFiles: ['values-production.yaml'] } } },
      },
    },
  },
});
