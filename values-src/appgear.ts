// The AppGear reference platform: module 04 (storage and core databases) as the storage document
// describes it. Released as "core" into namespace "appgear-core", objects are named core-postgres,
// core-redis, core-qdrant, core-rabbitmq, core-redpanda; Ceph objects live in "rook-ceph".
import { backup, ceph, definePlatform, gitops, postgres, qdrant, rabbitmq, redis, redpanda } from 'appgear-charts';

export default definePlatform({
  name: 'appgear',
  version: '0.4.1',
  description: 'The AppGear platform: Rook-Ceph storage, core datastores and brokers, backups and GitOps, with FinOps labels and secure defaults.',
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
    postgres: postgres({
      persistence: { size: '200Gi' },
      credentials: { externalSecret: { enabled: true, remoteKey: 'kv/appgear/postgres/config' } },
    }),
    redis: redis({
      persistence: { size: '20Gi' },
    }),
    qdrant: qdrant({
      persistence: { size: '200Gi' },
    }),
    rabbitmq: rabbitmq({
      persistence: { size: '100Gi' },
      credentials: { externalSecret: { enabled: true } },
      erlangCookie: { externalSecret: { enabled: true } },
    }),
    redpanda: redpanda({
      replicas: 3,
      persistence: { size: '500Gi' },
    }),
    // The Postgres instance and the claims to snapshot are derived from the components above.
    backup: backup({
      logical: { schedule: '0 3 * * *', s3Credentials: { externalSecret: { enabled: true } } },
    }),
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
