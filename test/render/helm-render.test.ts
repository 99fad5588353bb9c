// `helm template` of the umbrella with the reference values, in both Helm lines: what the
// storage document asks of every object, and a golden copy of the whole render.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Helm, type K8sObject, REPO, helmRun, helms, parseManifests, scratchCharts } from '../helpers/helm.ts';

const APPGEAR_LABELS = ['appgear.io/tenant-id', 'appgear.io/tier', 'appgear.io/suite', 'appgear.io/topology', 'appgear.io/workspace-id'];
const GOLDEN = join(REPO, 'test/golden/appgear-reference.yaml');

const WORKLOADS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'Job']);

/** The pod template of a workload (a Velero Schedule's `spec.template` is a backup, not a pod). */
function podSpecOf(o: K8sObject): any {
  if (o.kind === 'CronJob') return o.spec?.jobTemplate?.spec?.template;
  return WORKLOADS.has(o.kind) ? o.spec?.template : undefined;
}

/** Normalised text of a render: one YAML document per object, sorted by kind and name. */
function normalise(objects: K8sObject[]): string {
  return [...objects]
    .sort((a, b) => `${a.kind}/${a.metadata.name}`.localeCompare(`${b.kind}/${b.metadata.name}`))
    .map((o) => stringify(o, { lineWidth: 0 }))
    .join('---\n');
}

describe.each(helms())('$name template of the umbrella (reference values)', (helm: Helm) => {
  let objects: K8sObject[] = [];

  beforeAll(async () => {
    const dir = await scratchCharts(helm);
    const r = await helmRun(helm, ['template', 'core', join(dir, 'appgear'), '--namespace', 'appgear-core']);
    expect(r.stderr).toBe('');
    expect(r.exitCode).toBe(0);
    objects = parseManifests(r.stdout);
  });

  it('renders StatefulSets for Postgres, Redis, Qdrant, RabbitMQ and Redpanda', () => {
    const names = objects.filter((o) => o.kind === 'StatefulSet').map((o) => o.metadata.name).sort();
    expect(names).toEqual(['core-postgres', 'core-qdrant', 'core-rabbitmq', 'core-redis', 'core-redpanda']);
  });

  it('puts the five appgear.io labels on every object and every pod template', () => {
    expect(objects.length).toBeGreaterThan(15);
    for (const o of objects) {
      for (const l of APPGEAR_LABELS) expect(o.metadata.labels?.[l], `${o.kind}/${o.metadata.name} ${l}`).toBeTruthy();
      expect(o.metadata.labels?.['appgear.io/tenant-id']).toBe('global');
      const pod = podSpecOf(o);
      if (pod) for (const l of APPGEAR_LABELS) expect(pod.metadata.labels[l], `${o.metadata.name} pod ${l}`).toBeTruthy();
      for (const claim of o.spec?.volumeClaimTemplates ?? []) {
        expect(claim.metadata.labels['appgear.io/tenant-id'], `${o.metadata.name} claim`).toBe('global');
      }
    }
  });

  it('gives every container requests and limits, a pinned image and a restricted security context', () => {
    const workloads = objects.filter(podSpecOf);
    expect(workloads.length).toBe(7);
    for (const w of workloads) {
      const spec = podSpecOf(w).spec;
      expect(spec.securityContext.runAsNonRoot).toBe(true);
      expect(spec.securityContext.seccompProfile.type).toBe('RuntimeDefault');
      expect(spec.automountServiceAccountToken).toBe(false);
      for (const c of [...(spec.initContainers ?? []), ...spec.containers]) {
        const where = `${w.metadata.name}/${c.name}`;
        for (const k of ['cpu', 'memory', 'ephemeral-storage']) {
          expect(c.resources?.requests?.[k], `${where} requests.${k}`).toBeTruthy();
          expect(c.resources?.limits?.[k], `${where} limits.${k}`).toBeTruthy();
        }
        expect(c.image, where).toMatch(/^[^:]+(:[^:@]+)(@sha256:[a-f0-9]{64})?$/);
        expect(c.image, where).not.toMatch(/:latest(@|$)/);
        expect(c.securityContext.allowPrivilegeEscalation, where).toBe(false);
        expect(c.securityContext.capabilities.drop, where).toEqual(['ALL']);
      }
    }
  });

  it('mounts a read-only root filesystem in every container and reads credentials from files, not the environment', () => {
    // RabbitMQ and Qdrant read theirs from the environment only (ci/linters/allowlist.yaml says why).
    const envOnly = new Set(['core-rabbitmq', 'core-qdrant']);
    for (const w of objects.filter(podSpecOf)) {
      const spec = podSpecOf(w).spec;
      for (const c of [...(spec.initContainers ?? []), ...spec.containers]) {
        expect(c.securityContext.readOnlyRootFilesystem, `${w.metadata.name}/${c.name}`).toBe(true);
        if (envOnly.has(w.metadata.name)) continue;
        const fromSecrets = (c.env ?? []).filter((e: any) => e.valueFrom?.secretKeyRef).map((e: any) => e.name);
        expect(fromSecrets, `${w.metadata.name}/${c.name}`).toEqual([]);
      }
    }
    const pg = objects.find((o) => o.kind === 'StatefulSet' && o.metadata.name === 'core-postgres')!.spec.template.spec;
    expect(pg.containers[0].env.map((e: any) => e.name)).toEqual(expect.arrayContaining(['POSTGRES_USER_FILE', 'POSTGRES_PASSWORD_FILE']));
    expect(pg.volumes.find((v: any) => v.name === 'credentials').secret.secretName).toBe('core-postgres-credentials');
  });

  it('probes liveness and readiness differently, so a busy datastore is taken out of the Service before it is restarted', () => {
    for (const s of objects.filter((o) => o.kind === 'StatefulSet')) {
      const c = s.spec.template.spec.containers[0];
      expect(c.livenessProbe, s.metadata.name).toBeTruthy();
      expect(JSON.stringify(c.livenessProbe), s.metadata.name).not.toBe(JSON.stringify(c.readinessProbe));
    }
  });

  it('lets a node drain past a pod that never became ready (every PDB sets unhealthyPodEvictionPolicy)', () => {
    const pdbs = objects.filter((o) => o.kind === 'PodDisruptionBudget');
    expect(pdbs.length).toBe(6);
    for (const p of pdbs) expect(p.spec.unhealthyPodEvictionPolicy, p.metadata.name).toBe('AlwaysAllow');
  });

  it('fences the backup pods: a NetworkPolicy with no ingress and egress to DNS, Postgres and S3 only; a starting deadline', () => {
    const cron = objects.find((o) => o.kind === 'CronJob')!;
    expect(cron.spec.startingDeadlineSeconds).toBe(600);
    const np = objects.find((o) => o.kind === 'NetworkPolicy' && o.metadata.name === 'core-backup')!;
    expect(np.spec.ingress).toEqual([]);
    const podLabels = cron.spec.jobTemplate.spec.template.metadata.labels;
    for (const [k, v] of Object.entries(np.spec.podSelector.matchLabels)) expect(podLabels[k], k).toBe(v);
    const ports = np.spec.egress.flatMap((e: any) => e.ports.map((p: any) => p.port));
    expect(ports).toEqual([53, 53, 5432, 443, 80]);
    const pgPods = objects.find((o) => o.kind === 'StatefulSet' && o.metadata.name === 'core-postgres')!.spec.template.metadata.labels;
    for (const [k, v] of Object.entries(np.spec.egress[1].to[0].podSelector.matchLabels)) expect(pgPods[k], k).toBe(v);
  });

  it('keeps the storage document\'s sizes, class, sidecar annotation and backup labels', () => {
    const sts = Object.fromEntries(objects.filter((o) => o.kind === 'StatefulSet').map((o) => [o.metadata.name, o]));
    const claim = (n: string) => sts[n]!.spec.volumeClaimTemplates[0];
    expect(claim('core-postgres').spec.resources.requests.storage).toBe('200Gi');
    expect(claim('core-redis').spec.resources.requests.storage).toBe('20Gi');
    expect(claim('core-qdrant').spec.resources.requests.storage).toBe('200Gi');
    expect(claim('core-rabbitmq').spec.resources.requests.storage).toBe('100Gi');
    expect(claim('core-redpanda').spec.resources.requests.storage).toBe('500Gi');
    // KEDA owns the broker replica count (the field is left out); the seed list still names 3 brokers.
    expect(sts['core-redpanda']!.spec.replicas).toBeUndefined();
    const seeds = sts['core-redpanda']!.spec.template.spec.containers[0].args.find((a: string) => a.startsWith('--seeds='));
    expect(seeds.split(',')).toHaveLength(3);
    for (const s of Object.values(sts)) {
      expect(claim(s.metadata.name).spec.storageClassName).toBe('ceph-block');
      expect(s.metadata.labels?.['appgear.io/tenant-id']).toBe('global');
      expect(s.spec.template.metadata.annotations['sidecar.istio.io/inject']).toBe('true');
      expect(claim(s.metadata.name).metadata.labels['appgear.io/backup-enabled']).toBe('true');
    }
    const pg = sts['core-postgres']!.spec.template.spec.containers[0];
    expect(pg.resources).toEqual({ requests: { cpu: '500m', memory: '2Gi', 'ephemeral-storage': '50Mi' }, limits: { cpu: '2', memory: '4Gi', 'ephemeral-storage': '1Gi' } });
    const qd = sts['core-qdrant']!.spec.template.spec.containers[0];
    expect(qd.ports.map((p: any) => p.containerPort)).toEqual([6333, 6334]);
  });

  it('takes the Postgres, RabbitMQ, backup and disaster-recovery secrets from ExternalSecrets, never from values', () => {
    const es = objects.filter((o) => o.kind === 'ExternalSecret');
    expect(es.map((o) => o.metadata.name).sort()).toEqual(['core-backup-s3', 'core-dr-cloud', 'core-postgres-credentials', 'core-rabbitmq-credentials', 'core-rabbitmq-erlang-cookie']);
    for (const e of es) expect(e.spec.secretStoreRef).toEqual({ kind: 'ClusterSecretStore', name: 'vault' });
    expect(objects.filter((o) => o.kind === 'Secret')).toEqual([]);
  });

  // The "Como verificar" section of the storage document, on the rendered objects.
  it('has Ceph: the CephCluster, three StorageClasses with ceph-block the only default, ceph-rbd-snapclass', () => {
    const cluster = objects.filter((o) => o.kind === 'CephCluster');
    expect(cluster.map((o) => (o.metadata as any).namespace)).toEqual(['rook-ceph']);
    expect(cluster[0]!.spec.storage.config.encryptedDevice).toBe('true');
    expect(cluster[0]!.spec.network.connections.encryption.enabled).toBe(true);
    const classes = objects.filter((o) => o.kind === 'StorageClass');
    expect(classes.map((o) => o.metadata.name).sort()).toEqual(['ceph-block', 'ceph-bucket', 'ceph-filesystem']);
    const defaults = classes.filter((o) => o.metadata.annotations?.['storageclass.kubernetes.io/is-default-class'] === 'true');
    expect(defaults.map((o) => o.metadata.name)).toEqual(['ceph-block']);
    expect((classes.find((o) => o.metadata.name === 'ceph-block') as any).provisioner).toBe('rook-ceph.rbd.csi.ceph.com');
    const snap = objects.filter((o) => o.kind === 'VolumeSnapshotClass');
    expect(snap.map((o) => [o.metadata.name, (o as any).driver])).toEqual([['ceph-rbd-snapclass', 'rook-ceph.rbd.csi.ceph.com']]);
  });

  it('installs the Rook operator from its upstream chart through an Argo CD Application, before the Ceph resources', () => {
    const op = objects.find((o) => o.kind === 'Application' && o.metadata.name === 'rook-ceph-operator')!;
    expect(op.spec.source).toMatchObject({ repoURL: 'https://charts.rook.io/release', chart: 'rook-ceph', targetRevision: 'v1.18.8' });
    expect(Number(op.metadata.annotations!['argocd.argoproj.io/sync-wave'])).toBeLessThan(
      Number(objects.find((o) => o.kind === 'CephCluster')!.metadata.annotations!['argocd.argoproj.io/sync-wave']));
  });

  it('has the backup CronJob and VolumeSnapshots of the StatefulSets\' claims', () => {
    const cron = objects.filter((o) => o.kind === 'CronJob');
    expect(cron.map((o) => o.metadata.name)).toEqual(['core-postgres-backup']);
    const dump = cron[0]!.spec.jobTemplate.spec.template.spec.initContainers[0];
    expect(dump.env.find((e: any) => e.name === 'PGHOST').value).toBe('core-postgres');
    const claims = objects.filter((o) => o.kind === 'VolumeSnapshot').map((o) => o.spec.source.persistentVolumeClaimName);
    expect(claims.sort()).toEqual([
      'data-core-postgres-0', 'data-core-qdrant-0', 'data-core-rabbitmq-0', 'data-core-redis-0',
      'data-core-redpanda-0', 'data-core-redpanda-1', 'data-core-redpanda-2',
    ]);
    for (const s of objects.filter((o) => o.kind === 'StatefulSet')) expect(s.spec.volumeClaimTemplates[0].metadata.name).toBe('data');
  });

  it('has KEDA ScaledObjects with the document\'s defaults, the RGW gateway among them', () => {
    const scaled = objects.filter((o) => o.kind === 'ScaledObject');
    // The upstream Airbyte workers (module 09) too.
    expect(scaled.map((o) => o.spec.scaleTargetRef.name).sort()).toEqual(['airbyte-worker', 'core-rabbitmq', 'core-redpanda', 'rook-ceph-rgw-ceph-objectstore-a']);
    for (const o of scaled) expect(o.spec).toMatchObject({ minReplicaCount: 0, cooldownPeriod: 120, pollingInterval: 15 });
    const rgw = scaled.find((o) => o.spec.scaleTargetRef.name === 'rook-ceph-rgw-ceph-objectstore-a')!;
    expect(rgw.spec.scaleTargetRef.kind).toBe('Deployment');
    expect((rgw.metadata as any).namespace).toBe('rook-ceph');
    // With `helm install` of the umbrella, the release's namespace (Argo CD installs it in factory-data, its module's).
    expect((scaled.find((o) => o.spec.scaleTargetRef.name === 'airbyte-worker')!.metadata as any).namespace).toBe('appgear-core');
  });

  it('deploys no module Application of its own: the bootstrap chart installs the umbrella, from outside it', () => {
    // Only the Applications of upstream charts its instances install: the Rook operator and the shared Airbyte.
    expect(objects.filter((o) => o.kind === 'Application').map((o) => o.metadata.name).sort()).toEqual(['core-airbyte', 'rook-ceph-operator']);
    expect(objects.filter((o) => ['ApplicationSet', 'AppProject'].includes(o.kind))).toEqual([]);
  });

  // Module 15 (disaster recovery): the "dr" instance, Velero as core-dr.
  const dr = () => objects.filter((o) => o.metadata.labels?.['app.kubernetes.io/name'] === 'dr');

  it('runs Velero v1.18.3 with EnableCSI, its AWS plugin copied by an init container, metrics on 8085, credentials from a file', () => {
    const d = objects.find((o) => o.kind === 'Deployment' && o.metadata.name === 'velero')!;
    const pod = d.spec.template.spec;
    expect(d.spec.replicas).toBe(1);
    expect(d.spec.strategy).toEqual({ type: 'Recreate' });
    // The plugin is an init container that copies its binary into the shared folder, never a sidecar.
    expect(pod.initContainers.map((c: any) => [c.name, c.image, c.volumeMounts])).toEqual([
      ['plugin-aws', 'docker.io/velero/velero-plugin-for-aws:v1.14.3', [{ name: 'plugins', mountPath: '/target' }]],
    ]);
    expect(pod.containers.map((c: any) => c.name)).toEqual(['velero']);
    const server = pod.containers[0];
    expect(server.image).toBe('docker.io/velero/velero:v1.18.3');
    expect(server.command).toEqual(['/velero']);
    expect(server.args).toEqual(['server', '--features=EnableCSI', '--metrics-address=:8085', '--log-level=info', '--log-format=json']);
    expect(server.env.find((e: any) => e.name === 'VELERO_NAMESPACE').valueFrom).toEqual({ fieldRef: { fieldPath: 'metadata.namespace' } });
    expect(server.env.find((e: any) => e.name === 'AWS_SHARED_CREDENTIALS_FILE').value).toBe('/credentials/cloud');
    expect(server.ports).toEqual([{ name: 'metrics', containerPort: 8085, protocol: 'TCP' }]);
    const mounts = Object.fromEntries(server.volumeMounts.map((m: any) => [m.name, m.mountPath]));
    expect(mounts).toMatchObject({ plugins: '/plugins', scratch: '/scratch', tmp: '/tmp', 'cloud-credentials': '/credentials' });
    const volumes = Object.fromEntries(pod.volumes.map((v: any) => [v.name, v]));
    for (const v of ['plugins', 'scratch', 'tmp']) expect(volumes[v].emptyDir, v).toEqual({});
    expect(volumes['cloud-credentials'].secret).toMatchObject({ secretName: 'core-dr-cloud', items: [{ key: 'cloud', path: 'cloud' }] });
    // Only the server gets an API token (projected); the pod mounts none by itself.
    expect(pod.automountServiceAccountToken).toBe(false);
    expect(volumes['api-token'].projected.sources[0].serviceAccountToken).toBeTruthy();
    expect(pod.initContainers[0].volumeMounts.map((m: any) => m.name)).not.toContain('api-token');
    expect(mounts['api-token']).toBe('/var/run/secrets/kubernetes.io/serviceaccount');
    const svc = objects.find((o) => o.kind === 'Service' && o.metadata.name === 'core-dr')!;
    expect(svc.spec.ports).toEqual([{ name: 'metrics', port: 8085, targetPort: 'metrics', protocol: 'TCP', appProtocol: 'http' }]);
  });

  it('backs up to exactly one default S3 location outside the cluster, with credentials from Vault, and snapshots volumes with the storage instance\'s class', () => {
    const bsl = objects.filter((o) => o.kind === 'BackupStorageLocation');
    expect(bsl.map((o) => [o.metadata.name, o.spec.default])).toEqual([['dr-s3-external', true]]);
    expect(bsl[0]!.spec).toEqual({
      provider: 'aws',
      objectStorage: { bucket: 'appgear-dr', prefix: 'appgear-platform' },
      config: { region: 'us-east-1', s3ForcePathStyle: 'true' },
      default: true,
      accessMode: 'ReadWrite',
    });
    const es = objects.find((o) => o.kind === 'ExternalSecret' && o.metadata.name === 'core-dr-cloud')!;
    expect(es.spec.target.name).toBe('core-dr-cloud');
    expect(es.spec.data).toEqual([{ secretKey: 'cloud', remoteRef: { key: 'kv/appgear/velero/dr-s3', property: 'cloud' } }]);
    const vsl = objects.filter((o) => o.kind === 'VolumeSnapshotLocation');
    expect(vsl.map((o) => [o.metadata.name, o.spec])).toEqual([['dr-ceph-csi', { provider: 'csi' }]]);
    // The class and its driver are the ones the ceph instance renders (derived, not typed again).
    const snapClass = objects.find((o) => o.kind === 'VolumeSnapshotClass')! as any;
    expect(vsl[0]!.metadata.annotations).toMatchObject({ 'appgear.io/snapshot-class': snapClass.metadata.name, 'appgear.io/csi-driver': snapClass.driver });
    for (const s of objects.filter((o) => o.kind === 'Schedule')) {
      expect(s.metadata.annotations![`velero.io/csi-volumesnapshot-class_${snapClass.driver}`], s.metadata.name).toBe(snapClass.metadata.name);
    }
  });

  it('has the document\'s three Schedules: cron, retention, namespaces and the workspaces selector', () => {
    const sched = Object.fromEntries(objects.filter((o) => o.kind === 'Schedule').map((o) => [o.metadata.name, o.spec]));
    expect(Object.keys(sched).sort()).toEqual(['cluster-full-weekly', 'core-infra-daily', 'workspaces-daily']);
    const events = ['events', 'events.events.k8s.io'];
    expect(sched['core-infra-daily']).toMatchObject({ schedule: '0 1 * * *', template: { ttl: '720h', includedNamespaces: ['argocd', 'security', 'appgear-core', 'backstage', 'observability', 'velero'], excludedResources: events } });
    expect(sched['workspaces-daily']).toMatchObject({ schedule: '0 2 * * *', template: { ttl: '336h', includedNamespaces: ['ws-*'], excludedResources: events, labelSelector: { matchLabels: { 'appgear.io/backup-enabled': 'true' } } } });
    expect(sched['cluster-full-weekly']).toMatchObject({
      schedule: '0 3 * * 0',
      template: { ttl: '2160h', includedNamespaces: ['*'], excludedNamespaces: ['kube-node-lease', 'kube-public', 'kube-system', 'rook-ceph', 'ws-tmp'], excludedResources: [...events, 'jobs', 'pods'] },
    });
    for (const [name, spec] of Object.entries(sched)) {
      expect(spec, name).toMatchObject({ paused: false, useOwnerReferencesInBackup: true, template: { storageLocation: 'dr-s3-external', volumeSnapshotLocations: ['dr-ceph-csi'], snapshotVolumes: true } });
      // Backups carry the FinOps labels but none of the release's own (Argo CD must not take them for its objects).
      expect(spec.template.metadata.labels['appgear.io/tenant-id'], name).toBe('global');
      expect(Object.keys(spec.template.metadata.labels).filter((k) => k.startsWith('app.kubernetes.io/') && k !== 'app.kubernetes.io/part-of'), name).toEqual([]);
    }
    expect(sched['core-infra-daily']!.template.labelSelector).toBeUndefined();
  });

  it('gives Velero cluster-wide read, cluster-wide writes only for CSI snapshots, its own objects in its namespace, and no restore access outside restoreMode', () => {
    const clusterRoles = objects.filter((o) => o.kind === 'ClusterRole');
    expect(clusterRoles.map((o) => o.metadata.name)).toEqual(['appgear-core-core-dr-backup']);
    const rules = (clusterRoles[0] as any).rules as { apiGroups: string[]; resources: string[]; verbs: string[] }[];
    expect(rules[0]).toEqual({ apiGroups: ['*'], resources: ['*'], verbs: ['get', 'list', 'watch'] });
    const writes = rules.filter((r) => r.verbs.some((v) => !['get', 'list', 'watch'].includes(v)));
    expect(writes).toEqual([{ apiGroups: ['snapshot.storage.k8s.io'], resources: ['volumesnapshots', 'volumesnapshotcontents'], verbs: ['create', 'delete', 'patch', 'update'] }]);
    const role = objects.find((o) => o.kind === 'Role' && o.metadata.name === 'core-dr') as any;
    expect(role.metadata.namespace).toBe('appgear-core');
    expect(role.rules.map((r: any) => r.apiGroups[0])).toEqual(['velero.io', '']);
    for (const b of objects.filter((o) => o.kind === 'ClusterRoleBinding' || o.kind === 'RoleBinding') as any[]) {
      expect(b.roleRef.name, b.metadata.name).not.toBe('cluster-admin');
      expect(b.subjects, b.metadata.name).toEqual([{ kind: 'ServiceAccount', name: 'core-dr', namespace: 'appgear-core' }]);
    }
  });

  it('labels every disaster-recovery object for FinOps and module 15', () => {
    expect(dr().length).toBeGreaterThanOrEqual(15);
    for (const o of dr()) {
      expect(o.metadata.labels!['appgear.io/tenant-id'], `${o.kind}/${o.metadata.name}`).toBe('global');
      expect(o.metadata.annotations!['appgear.io/module'], `${o.kind}/${o.metadata.name}`).toBe('mod15-business-continuity-dr');
      expect(o.metadata.annotations!['appgear.io/contract-version'], `${o.kind}/${o.metadata.name}`).toBe('v0.1');
    }
  });

  it('matches the golden render (UPDATE_GOLDEN=1 rewrites it; review the diff)', () => {
    const text = normalise(objects);
    if (process.env.UPDATE_GOLDEN === '1' && helm.name === 'helm3') writeFileSync(GOLDEN, text);
    expect(existsSync(GOLDEN), 'test/golden/appgear-reference.yaml is missing: run UPDATE_GOLDEN=1 npm test').toBe(true);
    expect(text).toBe(readFileSync(GOLDEN, 'utf8'));
  });
});
