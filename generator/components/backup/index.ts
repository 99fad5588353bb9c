// Core backups: a nightly logical Postgres dump to S3 (Ceph RGW) and VolumeSnapshots of the core claims.
// The Postgres instance and the claims are derived from the platform's other instances.
import { z } from 'zod';
import { defineComponent, externalSecretRule, type DeriveContext } from '../../dsl/component.ts';
import { dnsLabel, k8sName, labelValue } from '../../dsl/primitives.ts';
import {
  appgearMeta, chartBasics, image, mesh, resources, scheduling, secretRef, security, serviceAccount,
} from '../../dsl/workload.ts';
import { get } from '../../validate/resolvePlatform.ts';
import { CORE_META } from '../core-defaults.ts';

const peer = {
  instance: dnsLabel().describe('Umbrella key (alias) of the instance; its objects are named "<release>-<instance>"'),
  fullnameOverride: z.string().default('').describe('The instance\'s fullnameOverride, when it sets one'),
};

export const backupValues = z.strictObject({
  ...chartBasics(),
  postgres: z.strictObject({
    ...peer,
    instance: peer.instance.default('postgres'),
    port: z.number().int().min(1).max(65535).default(5432).describe('Port of the Postgres Service'),
    database: z.string().min(1).default('appgear').describe('Database to dump'),
    secretName: z.string().default('').describe('Secret with the Postgres credentials ("" = "<postgres fullname>-credentials")'),
    keys: z.strictObject({
      username: z.string().min(1).default('username').describe('Key of the user name'),
      password: z.string().min(1).default('password').describe('Key of the password'),
    }).prefault({}),
  }).prefault({}),
  logical: z.strictObject({
    enabled: z.boolean().default(true).describe('Nightly pg_dump to S3'),
    schedule: z.string().regex(/^(@(hourly|daily|weekly|monthly|yearly)|(\S+\s+){4}\S+)$/).default('0 3 * * *').describe('Cron schedule (UTC)'),
    retentionDays: z.number().int().min(1).default(14).describe('Dumps older than this are deleted from the bucket'),
    dumpImage: image({ registry: 'docker.io', repository: 'library/postgres', tag: '16.10' }),
    uploadImage: image({ registry: 'docker.io', repository: 'amazon/aws-cli', tag: '2.31.7' }),
    s3: z.strictObject({
      bucket: z.string().min(3).default('appgear-backups').describe('Bucket the dumps go to'),
      prefix: z.string().default('postgres').describe('Key prefix inside the bucket'),
      endpoint: z.string().default('http://rook-ceph-rgw-ceph-objectstore.rook-ceph.svc').describe('S3 endpoint ("" = AWS)'),
      region: z.string().default('us-east-1').describe('S3 region'),
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
  securityContext: security({ runAsUser: 999, runAsGroup: 999, fsGroup: 999, readOnlyRootFilesystem: true }),
  serviceAccount: serviceAccount(),
  // A classic Istio sidecar never exits, so the Job would never complete: on only with native sidecars.
  ...mesh({ backupProfile: 'core-backup', sidecarInject: false }),
  appgear: appgearMeta(CORE_META),
  ...scheduling(),
});

/** The Postgres instance and every StatefulSet with persistent claims, from the rest of the platform. */
function derive({ instances }: DeriveContext) {
  const pg = instances.find((i) => i.capabilities.provides?.includes('postgresql'));
  const targets = instances
    .filter((i) => i.capabilities.claims && get(i.values, 'persistence.enabled') === true)
    .map((i) => {
      const r = i.capabilities.claims!.replicas;
      return {
        instance: i.key,
        fullnameOverride: get(i.values, 'fullnameOverride'),
        replicas: typeof r === 'number' ? r : get(i.values, r),
        profile: get(i.values, 'backup.profile') ?? '',
      };
    });
  return {
    ...(pg && {
      postgres: {
        instance: pg.key,
        fullnameOverride: get(pg.values, 'fullnameOverride'),
        port: get(pg.values, 'service.ports.postgres'),
        database: get(pg.values, 'database'),
        secretName: get(pg.values, 'credentials.secretName'),
        keys: get(pg.values, 'credentials.keys'),
      },
    }),
    snapshots: { targets },
  };
}

export const backup = defineComponent({
  id: 'backup',
  chart: {
    name: 'core-backup',
    version: '0.1.0',
    appVersion: '16.10',
    title: 'Core backups',
    description: 'Backups of the AppGear core: a logical Postgres dump to S3 on a schedule, and VolumeSnapshots of the datastore claims.',
    keywords: ['backup', 'postgresql', 'volumesnapshot', 's3', 'appgear'],
    category: 'storage',
    home: 'https://www.postgresql.org/docs/current/app-pgdump.html',
  },
  values: backupValues,
  templatesDir: new URL('./templates/', import.meta.url),
  capabilities: {
    workloads: ['CronJob'],
    ports: [],
    secrets: [{ path: 'logical.s3Credentials', suffix: 's3', enabledBy: 'logical.enabled' }],
    images: ['logical.dumpImage', 'logical.uploadImage'],
    crds: ['snapshot.storage.k8s.io/v1/VolumeSnapshot', 'external-secrets.io/v1/ExternalSecret'],
    podSecurity: { level: 'restricted' },
    rules: [externalSecretRule('logical.s3Credentials')],
  },
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
