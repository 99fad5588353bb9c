// Disaster recovery of the platform (module 15): Velero with its AWS plugin, S3 locations outside the cluster,
// CSI snapshots through the snapshot class of the storage instance it uses, Schedules, alerts, and the Day-0
// restore runbook in the README and NOTES.txt.
import { defineComponent, externalSecretRule, type DeriveContext } from '../../dsl/component.ts';
import { providersOf } from '../../dsl/endpoints.ts';
import { CORE_MAINTAINERS } from '../core-defaults.ts';
import { readme } from './readme.ts';
import { type VeleroValues, veleroValues } from './values.ts';

const CHART = 'core-dr';

/** The snapshot class (and its driver) of the storage instance it uses. */
function derive({ uses }: DeriveContext) {
  const [snapshotClass] = providersOf(uses, 'snapshotClass');
  return snapshotClass ? { csi: { snapshotClass: snapshotClass.name, driver: snapshotClass.driver } } : {};
}

export const velero = defineComponent({
  id: 'velero',
  chart: {
    name: CHART,
    version: '0.1.2',
    appVersion: '1.18.3',
    title: 'Velero disaster recovery',
    description: 'Disaster recovery of the AppGear platform: Velero backups to S3 outside the cluster, CSI volume snapshots, schedules, alerts and the Day-0 restore runbook.',
    keywords: ['velero', 'backup', 'restore', 'disaster-recovery', 'appgear'],
    category: 'storage',
    home: 'https://velero.io',
    maintainers: CORE_MAINTAINERS,
  },
  values: veleroValues,
  templatesDir: new URL('./templates/', import.meta.url),
  capabilities: {
    // One server pod; each plugin is an init container that runs before it.
    footprint: (v) => ({
      pods: [{ kind: 'Deployment', replicas: 1, replicasFrom: 'one server', containers: [v.resources], initContainers: v.plugins.map(() => v.pluginResources) }],
      claims: [],
    }),
    workloads: ['Deployment'],
    ports: [],
    secrets: [{ path: 'credentials', suffix: 'cloud' }],
    images: ['image'],
    crds: [
      'velero.io/v1/BackupStorageLocation', 'velero.io/v1/VolumeSnapshotLocation', 'velero.io/v1/Schedule',
      'monitoring.coreos.com/v1/ServiceMonitor', 'monitoring.coreos.com/v1/PrometheusRule', 'external-secrets.io/v1/ExternalSecret',
    ],
    podSecurity: { level: 'restricted' },
    rules: [
      externalSecretRule('credentials'),
      { kind: 'exactlyOne', among: { list: 'backupStorageLocations', flag: 'default' }, message: 'backups go to the default location unless their schedule names another' },
    ],
    gated: [
      { what: 'the BackupStorageLocations, the VolumeSnapshotLocation and the Schedules', needs: 'global.capabilities.velero' },
      { what: 'CSI snapshots of volumes (--features=EnableCSI, the VolumeSnapshotLocation, the snapshot class of the schedules)', needs: 'global.capabilities.snapshots', when: 'csi.enabled' },
      { what: 'the ServiceMonitor and the PrometheusRule', needs: 'global.capabilities.prometheusOperator', when: 'metrics.enabled' },
    ],
  },
  needs: { snapshotClass: 'any' },
  derive,
  notes: `{{ include "${CHART}.notes" . }}`,
  readme: (defaults) => readme(defaults as VeleroValues),
  scenarios: {
    // Every custom resource, the ExternalSecret from Vault, CSI snapshots and the alerts.
    full: {
      global: { capabilities: { velero: true, snapshots: true, externalSecrets: true, prometheusOperator: true } },
      credentials: { externalSecret: { enabled: true } },
      metrics: { serviceMonitor: { labels: { release: 'kube-prometheus' } } },
    },
    // A second, read-only location on MinIO with its own CA, the schedules' defaults left to Velero's.
    'two-locations': {
      global: { capabilities: { velero: true } },
      backupStorageLocations: [
        { name: 'dr-s3-external', bucket: 'appgear-dr', prefix: 'appgear-platform', region: 'us-east-1', s3ForcePathStyle: true, default: true },
        { name: 'minio-archive', bucket: 'archive', region: 'us-east-1', s3Url: 'https://minio.dr.example.com:9000', s3ForcePathStyle: true, caCertSecret: 'minio-ca', accessMode: 'ReadOnly' },
      ],
      schedules: [{ name: 'hourly-core', schedule: '@hourly', ttl: '48h', alertAfterHours: 2, includedNamespaces: ['appgear-core'], storageLocation: 'dr-s3-external' }],
      restoreOrder: [{ schedule: 'hourly-core' }],
    },
    // Day-0 restore: schedules paused, locations read-only, restore permissions bound, hooks allowed.
    'restore-mode': {
      global: { capabilities: { velero: true, snapshots: true } },
      restoreMode: true,
      rbac: { hooks: true },
    },
  },
});
