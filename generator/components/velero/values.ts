// The values of the disaster-recovery chart: the Velero server and its plugins, where backups go (S3 locations
// and CSI snapshots), what is backed up when (Schedules), monitoring, and the Day-0 restore.
import { z } from 'zod';
import { cron, dnsLabel, duration, imageDigest, imageTag, k8sName, k8sObject, labelMap, labelValue, port, stringMap, text } from '../../dsl/primitives.ts';
import { RULES, defineRule } from '../../dsl/rules.ts';
import {
  appgearMeta, chartBasics, image, mesh, pdb, probes, resources, scheduling, secretRef, security, serviceAccount,
} from '../../dsl/workload.ts';
import { CORE_META, STANDARD_PROBES } from '../core-defaults.ts';

const namespacePattern = defineRule({
  id: 'namespace-pattern',
  allowed: 'a namespace name, or a pattern of one with "*" (any characters, never two in a row) and "?" (one character) such as "ws-*"; "*" alone is every namespace',
  pattern: '\\*|(\\*?[-a-z0-9?])+\\*?',
  maxLength: 63,
  example: 'ws-*',
  counterExample: 'WS_**',
});

const resourceName = defineRule({
  id: 'resource-name',
  allowed: 'a resource name such as "pods", "deployments.apps" or "events.events.k8s.io" (the plural resource, optionally followed by "." and its API group), or "*"',
  pattern: '\\*|[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*',
  maxLength: 253,
  example: 'events.events.k8s.io',
  counterExample: 'Pods!',
});

const bucketPrefix = defineRule({
  id: 'bucket-prefix',
  allowed: 'a path inside the bucket such as "appgear-platform" or "dr/appgear": letters, digits, "-", "_" and ".", in parts joined by "/", not starting or ending with "/"',
  pattern: '[A-Za-z0-9._-]+(/[A-Za-z0-9._-]+)*',
  maxLength: 512,
  example: 'appgear-platform',
  counterExample: '/appgear-platform/',
});

const csiDriver = defineRule({
  id: 'csi-driver',
  allowed: 'a CSI driver name such as "rook-ceph.rbd.csi.ceph.com": lowercase letters, digits, "-" and ".", starting and ending with a letter or digit, at most 38 characters (it ends the annotation key "velero.io/csi-volumesnapshot-class_<driver>")',
  pattern: '[a-z0-9]([-a-z0-9.]*[a-z0-9])?',
  maxLength: 38,
  example: 'rook-ceph.rbd.csi.ceph.com',
  counterExample: 'Rook Ceph',
});

const namespaces = (what: string) => z.array(text(namespacePattern)).default([]).describe(what);
const resourceNames = (what: string) => z.array(text(resourceName)).default([]).describe(what);

/** A plugin image: in a list item Helm fills no defaults, so the repository and tag are always written. */
const pluginImage = z.strictObject({
  registry: text(RULES.imageRegistry, { allowEmpty: true }).default('docker.io').describe('Image registry (overridden by global.imageRegistry when set)'),
  repository: text(RULES.imageRepository).describe('Image repository'),
  tag: imageTag().describe('Image tag, pinned (never "latest")'),
  digest: imageDigest().default('').describe('Image digest (sha256:...); when set it is used with the tag'),
  pullPolicy: z.enum(['IfNotPresent', 'Always', 'Never']).default('IfNotPresent').describe('Image pull policy'),
});

const plugin = z.strictObject({
  name: dnsLabel().describe('Plugin name; its init container is "plugin-<name>"'),
  image: pluginImage.describe('Its image: repository and tag (pinned) required; registry "docker.io", digest "" and pullPolicy "IfNotPresent" by default'),
});

const location = z.strictObject({
  name: dnsLabel().describe('BackupStorageLocation name'),
  bucket: text(RULES.s3Bucket).describe('Bucket the backups go to (required)'),
  prefix: text(bucketPrefix, { allowEmpty: true }).default('').describe('Path inside the bucket ("" = the bucket\'s root)'),
  region: text(RULES.dnsLabel).describe('S3 region (required: path-style addressing needs it; MinIO and Ceph RGW take any, e.g. "us-east-1")'),
  s3Url: text(RULES.httpUrl, { allowEmpty: true }).default('').describe('S3 endpoint ("" = AWS S3)'),
  s3ForcePathStyle: z.boolean().default(false).describe('Path-style addressing (MinIO, Ceph RGW and most S3-compatible stores)'),
  caCertSecret: k8sName({ optional: true }).default('').describe('Secret in the release namespace holding the CA bundle of the endpoint (caCertRef); "" trusts the system CAs'),
  caCertKey: text(RULES.secretKey).default('ca.crt').describe('Key of the CA bundle in caCertSecret'),
  config: stringMap().default({}).describe('More settings of the AWS plugin, verbatim (e.g. checksumAlgorithm); the fields above win'),
  default: z.boolean().default(false).describe('Where backups go unless their schedule names another location (exactly one location is the default)'),
  accessMode: z.enum(['ReadWrite', 'ReadOnly']).default('ReadWrite').describe('ReadOnly: restore from it, never write or delete (restoreMode makes every location ReadOnly)'),
});

// The backup's labelSelector, flat in the schedule: Helm fills no defaults in list items, so a nested object
// could be missing at install time.
const matchExpression = z.strictObject({
  key: text(RULES.qualifiedKey).describe('Label key'),
  operator: z.enum(['In', 'NotIn', 'Exists', 'DoesNotExist']).describe('How the label is compared'),
  values: z.array(labelValue()).default([]).describe('Values (In and NotIn)'),
});

const schedule = z.strictObject({
  name: dnsLabel().describe('Schedule name; its backups are named "<name>-<yyyyMMddHHmmss>"'),
  schedule: cron().describe('When to back up (cron, UTC)'),
  ttl: duration().describe('How long each backup is kept, e.g. "720h" (30 days); Velero deletes it from the bucket afterwards'),
  alertAfterHours: z.number().int().min(1).describe('VeleroNoRecentBackup fires when the newest successful backup of this schedule is older than this'),
  includedNamespaces: namespaces('Namespaces (or patterns such as "ws-*") to back up; [] = every namespace'),
  excludedNamespaces: namespaces('Namespaces (or patterns) left out'),
  includedResources: resourceNames('Resources to back up; [] = every resource'),
  excludedResources: resourceNames('Resources left out'),
  matchLabels: labelMap().default({}).describe('Back up only objects (not namespaces) with these labels (the backup\'s labelSelector); {} = every object'),
  matchExpressions: z.array(matchExpression).default([]).describe('Label expressions those objects must meet too'),
  snapshotVolumes: z.boolean().default(true).describe('Snapshot the persistent volumes of the claims it backs up'),
  storageLocation: text(RULES.dnsLabel, { allowEmpty: true }).default('').describe('BackupStorageLocation ("" = the default location)'),
  useOwnerReferencesInBackup: z.boolean().default(true).describe('Its backups are owned by the Schedule, so Argo CD neither prunes them nor reports them OutOfSync'),
  paused: z.boolean().default(false).describe('Take no backups (restoreMode pauses every schedule)'),
});

const restoreStep = z.strictObject({
  schedule: dnsLabel().describe('Schedule whose newest completed backup this step restores from'),
  namespaces: namespaces('Namespaces (or patterns) this step restores; [] = everything in the backup'),
});

/** The document's namespaces of the core infrastructure (module 15). */
const CORE_NAMESPACES = ['argocd', 'security', 'appgear-core', 'backstage', 'observability', 'velero'];
const NO_EVENTS = ['events', 'events.events.k8s.io'];

export const veleroValues = z.strictObject({
  ...chartBasics(),
  image: image({ registry: 'docker.io', repository: 'velero/velero', tag: 'v1.18.3' }),
  logLevel: z.enum(['panic', 'fatal', 'error', 'warning', 'info', 'debug', 'trace']).default('info').describe('Velero server log level'),
  logFormat: z.enum(['text', 'json']).default('json').describe('Velero server log format'),
  plugins: z.array(plugin).min(1).default([
    { name: 'aws', image: { registry: 'docker.io', repository: 'velero/velero-plugin-for-aws', tag: 'v1.14.3', digest: '', pullPolicy: 'IfNotPresent' } },
  ]).describe('Plugins, each an init container that copies its binary into the folder Velero loads plugins from (the locations need the AWS one)'),
  pluginResources: resources({ requests: { cpu: '10m', memory: '32Mi', 'ephemeral-storage': '50Mi' }, limits: { cpu: '200m', memory: '128Mi', 'ephemeral-storage': '256Mi' } }),
  credentials: secretRef({ keys: { cloud: 'cloud' }, remoteKey: 'kv/appgear/velero/dr-s3' }),
  backupStorageLocations: z.array(location).min(1).default([{
    name: 'dr-s3-external', bucket: 'appgear-dr', prefix: 'appgear-platform', region: 'us-east-1', s3Url: '', s3ForcePathStyle: true,
    caCertSecret: '', caCertKey: 'ca.crt', config: {}, default: true, accessMode: 'ReadWrite',
  }]).describe('S3-compatible locations backups are written to (AWS plugin); credentials from the credentials Secret'),
  csi: z.strictObject({
    enabled: z.boolean().default(true).describe('Snapshot volumes through CSI (needs global.capabilities.snapshots): --features=EnableCSI, the VolumeSnapshotLocation, and the snapshot class on every schedule'),
    locationName: dnsLabel().default('dr-ceph-csi').describe('VolumeSnapshotLocation name (provider csi)'),
    snapshotClass: k8sName().default('ceph-rbd-snapclass').describe('VolumeSnapshotClass Velero uses for the driver\'s volumes (derived from a used storage instance)'),
    driver: text(csiDriver).default('rook-ceph.rbd.csi.ceph.com').describe('CSI driver of that class (derived from a used storage instance)'),
  }).prefault({}),
  schedules: z.array(schedule).default([
    {
      name: 'core-infra-daily', schedule: '0 1 * * *', ttl: '720h', alertAfterHours: 26,
      includedNamespaces: CORE_NAMESPACES, excludedResources: NO_EVENTS,
    },
    {
      // Velero's labelSelector picks objects, not namespaces: a workspace opts in by labelling every object.
      name: 'workspaces-daily', schedule: '0 2 * * *', ttl: '336h', alertAfterHours: 26,
      includedNamespaces: ['ws-*'], excludedResources: NO_EVENTS,
      matchLabels: { 'appgear.io/backup-enabled': 'true' },
    },
    {
      name: 'cluster-full-weekly', schedule: '0 3 * * 0', ttl: '2160h', alertAfterHours: 170,
      includedNamespaces: ['*'], excludedNamespaces: ['kube-node-lease', 'kube-public', 'kube-system', 'rook-ceph', 'ws-tmp'],
      excludedResources: [...NO_EVENTS, 'jobs', 'pods'],
    },
  ].map((s) => schedule.parse(s))).describe('Backups on a schedule (Velero Schedules)'),
  restoreMode: z.boolean().default(false).describe('Day-0 restore: every schedule paused, every location ReadOnly, and the cluster-wide write access restores need bound; false again once restored'),
  restoreOrder: z.array(restoreStep).default([
    { schedule: 'core-infra-daily', namespaces: ['security'] },
    { schedule: 'core-infra-daily', namespaces: ['appgear-core'] },
    { schedule: 'core-infra-daily', namespaces: ['argocd', 'observability', 'backstage'] },
    { schedule: 'workspaces-daily', namespaces: [] },
  ]).describe('The Day-0 runbook\'s restores, in order (README and NOTES.txt)'),
  rbac: z.strictObject({
    hooks: z.boolean().default(false).describe('Let Velero exec into pods for backup and restore hooks (pods/exec, cluster-wide)'),
  }).prefault({}),
  metrics: z.strictObject({
    enabled: z.boolean().default(true).describe('Metrics Service; ServiceMonitor and PrometheusRule with global.capabilities.prometheusOperator'),
    port: port().default(8085).describe('Metrics port of the server'),
    serviceMonitor: z.strictObject({
      enabled: z.boolean().default(true).describe('Render a ServiceMonitor'),
      labels: labelMap().default({}).describe('Extra labels (e.g. what the Prometheus selects ServiceMonitors by)'),
    }).prefault({}),
    prometheusRule: z.strictObject({
      enabled: z.boolean().default(true).describe('Render the backup alerts (failed, partially failed, location unavailable, no recent backup)'),
      labels: labelMap().default({}).describe('Extra labels (e.g. what the Prometheus selects rules by)'),
    }).prefault({}),
  }).prefault({}),
  networkPolicy: z.strictObject({
    enabled: z.boolean().default(true).describe('Allow ingress only to the metrics port and egress only to DNS, the API server and the locations\' endpoints'),
    allowedNamespaces: z.array(dnsLabel()).default(['observability']).describe('Namespaces whose pods may scrape the metrics (the release namespace always may)'),
    apiServerPorts: z.array(port()).min(1).default([443, 6443]).describe('Ports of the Kubernetes API server (any address: it is not a pod)'),
    extraEgress: z.array(k8sObject()).default([]).describe('Extra NetworkPolicy egress rules, verbatim'),
  }).prefault({}),
  resources: resources({ requests: { cpu: '500m', memory: '512Mi', 'ephemeral-storage': '256Mi' }, limits: { cpu: '1', memory: '1Gi', 'ephemeral-storage': '4Gi' } }),
  securityContext: security({ runAsUser: 65532, runAsGroup: 65532, fsGroup: 65532, readOnlyRootFilesystem: true }),
  probes: probes(STANDARD_PROBES),
  serviceAccount: serviceAccount(),
  pdb: pdb(),
  ...mesh({ backupProfile: 'core-dr' }),
  appgear: appgearMeta(CORE_META),
  ...scheduling(),
});

export type VeleroValues = z.output<typeof veleroValues>;

/** The item schemas of the chart's lists, for the README. */
export const listItems: Record<string, z.ZodObject> = {
  plugins: plugin, backupStorageLocations: location, schedules: schedule, 'schedules[].matchExpressions': matchExpression, restoreOrder: restoreStep,
};
