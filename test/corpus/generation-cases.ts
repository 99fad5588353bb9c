// Bad values modules: one mistake each in a copy of the corpus platform, refused by `appgear-charts generate`.
import { type PlatformData, setPath } from './platform.ts';

export interface GenerationCase {
  what: string;
  /** Rule ids of rules.ts and classes of check this case exercises (coverage is asserted). */
  covers: string[];
  change: (p: PlatformData) => void;
  /** The full value path the generator must name, once. */
  path: string;
  /** Text the problem line must contain besides "expected" (usually how the value is shown). */
  says: string;
}

const at = (key: string, path: string, value: unknown) => (p: PlatformData) => setPath(p.components[key]!.values, path, value);
const glob = (path: string, value: unknown) => (p: PlatformData) => setPath(p.global, path, value);
const env = (name: string, path: string, value: unknown) => (p: PlatformData) => setPath((p.environments[name] ??= {}), path, value);
const suite = (key: string, path: string, value: unknown) => (p: PlatformData) => setPath(p.suites![key]!.values, path, value);
const workspace = (i: number, path: string, value: unknown) => (p: PlatformData) => setPath(p.workspaces![i]!, path, value);
const both = (...fs: ((p: PlatformData) => void)[]) => (p: PlatformData) => fs.forEach((f) => f(p));

const R = 'r'.repeat(60);
// Whole list items (a list replaces the default one): a Velero schedule and location with one mistake each.
const schedule = (over: Record<string, unknown>) => [{ name: 'core-daily', schedule: '0 1 * * *', ttl: '720h', alertAfterHours: 26, ...over }];
const location = (over: Record<string, unknown>) => [{ name: 'dr-s3-external', bucket: 'appgear-dr', region: 'us-east-1', default: true, ...over }];

export const generationCases: GenerationCase[] = [
  // One per rule of rules.ts (and the rules components register with defineRule).
  { what: 'nameOverride that is no DNS label', covers: ['dns-label'], change: at('postgres', 'nameOverride', 'My_Postgres'), path: 'components.postgres.nameOverride', says: 'found "My_Postgres"' },
  { what: 'StorageClass with capitals', covers: ['object-name'], change: at('postgres', 'persistence.storageClass', 'Ceph-Block'), path: 'components.postgres.persistence.storageClass', says: 'found "Ceph-Block"' },
  { what: 'pod label value with a space', covers: ['label-value'], change: at('redis', 'podLabels.team', 'bad value!'), path: 'components.redis.podLabels.team', says: 'found "bad value!"' },
  { what: 'common label key with a space', covers: ['label-key'], change: at('redis', 'commonLabels', { 'bad key!': 'x' }), path: 'components.redis.commonLabels (key "bad key!")', says: 'found "bad key!"' },
  { what: 'CPU in words', covers: ['cpu-quantity'], change: at('qdrant', 'resources.limits.cpu', 'two cores'), path: 'components.qdrant.resources.limits.cpu', says: 'found "two cores"' },
  { what: 'memory in words', covers: ['memory-quantity'], change: at('rabbitmq', 'resources.requests.memory', 'lots'), path: 'components.rabbitmq.resources.requests.memory', says: 'found "lots"' },
  { what: 'storage size of zero', covers: ['storage-size'], change: at('postgres', 'persistence.size', '0Gi'), path: 'components.postgres.persistence.size', says: 'found "0Gi"' },
  { what: 'image registry with a space', covers: ['image-registry'], change: at('redis', 'image.registry', 'Registry Acme!'), path: 'components.redis.image.registry', says: 'found "Registry Acme!"' },
  { what: 'global image registry with a space', covers: ['image-registry'], change: glob('imageRegistry', 'Registry Acme!'), path: 'global.imageRegistry', says: 'found "Registry Acme!"' },
  { what: 'image repository with capitals', covers: ['image-repository'], change: at('qdrant', 'image.repository', 'Qdrant/Qdrant'), path: 'components.qdrant.image.repository', says: 'found "Qdrant/Qdrant"' },
  { what: '"latest" image tag', covers: ['image-tag'], change: at('postgres', 'image.tag', 'latest'), path: 'components.postgres.image.tag', says: 'found "latest"' },
  { what: 'image digest that is not sha256', covers: ['image-digest'], change: at('redis', 'image.digest', 'md5:abc'), path: 'components.redis.image.digest', says: 'found "md5:abc"' },
  { what: 'refresh interval in words', covers: ['go-duration'], change: at('postgres', 'credentials.externalSecret.refreshInterval', '1 hour'), path: 'components.postgres.credentials.externalSecret.refreshInterval', says: 'found "1 hour"' },
  { what: 'cron with minute 61 and hour 25', covers: ['cron'], change: at('backup', 'logical.schedule', '61 25 * * *'), path: 'components.backup.logical.schedule', says: 'found "61 25 * * *"' },
  { what: 'S3 endpoint that is no URL', covers: ['http-url'], change: at('backup', 'logical.s3.endpoint', 'not a url'), path: 'components.backup.logical.s3.endpoint', says: 'found "not a url"' },
  { what: 'operator chart repository that is no URL', covers: ['repository-url'], change: at('ceph', 'operator.argocdApplication.repoURL', 'not a url'), path: 'components.ceph.operator.argocdApplication.repoURL', says: 'found "not a url"' },
  { what: 'delivery cluster server that is no URL', covers: ['http-url'], change: (p) => setPath(p.delivery!, 'environments.staging.generator', { kind: 'list', clusters: [{ name: 'eu1', server: 'eu1.example.com' }] }), path: 'delivery.environments.staging.generator.clusters[0].server', says: 'found "eu1.example.com"' },
  { what: 'S3 bucket with a space', covers: ['s3-bucket'], change: at('backup', 'logical.s3.bucket', 'My Bucket!'), path: 'components.backup.logical.s3.bucket', says: 'found "My Bucket!"' },
  { what: 'relative mount path', covers: ['absolute-path'], change: at('redis', 'persistence.mountPath', 'data'), path: 'components.redis.persistence.mountPath', says: 'found "data"' },
  { what: 'maxUnavailable of 150%', covers: ['percentage'], change: at('postgres', 'pdb.maxUnavailable', '150%'), path: 'components.postgres.pdb.maxUnavailable', says: 'found "150%"' },
  { what: 'Secret key with a space', covers: ['secret-key'], change: at('postgres', 'credentials.keys.password', 'pass word'), path: 'components.postgres.credentials.keys.password', says: 'found "pass word"' },
  { what: 'database name with a dash', covers: ['sql-identifier'], change: at('postgres', 'database', 'app-gear'), path: 'components.postgres.database', says: 'found "app-gear"' },
  { what: 'unpinned operator chart version', covers: ['pinned-version'], change: at('ceph', 'operator.argocdApplication.targetRevision', '1.x'), path: 'components.ceph.operator.argocdApplication.targetRevision', says: 'found "1.x"' },
  { what: 'postgresql.conf key that is no parameter name', covers: ['postgres-parameter'], change: at('postgres', 'config', { 'Shared Buffers': '1GB' }), path: 'components.postgres.config (key "Shared Buffers")', says: 'found "Shared Buffers"' },
  { what: 'PostgreSQL memory in Kubernetes units', covers: ['postgres-memory'], change: at('postgres', 'config.shared_buffers', '2Gi'), path: 'components.postgres.config.shared_buffers', says: 'found "2Gi"' },
  { what: 'Redis maxmemory with a space', covers: ['redis-memory'], change: at('redis', 'maxmemory', '768 MB'), path: 'components.redis.maxmemory', says: 'found "768 MB"' },
  { what: 'Seastar memory in Kubernetes units', covers: ['seastar-memory'], change: at('redpanda', 'memory', '4Gi'), path: 'components.redpanda.memory', says: 'found "4Gi"' },
  { what: 'S3 prefix starting with "/"', covers: ['s3-key-prefix'], change: at('backup', 'logical.s3.prefix', '/pg dumps'), path: 'components.backup.logical.s3.prefix', says: 'found "/pg dumps"' },
  { what: 'Velero schedule taking a namespace pattern with "**"', covers: ['namespace-pattern'], change: at('dr', 'schedules', schedule({ includedNamespaces: ['WS_**'] })), path: 'components.dr.schedules[0].includedNamespaces[0]', says: 'found "WS_**"' },
  { what: 'Velero schedule leaving out a resource with capitals', covers: ['resource-name'], change: at('dr', 'schedules', schedule({ excludedResources: ['Pods!'] })), path: 'components.dr.schedules[0].excludedResources[0]', says: 'found "Pods!"' },
  { what: 'Velero location prefix starting with "/"', covers: ['bucket-prefix'], change: at('dr', 'backupStorageLocations', location({ prefix: '/appgear/' })), path: 'components.dr.backupStorageLocations[0].prefix', says: 'found "/appgear/"' },
  { what: 'CSI driver with a space', covers: ['csi-driver'], change: at('dr', 'csi.driver', 'Rook Ceph'), path: 'components.dr.csi.driver', says: 'found "Rook Ceph"' },
  { what: 'Velero schedule with minute 61', covers: ['cron'], change: at('dr', 'schedules', schedule({ schedule: '61 1 * * *' })), path: 'components.dr.schedules[0].schedule', says: 'found "61 1 * * *"' },
  { what: 'Velero schedule kept "30 days"', covers: ['go-duration'], change: at('dr', 'schedules', schedule({ ttl: '30 days' })), path: 'components.dr.schedules[0].ttl', says: 'found "30 days"' },
  { what: 'Velero schedule name with capitals', covers: ['dns-label'], change: at('dr', 'schedules', schedule({ name: 'Core_Daily' })), path: 'components.dr.schedules[0].name', says: 'found "Core_Daily"' },
  { what: 'suite domain with capitals', covers: ['dns-host'], change: suite('factory', 'ingress.domain', 'Factory.AppGear.io'), path: 'suites.factory.ingress.domain', says: 'found "Factory.AppGear.io"' },
  { what: 'workspace host with capitals (its own suite values)', covers: ['dns-host'], change: workspace(0, 'suites.factory.values.ingress.host', 'Alpha.Factory.Example.com'), path: 'workspaces[0].suites.factory.values.ingress.host', says: 'found "Alpha.Factory.Example.com"' },
  { what: 'Vault secret path starting with "/"', covers: ['vault-path'], change: suite('factory', 'codeServer.vaultSecrets.cde-config', '/addon-factory-vscode/config'), path: 'suites.factory.codeServer.vaultSecrets.cde-config', says: 'found "/addon-factory-vscode/config"' },
  { what: 'KEDA metric name with dashes', covers: ['prometheus-metric'], change: suite('factory', 'builder.keda.metric', 'builder-pending-jobs'), path: 'suites.factory.builder.keda.metric', says: 'found "builder-pending-jobs"' },
  { what: 'device filter that is no regular expression', covers: ['regex'], change: at('ceph', 'cluster.storage.deviceFilter', '['), path: 'components.ceph.cluster.storage.deviceFilter', says: 'found "["' },
  // Cross-field checks.
  { what: 'memory limit below the request (redpanda)', covers: ['requests-within-limits'], change: at('redpanda', 'resources.limits.memory', '1Gi'), path: 'components.redpanda.resources.requests.memory', says: 'the memory request "4Gi" is above the limit "1Gi"' },
  { what: 'Ceph OSD CPU limit below the request', covers: ['requests-within-limits'], change: at('ceph', 'cluster.resources.osd.limits.cpu', '500m'), path: 'components.ceph.cluster.resources.osd.requests.cpu', says: 'the cpu request "1" is above the limit "500m"' },
  { what: 'KEDA minimum above maximum', covers: ['min-not-above-max'], change: both(at('rabbitmq', 'keda.minReplicaCount', 5), at('rabbitmq', 'keda.maxReplicaCount', 2)), path: 'components.rabbitmq.keda.minReplicaCount', says: 'minReplicaCount 5 is above maxReplicaCount 2' },
  { what: 'ExternalSecret without the external-secrets capability', covers: ['needs-capability'], change: glob('capabilities.externalSecrets', false), path: 'components.postgres.credentials.externalSecret.enabled', says: 'expected global.capabilities.externalSecrets to be true, found false' },
  { what: 'Argo CD Application without Argo CD', covers: ['needs-capability'], change: glob('capabilities.argocd', false), path: 'components.ceph.operator.argocdApplication.enabled', says: 'expected global.capabilities.argocd to be true, found false' },
  { what: 'two default Velero locations', covers: ['exactly-one'], change: at('dr', 'backupStorageLocations', [...location({}), ...location({ name: 'second', bucket: 'appgear-dr-2' })]), path: 'components.dr.backupStorageLocations', says: 'expected exactly one item of backupStorageLocations with default: true, found 2' },
  { what: 'fullnameOverride too long once suffixed', covers: ['name-budget'], change: at('redis', 'fullnameOverride', R), path: 'components.redis.fullnameOverride', says: `objects would be named "${R}" (60 characters)` },
  // Shapes: enums, types, ranges, unknown keys.
  { what: 'bad enum (service type)', covers: ['enum'], change: at('postgres', 'service.type', 'Ingress'), path: 'components.postgres.service.type', says: 'found "Ingress"' },
  { what: 'bad enum (toleration effect)', covers: ['enum'], change: at('redis', 'tolerations', [{ key: 'dedicated', operator: 'Exists', effect: 'NoScheduel' }]), path: 'components.redis.tolerations[0].effect', says: 'found "NoScheduel"' },
  { what: 'bad global enum (topology)', covers: ['enum'], change: glob('topology', 'C'), path: 'global.topology', says: 'found "C"' },
  { what: 'string for a boolean', covers: ['type'], change: at('redis', 'persistence.enabled', 'yes'), path: 'components.redis.persistence.enabled', says: 'found "yes"' },
  { what: 'string for an integer (max_connections)', covers: ['type'], change: at('postgres', 'config.max_connections', 'lots'), path: 'components.postgres.config.max_connections', says: 'found "lots"' },
  { what: 'zero brokers', covers: ['range'], change: at('redpanda', 'replicas', 0), path: 'components.redpanda.replicas', says: 'found number 0' },
  { what: 'two code-servers on one workspace home', covers: ['range'], change: workspace(0, 'suites.factory.values.codeServer.keda.maxReplicaCount', 2), path: 'workspaces[0].suites.factory.values.codeServer.keda.maxReplicaCount', says: 'found number 2' },
  { what: 'port out of range', covers: ['range'], change: at('qdrant', 'service.ports.http', 70000), path: 'components.qdrant.service.ports.http', says: 'found number 70000' },
  { what: 'unknown component key (typo)', covers: ['unknown-key'], change: at('qdrant', 'persistance', { size: '1Gi' }), path: 'components.qdrant.persistance', says: 'unknown key' },
  { what: 'unknown global capability (typo)', covers: ['unknown-key', 'unknown-key-global'], change: glob('capabilites', { externalSecrets: true }), path: 'global.capabilites', says: 'unknown key' },
  // Environments (values-src `environments:` overlays).
  { what: 'environment: storage size of zero', covers: ['environment', 'storage-size'], change: env('staging', 'components.postgres.persistence.size', '0Gi'), path: 'environments.staging.components.postgres.persistence.size', says: 'found "0Gi"' },
  { what: 'environment: "latest" tag', covers: ['environment', 'image-tag'], change: env('production', 'components.redis.image.tag', 'latest'), path: 'environments.production.components.redis.image.tag', says: 'found "latest"' },
  { what: 'environment: unknown global capability', covers: ['environment', 'unknown-key-global'], change: env('staging', 'global.capabilites', { keda: true }), path: 'environments.staging.global.capabilites', says: 'unknown key' },
  { what: 'environment: capability switched off under an ExternalSecret', covers: ['environment', 'needs-capability'], change: env('staging', 'global.capabilities.externalSecrets', false), path: 'environments.staging.components.postgres.credentials.externalSecret.enabled', says: 'expected global.capabilities.externalSecrets to be true, found false' },
  { what: 'environment: request above limit', covers: ['environment', 'requests-within-limits'], change: env('staging', 'components.redis.resources.requests.memory', '8Gi'), path: 'environments.staging.components.redis.resources.requests.memory', says: 'the memory request "8Gi" is above the limit "1Gi"' },
  { what: 'environment: component the platform lacks', covers: ['environment', 'unknown-key'], change: env('staging', 'components.mysql', { enabled: true }), path: 'environments.staging.components.mysql', says: 'found "mysql"' },
  // Across instances and environments (generator/policy): the quota of an isolated namespace, and environments
  // that share a secret or a host.
  {
    what: 'quota the namespace outgrows', covers: ['quota-fit'],
    change: (p) => { p.components.isolation = { component: 'isolation', values: { quota: { hard: { 'requests.cpu': '4', 'requests.memory': '64Gi' } } } }; },
    path: 'components.isolation.quota.hard.requests.cpu', says: 'found 8400m (4400m over); the largest: redpanda: 3 StatefulSet pods (replicas) x 2 = 6',
  },
  { what: 'environment: Vault path of another environment', covers: ['environment', 'environment-separation'], change: env('staging', 'components.postgres.credentials.externalSecret.remoteKey', 'kv/appgear/postgres/config'), path: 'environments.production.components.postgres.credentials.externalSecret.remoteKey', says: 'which environment staging uses too (environments.staging.components.postgres.credentials.externalSecret.remoteKey)' },
  { what: 'environment: switch that is no boolean', covers: ['environment', 'type'], change: env('staging', 'components.qdrant.enabled', 'no'), path: 'environments.staging.components.qdrant.enabled', says: 'found "no"' },
];
