// Core backups: a nightly logical Postgres dump to S3 (Ceph RGW) and VolumeSnapshots of the core claims.
// The Postgres instance and the claims are derived from the platform's other instances.
import { z } from 'zod';
import { NO_FOOTPRINT } from '../../dsl/footprint.ts';
import { defineComponent, externalSecretRule, type DeriveContext } from '../../dsl/component.ts';
import { cron, dnsLabel, k8sName, k8sObject, labelValue, port, text } from '../../dsl/primitives.ts';
import { RULES, defineRule } from '../../dsl/rules.ts';
import {
  appgearMeta, chartBasics, image, mesh, resources, scheduling, secretRef, security, serviceAccount,
} from '../../dsl/workload.ts';
import { providersOf } from '../../dsl/endpoints.ts';
import { CORE_MAINTAINERS, CORE_META } from '../core-defaults.ts';

const keyPrefix = defineRule({
  id: 's3-key-prefix',
  allowed: 'an S3 key prefix: letters, digits, "/", "!", "-", "_", ".", "*", "\'", "(" and ")", not starting with "/"',
  pattern: "[A-Za-z0-9!_.*'()-][A-Za-z0-9!_.*'()/-]*",
  maxLength: 512,
  example: 'postgres/nightly',
  counterExample: '/postgres dumps',
});

const peer = {
  instance: dnsLabel().describe('Umbrella key (alias) of the instance; its objects are named "<release>-<instance>"'),
  fullnameOverride: text(RULES.dnsLabel, { allowEmpty: true }).default('').describe('The instance\'s fullnameOverride, when it sets one'),
};

export const backupValues = z.strictObject({
  ...chartBasics(),
  postgres: z.strictObject({
    ...peer,
    instance: peer.instance.default('postgres'),
    port: port().default(5432).describe('Port of the Postgres Service'),
    database: text(RULES.sqlIdentifier).default('appgear').describe('Database to dump'),
    secretName: k8sName({ optional: true }).default('').describe('Secret with the Postgres credentials ("" = "<postgres fullname>-credentials")'),
    keys: z.strictObject({
      username: text(RULES.secretKey).default('username').describe('Key of the user name'),
      password: text(RULES.secretKey).default('password').describe('Key of the password'),
    }).prefault({}),
  }).prefault({}),
  logical: z.strictObject({
    enabled: z.boolean().default(true).describe('Nightly pg_dump to S3'),
    schedule: cron().default('0 3 * * *').describe('Cron schedule (UTC)'),
    startingDeadlineSeconds: z.number().int().min(10).default(600).describe('A run that could not start within this many seconds of its time is skipped (counted as missed)'),
    retentionDays: z.number().int().min(1).default(14).describe('Dumps older than this are deleted from the bucket'),
    dumpImage: image({ registry: 'docker.io', repository: 'library/postgres', tag: '16.10' }),
    uploadImage: image({ registry: 'docker.io', repository: 'amazon/aws-cli', tag: '2.31.7' }),
    s3: z.strictObject({
      bucket: text(RULES.s3Bucket).default('appgear-backups').describe('Bucket the dumps go to'),
      prefix: text(keyPrefix, { allowEmpty: true }).default('postgres').describe('Key prefix inside the bucket'),
      endpoint: text(RULES.httpUrl, { allowEmpty: true }).default('http://rook-ceph-rgw-ceph-objectstore.rook-ceph.svc').describe('S3 endpoint ("" = AWS)'),
      region: text(RULES.dnsLabel).default('us-east-1').describe('S3 region'),
    }).prefault({}),
    s3Credentials: secretRef({ keys: { accessKeyId: 'AWS_ACCESS_KEY_ID', secretAccessKey: 'AWS_SECRET_ACCESS_KEY' }, remoteKey: 'kv/appgear/ceph/backup-s3' }),
    resources: resources({ requests: { cpu: '200m', memory: '512Mi' }, limits: { cpu: '500m', memory: '1Gi' } }),
  }).prefault({}),
  snapshots: z.strictObject({
    enabled: z.boolean().default(true).describe('VolumeSnapshots of the claims below (needs global.capabilities.snapshots)'),
    className: k8sName().default('ceph-rbd-snapclass').describe('VolumeSnapshotClass'),
    suffix: dnsLabel().default('baseline').describe('Snapshot name is "<claim>-<suffix>"'),
    targets: z.array(z.strictObject({
      ...peer,
      replicas: z.number().int().min(1).default(1).describe('Ordinals 0..replicas-1 of the StatefulSet'),
      profile: labelValue().default('').describe('appgear.io/backup-profile label'),
    })).default([]).describe('StatefulSets whose "data" claims are snapshotted'),
  }).prefault({}),
  networkPolicy: z.strictObject({
    enabled: z.boolean().default(true).describe('Deny all ingress; allow egress only to DNS, the Postgres pods and the S3 ports'),
    s3Ports: z.array(port()).min(1).default([443, 80]).describe('Ports of the S3 endpoint the upload may reach (any address: the endpoint may be outside the cluster)'),
    extraEgress: z.array(k8sObject()).default([]).describe('Extra NetworkPolicy egress rules, verbatim'),
  }).prefault({}),
  securityContext: security({ runAsUser: 999, runAsGroup: 999, fsGroup: 999, readOnlyRootFilesystem: true }),
  serviceAccount: serviceAccount(),
  // A classic Istio sidecar never exits, so the Job would never complete: on only with native sidecars.
  ...mesh({ backupProfile: 'core-backup', sidecarInject: false }),
  appgear: appgearMeta(CORE_META),
  ...scheduling(),
});

/**
 * From the instances it uses: the PostgreSQL server to dump, every data claim to snapshot, and the snapshot
 * class of the storage provider.
 */
function derive({ uses }: DeriveContext) {
  const [pg] = providersOf(uses, 'postgresql');
  const [snapshotClass] = providersOf(uses, 'snapshotClass');
  const targets = providersOf(uses, 'claims').map((c) => ({ instance: c.instance, fullnameOverride: c.fullnameOverride, replicas: c.replicas, profile: c.profile }));
  return {
    ...(pg && {
      postgres: {
        instance: pg.instance,
        fullnameOverride: pg.fullnameOverride,
        port: pg.port,
        database: pg.database,
        secretName: pg.credentials.secretName,
        keys: pg.credentials.keys,
      },
    }),
    snapshots: { targets, ...(snapshotClass && { className: snapshotClass.name }) },
  };
}

export const backup = defineComponent({
  id: 'backup',
  chart: {
    name: 'core-backup',
    version: '0.3.3',
    appVersion: '16.10',
    title: 'Core backups',
    description: 'Backups of the AppGear core: a logical Postgres dump to S3 on a schedule, and VolumeSnapshots of the datastore claims.',
    keywords: ['backup', 'postgresql', 'volumesnapshot', 's3', 'appgear'],
    category: 'storage',
    home: 'https://www.postgresql.org/docs/current/app-pgdump.html',
    maintainers: CORE_MAINTAINERS,
  },
  values: backupValues,
  templatesDir: new URL('./templates/', import.meta.url),
  capabilities: {
    // The dump (an init container) and the upload run one after the other with the same resources.
    footprint: (v) => (v.logical.enabled
      ? { pods: [{ kind: 'CronJob', replicas: 1, replicasFrom: 'one run (concurrencyPolicy Forbid)', containers: [v.logical.resources], initContainers: [v.logical.resources] }], claims: [] }
      : NO_FOOTPRINT),
    workloads: ['CronJob'],
    ports: [],
    secrets: [{ path: 'logical.s3Credentials', suffix: 's3', enabledBy: 'logical.enabled' }],
    images: ['logical.dumpImage', 'logical.uploadImage'],
    crds: ['snapshot.storage.k8s.io/v1/VolumeSnapshot', 'external-secrets.io/v1/ExternalSecret'],
    podSecurity: { level: 'restricted' },
    rules: [externalSecretRule('logical.s3Credentials')],
    gated: [{ what: 'the VolumeSnapshots of snapshots.targets', needs: 'global.capabilities.snapshots', when: 'snapshots.enabled' }],
  },
  needs: { postgresql: 'one', claims: 'any', snapshotClass: 'any' },
  derive,
  notes: 'Dumps go to s3://<bucket>/<prefix>/; VolumeSnapshots render when global.capabilities.snapshots is true.',
  scenarios: {
    snapshots: {
      global: { capabilities: { snapshots: true } },
      snapshots: { targets: [{ instance: 'postgres', profile: 'core-postgres' }, { instance: 'redpanda', replicas: 3, profile: 'core-redpanda' }] },
    },
    'aws-s3': { logical: { schedule: '@daily', retentionDays: 30, s3: { endpoint: '', bucket: 'acme-appgear-backups', region: 'eu-west-1' } } },
  },
});
