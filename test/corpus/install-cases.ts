// Bad install-time values: one mistake each, given to `helm template` of a freshly generated chart with
// --set / --set-string (a values file only where --set cannot say it), refused by the schema or the guard.
export interface InstallCase {
  what: string;
  /** Rule ids of rules.ts and classes of check this case exercises (coverage is asserted). */
  covers: string[];
  chart: string;
  /** Helm arguments carrying the mistake. */
  args: string[];
  /** Release name. @default "core" */
  release?: string;
  /** Values written to a file and passed with --values, for what --set cannot express. */
  values?: Record<string, unknown>;
  /** The value path Helm must name, once (inside the umbrella: prefixed with the instance key). */
  path: string;
  /** Text the message must contain. */
  says: string;
}

const s = (kv: string) => ['--set-string', kv];
const n = (kv: string) => ['--set', kv];
const R = 'r'.repeat(60);
// Whole list items (a list replaces the default one): a Velero schedule and location with one mistake each.
const schedule = (over: Record<string, unknown>) => [{ name: 'core-daily', schedule: '0 1 * * *', ttl: '720h', alertAfterHours: 26, ...over }];
const location = (over: Record<string, unknown>) => [{ name: 'dr-s3-external', bucket: 'appgear-dr', region: 'us-east-1', default: true, ...over }];

export const installCases: InstallCase[] = [
  // The classes the brief lists.
  { what: 'image registry with a space', covers: ['image-registry'], chart: 'core-redis', args: s('image.registry=Registry Acme!'), path: 'image.registry', says: 'found "Registry Acme!"' },
  { what: 'global image registry with a space (sub-chart alone)', covers: ['image-registry'], chart: 'core-qdrant', args: s('global.imageRegistry=Registry Acme!'), path: 'global.imageRegistry', says: 'found "Registry Acme!"' },
  { what: 'global image registry with a space (umbrella)', covers: ['image-registry'], chart: 'appgear', args: s('global.imageRegistry=Registry Acme!'), path: 'global.imageRegistry', says: 'found "Registry Acme!"' },
  { what: 'StorageClass with capitals', covers: ['object-name'], chart: 'core-postgres', args: s('persistence.storageClass=Ceph-Block'), path: 'persistence.storageClass', says: 'found "Ceph-Block"' },
  { what: 'common label key with a space', covers: ['label-key'], chart: 'core-redis', args: s('commonLabels.bad key!=x'), path: 'commonLabels (key "bad key!")', says: 'found "bad key!"' },
  { what: 'pod label value with a space', covers: ['label-value'], chart: 'core-rabbitmq', args: s('podLabels.team=bad value!'), path: 'podLabels.team', says: 'found "bad value!"' },
  { what: 'Postgres Secret name with a space (backup)', covers: ['object-name'], chart: 'core-backup', args: s('postgres.secretName=My Secret!'), path: 'postgres.secretName', says: 'found "My Secret!"' },
  { what: 'nameOverride that is no DNS label', covers: ['dns-label'], chart: 'core-postgres', args: s('nameOverride=My_Postgres'), path: 'nameOverride', says: 'found "My_Postgres"' },
  { what: 'priority class with a space', covers: ['object-name'], chart: 'core-qdrant', args: s('priorityClassName=High Priority'), path: 'priorityClassName', says: 'found "High Priority"' },
  { what: 'ServiceAccount name with capitals', covers: ['object-name'], chart: 'core-redis', args: s('serviceAccount.name=Redis_SA'), path: 'serviceAccount.name', says: 'found "Redis_SA"' },
  { what: 'S3 bucket with a space', covers: ['s3-bucket'], chart: 'core-backup', args: s('logical.s3.bucket=My Bucket!'), path: 'logical.s3.bucket', says: 'found "My Bucket!"' },
  { what: 'memory limit below the request (redpanda)', covers: ['requests-within-limits'], chart: 'core-redpanda', args: s('resources.limits.memory=1Gi'), path: 'resources.requests.memory', says: 'the memory request "4Gi" is above the limit "1Gi"' },
  { what: 'Ceph OSD CPU limit below the request', covers: ['requests-within-limits'], chart: 'core-ceph', args: s('cluster.resources.osd.limits.cpu=500m'), path: 'cluster.resources.osd.requests.cpu', says: 'the cpu request "1" is above the limit "500m"' },
  { what: 'KEDA minimum above maximum', covers: ['min-not-above-max'], chart: 'core-rabbitmq', args: [...n('keda.minReplicaCount=5'), ...n('keda.maxReplicaCount=2')], path: 'keda.minReplicaCount', says: 'minReplicaCount 5 is above maxReplicaCount 2; expected minReplicaCount no higher than maxReplicaCount' },
  { what: 'string for an integer (max_connections)', covers: ['type'], chart: 'core-postgres', args: s('config.max_connections=lots'), path: 'config.max_connections', says: 'want integer' },
  { what: 'cron with minute 61 and hour 25', covers: ['cron'], chart: 'core-backup', args: s('logical.schedule=61 25 * * *'), path: 'logical.schedule', says: 'found "61 25 * * *"' },
  { what: 'S3 endpoint that is no URL', covers: ['http-url'], chart: 'core-backup', args: s('logical.s3.endpoint=not a url'), path: 'logical.s3.endpoint', says: 'found "not a url"' },
  { what: 'bootstrap git repository that is no URL', covers: ['repository-url'], chart: 'appgear-bootstrap', args: s('source.git.repoURL=not a url'), path: 'source.git.repoURL', says: 'found "not a url"' },
  { what: 'storage size of zero', covers: ['storage-size'], chart: 'core-postgres', args: s('persistence.size=0Gi'), path: 'persistence.size', says: 'found "0Gi"' },
  { what: 'storage size of zero through the umbrella', covers: ['storage-size'], chart: 'appgear', args: s('postgres.persistence.size=0Gi'), path: 'postgres.persistence.size', says: 'found "0Gi"' },
  { what: 'maxUnavailable of 150%', covers: ['percentage'], chart: 'core-postgres', args: s('pdb.maxUnavailable=150%'), path: 'pdb.maxUnavailable', says: 'found "150%"' },
  { what: 'misspelt toleration effect', covers: ['enum'], chart: 'core-redis', args: s('tolerations[0].effect=NoScheduel'), path: 'tolerations[0].effect', says: "value must be one of 'NoSchedule'" },
  { what: 'device filter that is no regular expression', covers: ['regex'], chart: 'core-ceph', args: s('cluster.storage.deviceFilter=['), path: 'cluster.storage.deviceFilter', says: 'is not valid regex' },
  { what: 'misspelt global capability (sub-chart alone)', covers: ['unknown-key', 'unknown-key-global'], chart: 'core-postgres', args: n('global.capabilites.externalSecrets=true'), path: 'global.capabilites', says: 'unknown key' },
  { what: 'misspelt global capability (umbrella)', covers: ['unknown-key', 'unknown-key-global'], chart: 'appgear', args: n('global.capabilites.externalSecrets=true'), path: 'global.capabilites', says: "additional properties 'capabilites' not allowed" },
  { what: '"latest" image tag', covers: ['image-tag'], chart: 'core-redis', args: s('image.tag=latest'), path: 'image.tag', says: 'found "latest"' },
  // The other rules of rules.ts.
  { what: 'image repository with capitals', covers: ['image-repository'], chart: 'core-qdrant', args: s('image.repository=Qdrant/Qdrant'), path: 'image.repository', says: 'found "Qdrant/Qdrant"' },
  { what: 'image digest that is not sha256', covers: ['image-digest'], chart: 'core-rabbitmq', args: s('image.digest=md5:abc'), path: 'image.digest', says: 'found "md5:abc"' },
  { what: 'refresh interval in words', covers: ['go-duration'], chart: 'core-postgres', args: s('credentials.externalSecret.refreshInterval=1 hour'), path: 'credentials.externalSecret.refreshInterval', says: 'found "1 hour"' },
  { what: 'relative mount path', covers: ['absolute-path'], chart: 'core-redis', args: s('persistence.mountPath=data'), path: 'persistence.mountPath', says: 'found "data"' },
  { what: 'Secret key with a space', covers: ['secret-key'], chart: 'core-postgres', args: s('credentials.keys.password=pass word'), path: 'credentials.keys.password', says: 'found "pass word"' },
  { what: 'database name with a dash', covers: ['sql-identifier'], chart: 'core-backup', args: s('postgres.database=app-gear'), path: 'postgres.database', says: 'found "app-gear"' },
  { what: 'unpinned operator chart version', covers: ['pinned-version'], chart: 'core-ceph', args: s('operator.argocdApplication.targetRevision=1.x'), path: 'operator.argocdApplication.targetRevision', says: 'found "1.x"' },
  { what: 'CPU in words', covers: ['cpu-quantity'], chart: 'core-qdrant', args: s('resources.limits.cpu=two cores'), path: 'resources.limits.cpu', says: 'found "two cores"' },
  { what: 'memory in words', covers: ['memory-quantity'], chart: 'core-rabbitmq', args: s('resources.requests.memory=lots'), path: 'resources.requests.memory', says: 'found "lots"' },
  { what: 'postgresql.conf key that is no parameter name', covers: ['postgres-parameter'], chart: 'core-postgres', args: s('config.Shared Buffers=1GB'), path: 'config (key "Shared Buffers")', says: 'found "Shared Buffers"' },
  { what: 'PostgreSQL memory in Kubernetes units', covers: ['postgres-memory'], chart: 'core-postgres', args: s('config.shared_buffers=2Gi'), path: 'config.shared_buffers', says: 'found "2Gi"' },
  { what: 'Redis maxmemory with a space', covers: ['redis-memory'], chart: 'core-redis', args: s('maxmemory=768 MB'), path: 'maxmemory', says: 'found "768 MB"' },
  { what: 'Seastar memory in Kubernetes units', covers: ['seastar-memory'], chart: 'core-redpanda', args: s('memory=4Gi'), path: 'memory', says: 'found "4Gi"' },
  { what: 'S3 prefix starting with "/"', covers: ['s3-key-prefix'], chart: 'core-backup', args: s('logical.s3.prefix=/pg dumps'), path: 'logical.s3.prefix', says: 'found "/pg dumps"' },
  { what: 'Velero schedule taking a namespace pattern with "**"', covers: ['namespace-pattern'], chart: 'core-dr', args: [], values: { schedules: schedule({ includedNamespaces: ['WS_**'] }) }, path: 'schedules[0].includedNamespaces[0]', says: 'found "WS_**"' },
  { what: 'Velero schedule leaving out a resource with capitals', covers: ['resource-name'], chart: 'core-dr', args: [], values: { schedules: schedule({ excludedResources: ['Pods!'] }) }, path: 'schedules[0].excludedResources[0]', says: 'found "Pods!"' },
  { what: 'Velero location prefix starting with "/"', covers: ['bucket-prefix'], chart: 'core-dr', args: [], values: { backupStorageLocations: location({ prefix: '/appgear/' }) }, path: 'backupStorageLocations[0].prefix', says: 'found "/appgear/"' },
  { what: 'CSI driver with a space', covers: ['csi-driver'], chart: 'core-dr', args: s('csi.driver=Rook Ceph'), path: 'csi.driver', says: 'found "Rook Ceph"' },
  { what: 'Redis host with its port (factory)', covers: ['dns-host'], chart: 'factory', args: s('multiplayer.redis.host=core-redis:6379'), path: 'multiplayer.redis.host', says: 'found "core-redis:6379"' },
  { what: 'two code-servers on one workspace home', covers: ['range'], chart: 'factory', args: n('codeServer.replicas=2'), path: 'codeServer.replicas', says: 'got 2, want 1' },
  { what: 'Vault auth path ending with "/"', covers: ['vault-path'], chart: 'factory', args: s('vault.authPath=auth/kubernetes/'), path: 'vault.authPath', says: 'found "auth/kubernetes/"' },
  { what: 'KEDA metric name with a dot', covers: ['prometheus-metric'], chart: 'factory', args: s('multiplayer.keda.metric=multiplayer.active_sessions'), path: 'multiplayer.keda.metric', says: 'found "multiplayer.active_sessions"' },
  { what: 'Velero schedule kept "30 days" through the umbrella', covers: ['go-duration'], chart: 'appgear', args: [], values: { dr: { schedules: schedule({ ttl: '30 days' }) } }, path: 'dr.schedules[0].ttl', says: 'found "30 days"' },
  { what: 'Velero location without a bucket', covers: ['s3-bucket'], chart: 'core-dr', args: [], values: { backupStorageLocations: [{ name: 'dr-s3-external', region: 'us-east-1', default: true }] }, path: 'backupStorageLocations[0].bucket', says: "missing property 'bucket'" },
  // Cross-field rules, enums, types, unknown keys.
  { what: 'two default Velero locations', covers: ['exactly-one'], chart: 'core-dr', args: [], values: { backupStorageLocations: [...location({}), ...location({ name: 'second', bucket: 'appgear-dr-2' })] }, path: 'backupStorageLocations', says: 'expected exactly one item of backupStorageLocations with default: true, found 2' },
  { what: 'ExternalSecret without the external-secrets capability', covers: ['needs-capability'], chart: 'core-redis', args: n('credentials.externalSecret.enabled=true'), path: 'credentials.externalSecret.enabled', says: 'expected global.capabilities.externalSecrets to be true, found false' },
  { what: 'Argo CD Application without Argo CD', covers: ['needs-capability'], chart: 'core-ceph', args: n('operator.argocdApplication.enabled=true'), path: 'operator.argocdApplication.enabled', says: 'expected global.capabilities.argocd to be true, found false' },
  { what: 'fullnameOverride too long once suffixed', covers: ['name-budget'], chart: 'core-redis', args: s(`fullnameOverride=${R}`), path: 'fullnameOverride', says: `objects would be named "${R}" (60 characters)` },
  { what: 'release name too long once prefixed', covers: ['name-budget'], chart: 'core-postgres', args: [], release: 'r'.repeat(45), path: 'nameOverride', says: `(59 characters)` },
  { what: 'bad enum (service type)', covers: ['enum'], chart: 'core-postgres', args: s('service.type=Ingress'), path: 'service.type', says: "value must be one of 'ClusterIP'" },
  { what: 'string for a boolean', covers: ['type'], chart: 'core-redis', args: s('persistence.enabled=yes'), path: 'persistence.enabled', says: 'want boolean' },
  { what: 'unknown key (typo)', covers: ['unknown-key'], chart: 'core-qdrant', args: s('persistance.size=1Gi'), path: 'persistance', says: "additional properties 'persistance' not allowed" },
  { what: 'unknown key inside the umbrella', covers: ['unknown-key'], chart: 'appgear', args: s('redis.persistance.size=1Gi'), path: 'redis.persistance', says: "additional properties 'persistance' not allowed" },
  { what: 'label key with a dot and a space (values file)', covers: ['label-key'], chart: 'core-redpanda', args: [], values: { podLabels: { 'appgear.io/bad key': 'x' } }, path: 'podLabels (key "appgear.io/bad key")', says: 'found "appgear.io/bad key"' },
];
