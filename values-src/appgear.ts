// The AppGear reference platform: module 04 (storage and core databases) datastores, as the
// storage document sizes them. Released as "core" into namespace "appgear-core", objects are
// named core-postgres, core-redis, core-qdrant, core-rabbitmq, core-redpanda.
import { definePlatform, postgres, qdrant, rabbitmq, redis, redpanda } from 'appgear-charts';

export default definePlatform({
  name: 'appgear',
  version: '0.1.0',
  description: 'The AppGear platform: core datastores with FinOps labels, secure defaults and GitOps-ready values.',
  global: {
    tenantId: 'global',
    topology: 'B',
    environment: 'production',
    workspaceId: 'global',
    capabilities: { istio: true, externalSecrets: true },
  },
  components: {
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
  },
});
