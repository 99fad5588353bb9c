// Rook-Ceph storage: the CephCluster, block/filesystem/object stores, their StorageClasses and the
// RBD VolumeSnapshotClass. The Rook operator comes from its upstream chart through an Argo CD
// Application (or is a prerequisite); CSI driver names derive from the operator namespace.
import { z } from 'zod';
import { defineComponent } from '../../dsl/component.ts';
import { absolutePath, dnsLabel, goRegex, k8sName, text } from '../../dsl/primitives.ts';
import { RULES } from '../../dsl/rules.ts';
import { appgearMeta, chartBasics, image, keda, resources } from '../../dsl/workload.ts';
import { CORE_MAINTAINERS, CORE_META } from '../core-defaults.ts';

const reclaim = (d: 'Retain' | 'Delete') => z.enum(['Retain', 'Delete']).default(d).describe('What happens to a volume when its claim goes');
const replicated = (d: number) => z.number().int().min(1).max(7).default(d).describe('Copies of each object (replicated pool size)');

export const cephValues = z.strictObject({
  ...chartBasics(),
  operator: z.strictObject({
    namespace: dnsLabel().default('rook-ceph').describe('Namespace of the Rook operator and the Ceph cluster (CSI driver names derive from it)'),
    argocdApplication: z.strictObject({
      enabled: z.boolean().default(false).describe('Install the Rook operator from its upstream chart through an Argo CD Application'),
      namespace: dnsLabel().default('argocd').describe('Namespace Argo CD watches for Applications'),
      project: k8sName().default('default').describe('Argo CD project'),
      repoURL: text(RULES.repoUrl).default('https://charts.rook.io/release').describe('Helm repository of the upstream chart'),
      chart: k8sName().default('rook-ceph').describe('Upstream chart name'),
      targetRevision: text(RULES.version).default('v1.18.8').describe('Pinned upstream chart version'),
    }).prefault({}),
    resources: resources({ requests: { cpu: '250m', memory: '512Mi' }, limits: { cpu: '500m', memory: '1Gi' } }),
  }).prefault({}),
  cluster: z.strictObject({
    name: k8sName().default('rook-ceph').describe('CephCluster name'),
    image: image({ registry: 'quay.io', repository: 'ceph/ceph', tag: 'v19.2.3' }),
    dataDirHostPath: absolutePath().default('/var/lib/rook').describe('Host path for Ceph daemon state'),
    monCount: z.union([z.literal(1), z.literal(3), z.literal(5)]).default(3).describe('Monitors (odd, for quorum)'),
    mgrCount: z.union([z.literal(1), z.literal(2)]).default(2).describe('Managers (2 for a standby)'),
    dashboard: z.strictObject({
      enabled: z.boolean().default(true).describe('Ceph dashboard'),
      ssl: z.boolean().default(true).describe('Serve the dashboard over TLS'),
    }).prefault({}),
    encryption: z.strictObject({
      atRest: z.boolean().default(true).describe('Encrypt OSD devices (dm-crypt)'),
      inTransit: z.boolean().default(true).describe('Encrypt traffic between Ceph daemons and clients (msgr2 secure mode)'),
    }).prefault({}),
    storage: z.strictObject({
      useAllNodes: z.boolean().default(true).describe('Run OSDs on every node'),
      useAllDevices: z.boolean().default(true).describe('Consume every empty device'),
      deviceFilter: goRegex().default('').describe('Regular expression (Go syntax) of device names to use ("" = all)'),
    }).prefault({}),
    resources: z.strictObject({
      mon: resources({ requests: { cpu: '500m', memory: '1Gi' }, limits: { cpu: '1', memory: '2Gi' } }),
      mgr: resources({ requests: { cpu: '250m', memory: '512Mi' }, limits: { cpu: '1', memory: '1Gi' } }),
      osd: resources({ requests: { cpu: '1', memory: '4Gi' }, limits: { cpu: '2', memory: '8Gi' } }),
    }).prefault({}),
  }).prefault({}),
  blockPool: z.strictObject({ name: k8sName().default('replicapool').describe('CephBlockPool name'), replicas: replicated(3) }).prefault({}),
  filesystem: z.strictObject({
    name: k8sName().default('ceph-filesystem').describe('CephFilesystem name'),
    replicas: replicated(3),
    resources: resources({ requests: { cpu: '500m', memory: '1Gi' }, limits: { cpu: '1', memory: '4Gi' } }),
  }).prefault({}),
  objectStore: z.strictObject({
    name: k8sName().default('ceph-objectstore').describe('CephObjectStore name (the RGW Deployment is rook-ceph-rgw-<name>-a)'),
    replicas: replicated(3),
    gatewayPort: z.number().int().min(1).max(65535).default(80).describe('RGW port'),
    resources: resources({ requests: { cpu: '500m', memory: '1Gi' }, limits: { cpu: '1', memory: '2Gi' } }),
  }).prefault({}),
  storageClasses: z.strictObject({
    block: z.strictObject({
      name: k8sName().default('ceph-block').describe('Block StorageClass'),
      default: z.boolean().default(true).describe('Mark as the cluster default StorageClass'),
      reclaimPolicy: reclaim('Retain'),
    }).prefault({}),
    filesystem: z.strictObject({ name: k8sName().default('ceph-filesystem').describe('Shared filesystem (RWX) StorageClass'), reclaimPolicy: reclaim('Delete') }).prefault({}),
    bucket: z.strictObject({ name: k8sName().default('ceph-bucket').describe('Object bucket StorageClass'), reclaimPolicy: reclaim('Delete') }).prefault({}),
  }).prefault({}),
  snapshotClass: z.strictObject({
    name: k8sName().default('ceph-rbd-snapclass').describe('RBD VolumeSnapshotClass (needs global.capabilities.snapshots)'),
    deletionPolicy: z.enum(['Retain', 'Delete']).default('Retain').describe('What happens to snapshot content when a VolumeSnapshot goes'),
  }).prefault({}),
  keda: keda({ maxReplicaCount: 3 }, {
    prometheusServer: text(RULES.httpUrl).default('http://prometheus-operated.observability.svc:9090').describe('Prometheus that has the RGW metrics'),
    requestsPerReplica: z.number().int().min(1).default(50).describe('RGW requests per second per gateway before scaling out'),
  }),
  appgear: appgearMeta(CORE_META),
});

export const ceph = defineComponent({
  id: 'ceph',
  chart: {
    name: 'core-ceph',
    version: '0.3.3',
    appVersion: '19.2.3',
    title: 'Rook-Ceph storage',
    description: 'Rook-Ceph storage for AppGear: CephCluster, block/filesystem/object stores, StorageClasses and the RBD snapshot class.',
    keywords: ['ceph', 'rook', 'storage', 'storageclass', 'appgear'],
    category: 'storage',
    home: 'https://rook.io',
    maintainers: CORE_MAINTAINERS,
  },
  values: cephValues,
  templatesDir: new URL('./templates/', import.meta.url),
  capabilities: {
    workloads: [],
    ports: [],
    secrets: [],
    images: ['cluster.image'],
    crds: ['ceph.rook.io/v1/CephCluster', 'snapshot.storage.k8s.io/v1/VolumeSnapshotClass', 'argoproj.io/v1alpha1/Application', 'keda.sh/v1alpha1/ScaledObject'],
    podSecurity: {
      level: 'privileged',
      reason: 'Rook runs OSD, monitor and CSI pods with host devices and host paths in the operator namespace; the chart itself renders no pods',
    },
    rules: [
      { kind: 'implies', if: 'operator.argocdApplication.enabled', then: 'global.capabilities.argocd', message: 'operator.argocdApplication.enabled needs Argo CD' },
    ],
    needsRunning: 'the Rook operator and the Ceph cluster it manages',
    namespaces: ['operator.namespace'],
    applications: [{
      when: 'operator.argocdApplication.enabled',
      repoURL: 'operator.argocdApplication.repoURL',
      project: 'operator.argocdApplication.project',
      namespace: 'operator.argocdApplication.namespace',
      destination: 'operator.namespace',
      clusterResources: [
        { group: 'apiextensions.k8s.io', kind: 'CustomResourceDefinition' },
        { group: 'rbac.authorization.k8s.io', kind: 'ClusterRole' },
        { group: 'rbac.authorization.k8s.io', kind: 'ClusterRoleBinding' },
        { group: 'storage.k8s.io', kind: 'CSIDriver' },
      ],
      reason: 'the rook-ceph chart installs its CRDs (crds.enabled), the operator\'s and CSI drivers\' cluster roles and bindings, and the CSIDriver objects',
    }],
    gated: [
      { what: 'the Ceph cluster, pools, StorageClasses and snapshot class', needs: 'global.capabilities.rook' },
      { what: 'the VolumeSnapshotClass', needs: 'global.capabilities.snapshots' },
    ],
    autoscaling: {
      kind: 'Deployment',
      name: 'rook-ceph-rgw-{{ .Values.objectStore.name }}-a',
      namespace: '{{ .Values.operator.namespace }}',
    },
  },
  provides: (v) => ({
    storageClasses: { block: v.storageClasses.block.name, filesystem: v.storageClasses.filesystem.name, bucket: v.storageClasses.bucket.name },
    // The driver as the snapshot class template names it (the [[chart]].ceph.driver helper).
    snapshotClass: { name: v.snapshotClass.name, driver: `${v.operator.namespace}.rbd.csi.ceph.com` },
  }),
  notes: [
    'Ceph custom resources render when global.capabilities.rook is true (the Rook CRDs exist); they go to the',
    'operator namespace (operator.namespace, which must exist and allow privileged pods), the operator Application to',
    'operator.argocdApplication.namespace. StorageClasses and the snapshot class are cluster-wide: one release per cluster.',
  ].join('\n'),
  scenarios: {
    'operator-via-argocd': { operator: { argocdApplication: { enabled: true } }, global: { capabilities: { argocd: true, rook: false } } },
    full: { global: { capabilities: { rook: true, snapshots: true, keda: true } }, cluster: { monCount: 3 } },
    'single-node': {
      global: { capabilities: { rook: true } },
      cluster: { monCount: 1, mgrCount: 1, encryption: { atRest: false } },
      blockPool: { replicas: 1 }, filesystem: { replicas: 1 }, objectStore: { replicas: 1 },
    },
  },
});
