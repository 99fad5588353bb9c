// The disaster-recovery chart (core-dr) beyond the reference render (test/render/helm-render.test.ts): its
// scenarios with Helm 3 and 4 (restore mode, two locations, monitoring), the mistakes of module 15 refused at
// generation time and at install time naming the value, and the runbook of the README equal to NOTES.txt's.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { definePlatform, velero } from '../../generator/index.ts';
import { ValuesError } from '../../generator/parse/formatIssues.ts';
import { resolvePlatform } from '../../generator/parse/resolvePlatform.ts';
import { CHARTS, type Helm, type K8sObject, helmRun, helms, parseManifests, scratchCharts } from '../helpers/helm.ts';

const CHART = 'core-dr';
const FILE = 'values-src/p.ts';

const location = (over: Record<string, unknown> = {}) => ({ name: 'dr-s3-external', bucket: 'appgear-dr', region: 'us-east-1', default: true, ...over });
const schedule = (over: Record<string, unknown> = {}) => ({ name: 'core-daily', schedule: '0 1 * * *', ttl: '720h', alertAfterHours: 26, ...over });

/** The mistakes of the brief, as values of the chart; `path` is what both times must name. */
const MISTAKES: { what: string; values: Record<string, unknown>; path: string; generation: string; install: string }[] = [
  {
    what: 'two default locations',
    values: { backupStorageLocations: [location(), location({ name: 'second', bucket: 'appgear-dr-2' })] },
    path: 'backupStorageLocations',
    generation: 'backups go to the default location unless their schedule names another: expected exactly one item of backupStorageLocations with default: true, found 2',
    install: 'backupStorageLocations: backups go to the default location unless their schedule names another: expected exactly one item of backupStorageLocations with default: true, found 2',
  },
  {
    what: 'no default location',
    values: { backupStorageLocations: [location({ default: false })] },
    path: 'backupStorageLocations',
    generation: 'expected exactly one item of backupStorageLocations with default: true, found 0',
    install: 'backupStorageLocations: backups go to the default location unless their schedule names another: expected exactly one item of backupStorageLocations with default: true, found 0',
  },
  {
    what: 'an invalid cron expression',
    values: { schedules: [schedule({ schedule: '61 25 * * *' })] },
    path: 'schedules[0].schedule',
    generation: 'expected a cron schedule: five fields',
    install: 'schedules[0].schedule: expected a cron schedule: five fields (minute 0-59, hour 0-23',
  },
  {
    what: 'a TTL that is not a duration',
    values: { schedules: [schedule({ ttl: '30 days' })] },
    path: 'schedules[0].ttl',
    generation: 'expected a duration such as "1h", "30m" or "1h30m" (units ns, us, ms, s, m, h), found "30 days"',
    install: 'schedules[0].ttl: expected a duration such as "1h", "30m" or "1h30m" (units ns, us, ms, s, m, h), found "30 days"',
  },
  {
    what: 'a missing bucket',
    values: { backupStorageLocations: [{ name: 'dr-s3-external', region: 'us-east-1', default: true }] },
    path: 'backupStorageLocations[0].bucket',
    generation: 'expected string, found nothing',
    install: "at '/backupStorageLocations/0': missing property 'bucket'",
  },
  {
    what: 'an empty bucket',
    values: { backupStorageLocations: [location({ bucket: '' })] },
    path: 'backupStorageLocations[0].bucket',
    generation: 'expected an S3 bucket name: 3 to 63 lowercase letters, digits, "." and "-", starting and ending with a letter or digit, found ""',
    install: 'backupStorageLocations[0].bucket: expected an S3 bucket name: 3 to 63 lowercase letters, digits, "." and "-", starting and ending with a letter or digit, found ""',
  },
  {
    what: 'a schedule name that is not DNS-safe',
    values: { schedules: [schedule({ name: 'Core_Daily' })] },
    path: 'schedules[0].name',
    generation: 'expected a DNS label: lowercase letters, digits and "-", starting and ending with a letter or digit, at most 63 characters, found "Core_Daily"',
    install: 'schedules[0].name: expected a DNS label: lowercase letters, digits and "-", starting and ending with a letter or digit, at most 63 characters, found "Core_Daily"',
  },
  {
    what: 'a namespace pattern with two "*" in a row',
    values: { schedules: [schedule({ includedNamespaces: ['ws-**'] })] },
    path: 'schedules[0].includedNamespaces[0]',
    generation: 'expected a namespace name, or a pattern of one with "*" (any characters, never two in a row)',
    install: 'schedules[0].includedNamespaces[0]: expected a namespace name, or a pattern of one with "*" (any characters, never two in a row)',
  },
];

function problems(values: Record<string, unknown>): string[] {
  try {
    resolvePlatform(FILE, definePlatform({ name: 'p', version: '0.1.0', description: 'd', components: { dr: velero(values as never) } }));
  } catch (err) {
    if (err instanceof ValuesError) return err.problems.map((p) => `${p.path}: ${p.message}`);
    throw err;
  }
  return [];
}

describe('generation time', () => {
  it('accepts the chart\'s defaults', () => expect(problems({})).toEqual([]));

  it.each(MISTAKES)('refuses $what, naming $path', ({ values, path, generation }) => {
    const found = problems(values);
    expect(found).toHaveLength(1);
    expect(found[0]).toContain(`components.dr.${path}: `);
    expect(found[0]).toContain(generation);
  });
});

const byKind = (objects: K8sObject[], kind: string) => objects.filter((o) => o.kind === kind) as any[];

describe.each(helms())('$name', (helm: Helm) => {
  let dir = '';
  const values = mkdtempSync(join(tmpdir(), 'appgear-dr-values-'));
  const render = async (args: string[]) => {
    const r = await helmRun(helm, ['template', 'core', join(dir, CHART), '--namespace', 'dr', ...args]);
    expect(r.exitCode, r.stderr).toBe(0);
    return parseManifests(r.stdout).filter((o) => args.includes('--show-only') || o.metadata.name !== 'notes-probe');
  };
  const scenario = (name: string) => ['-f', join(dir, CHART, 'ci', `${name}-values.yaml`)];

  beforeAll(async () => {
    // The runbook is a define NOTES.txt includes; a probe template shows it to `helm template`.
    const source = mkdtempSync(join(tmpdir(), 'appgear-dr-charts-'));
    cpSync(CHARTS, source, { recursive: true });
    writeFileSync(join(source, CHART, 'templates/zz-notes-probe.yaml'), `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: notes-probe\ndata:\n  notes: {{ include "${CHART}.notes" . | toJson }}\n`);
    dir = await scratchCharts(helm, source);
    rmSync(source, { recursive: true, force: true });
  });
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
    rmSync(values, { recursive: true, force: true });
  });

  describe('install time', () => {
    it.each(MISTAKES)('refuses $what, naming $path', async ({ what, values: bad, install }) => {
      const file = join(values, `${what.replace(/\W+/g, '-')}.yaml`);
      writeFileSync(file, stringify(bad));
      const r = await helmRun(helm, ['template', 'core', join(dir, CHART), '-f', file]);
      expect(r.exitCode, `Helm accepted ${what}`).not.toBe(0);
      expect(r.stderr).toContain(install);
    });
  });

  it('without the integrations renders the server but no Velero custom resource, no CSI and no monitoring', async () => {
    const objects = await render([]);
    expect(objects.map((o) => o.kind).sort()).toEqual([
      'ClusterRole', 'ClusterRoleBinding', 'Deployment', 'NetworkPolicy', 'PodDisruptionBudget', 'Role', 'RoleBinding', 'Service', 'ServiceAccount',
    ]);
    // Velero looks its own Deployment up by the name "velero" (restores, repository maintenance).
    expect(byKind(objects, 'Deployment').map((d) => d.metadata.name)).toEqual(['velero']);
    const server = byKind(objects, 'Deployment')[0].spec.template.spec.containers[0];
    expect(server.args).not.toContain('--features=EnableCSI');
  });

  it('is secure by default: non-root, no privilege escalation, read-only root, no capabilities, seccomp, requests and limits', async () => {
    const pod = byKind(await render(scenario('full')), 'Deployment')[0].spec.template.spec;
    expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } });
    expect(pod.automountServiceAccountToken).toBe(false);
    for (const c of [...pod.initContainers, ...pod.containers]) {
      expect(c.securityContext, c.name).toMatchObject({ runAsNonRoot: true, allowPrivilegeEscalation: false, privileged: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } });
      for (const k of ['cpu', 'memory', 'ephemeral-storage']) {
        expect(c.resources.requests[k], `${c.name} requests.${k}`).toBeTruthy();
        expect(c.resources.limits[k], `${c.name} limits.${k}`).toBeTruthy();
      }
    }
    // /tmp and the scratch folder are the only places the server writes, besides the plugins folder.
    expect(pod.volumes.filter((v: any) => v.emptyDir).map((v: any) => v.name).sort()).toEqual(['plugins', 'scratch', 'tmp']);
  });

  it('takes every image from global.imageRegistry when set, the plugins\' too', async () => {
    const pod = byKind(await render(['--set', 'global.imageRegistry=mirror.example.com']), 'Deployment')[0].spec.template.spec;
    expect([...pod.initContainers, ...pod.containers].map((c: any) => c.image)).toEqual([
      'mirror.example.com/velero/velero-plugin-for-aws:v1.14.3', 'mirror.example.com/velero/velero:v1.18.3',
    ]);
  });

  it('full: the ExternalSecret from Vault, CSI, a ServiceMonitor and the backup alerts', async () => {
    const objects = await render(scenario('full'));
    const es = byKind(objects, 'ExternalSecret');
    expect(es.map((o) => [o.metadata.name, o.spec.secretStoreRef, o.spec.data])).toEqual([[
      'core-core-dr-cloud', { kind: 'ClusterSecretStore', name: 'vault' }, [{ secretKey: 'cloud', remoteRef: { key: 'kv/appgear/velero/dr-s3', property: 'cloud' } }],
    ]]);
    const sm = byKind(objects, 'ServiceMonitor')[0];
    expect(sm.metadata.labels.release).toBe('kube-prometheus');
    expect(sm.spec.endpoints).toEqual([{ port: 'metrics', path: '/metrics' }]);
    const svc = byKind(objects, 'Service')[0];
    for (const [k, v] of Object.entries(sm.spec.selector.matchLabels)) expect(svc.metadata.labels[k], k).toBe(v);
    const rules = byKind(objects, 'PrometheusRule')[0].spec.groups[0].rules as { alert: string; expr: string; labels: Record<string, string> }[];
    expect(rules.map((r) => r.alert)).toEqual(['VeleroBackupFailed', 'VeleroBackupPartiallyFailed', 'VeleroBackupLocationUnavailable', 'VeleroNoRecentBackup', 'VeleroNoRecentBackup', 'VeleroNoRecentBackup']);
    expect(rules[0]!.expr).toBe('sum by (schedule) (increase(velero_backup_failure_total{namespace="dr", job="core-core-dr"}[1h])) > 0');
    const stale = rules.filter((r) => r.alert === 'VeleroNoRecentBackup');
    expect(stale.map((r) => r.labels.schedule)).toEqual(['core-infra-daily', 'workspaces-daily', 'cluster-full-weekly']);
    expect(stale[2]!.expr).toContain('velero_backup_last_successful_timestamp{namespace="dr", job="core-core-dr", schedule="cluster-full-weekly"}[170h]');
    expect(stale[2]!.expr).toContain('> 612000');
    expect(byKind(objects, 'VolumeSnapshotLocation').map((o) => o.spec)).toEqual([{ provider: 'csi' }]);
  });

  it('two-locations: one default, a read-only archive with its CA, egress to its port, no CSI without the snapshot CRDs', async () => {
    const objects = await render(scenario('two-locations'));
    const bsl = byKind(objects, 'BackupStorageLocation');
    expect(bsl.map((o) => [o.metadata.name, o.spec.default, o.spec.accessMode])).toEqual([['dr-s3-external', true, 'ReadWrite'], ['minio-archive', false, 'ReadOnly']]);
    expect(bsl[1].spec.objectStorage).toEqual({ bucket: 'archive', caCertRef: { name: 'minio-ca', key: 'ca.crt' } });
    expect(bsl[1].spec.config).toEqual({ region: 'us-east-1', s3ForcePathStyle: 'true', s3Url: 'https://minio.dr.example.com:9000' });
    const np = byKind(objects, 'NetworkPolicy')[0];
    expect(np.spec.egress[1].ports.map((p: any) => p.port)).toEqual([443, 6443, 9000]);
    expect(np.spec.egress[1].to).toBeUndefined();
    const sched = byKind(objects, 'Schedule');
    expect(sched.map((o) => [o.metadata.name, o.spec.schedule, o.spec.template.storageLocation, o.spec.template.volumeSnapshotLocations])).toEqual([['hourly-core', '@hourly', 'dr-s3-external', undefined]]);
    expect(Object.keys(sched[0].metadata.annotations).filter((k) => k.startsWith('velero.io/'))).toEqual([]);
    expect(byKind(objects, 'VolumeSnapshotLocation')).toEqual([]);
  });

  it('restore-mode: every schedule paused, every location ReadOnly, restore access bound, pod exec for hooks', async () => {
    const objects = await render(scenario('restore-mode'));
    expect(byKind(objects, 'Schedule').map((o) => o.spec.paused)).toEqual([true, true, true]);
    expect(byKind(objects, 'BackupStorageLocation').map((o) => o.spec.accessMode)).toEqual(['ReadOnly']);
    const roles = Object.fromEntries(byKind(objects, 'ClusterRole').map((o) => [o.metadata.name, o.rules]));
    expect(Object.keys(roles).sort()).toEqual(['dr-core-core-dr-backup', 'dr-core-core-dr-restore']);
    expect(roles['dr-core-core-dr-restore']).toEqual([
      { apiGroups: ['*'], resources: ['*'], verbs: ['create', 'patch', 'update'] },
      { apiGroups: ['rbac.authorization.k8s.io'], resources: ['clusterroles', 'roles'], verbs: ['bind', 'escalate'] },
    ]);
    expect(roles['dr-core-core-dr-backup']).toContainEqual({ apiGroups: [''], resources: ['pods/exec'], verbs: ['create'] });
    expect(byKind(objects, 'ClusterRoleBinding').map((o) => o.roleRef.name).sort()).toEqual(['dr-core-core-dr-backup', 'dr-core-core-dr-restore']);
  });

  it('prints in NOTES.txt the runbook the README has, with the release\'s names', async () => {
    const notesOf = async (args: string[]) => {
      const probe = (await render(['--show-only', 'templates/zz-notes-probe.yaml', ...args]))[0] as any;
      return probe.data.notes as string;
    };
    const commands = (text: string) => text.split('\n').map((l) => l.trim()).filter((l) => /^(velero|kubectl|helm) /.test(l));
    const readmeText = readFileSync(join(CHARTS, CHART, 'README.md'), 'utf8');
    const readme = readmeText.slice(readmeText.indexOf('## Day-0 restore runbook'), readmeText.indexOf('## Values')).replaceAll('<namespace>', 'dr').replaceAll('<release>', 'core');
    const notes = await notesOf(['--set', 'global.capabilities.velero=true']);
    expect(commands(notes).length).toBe(8);
    expect(commands(notes)).toEqual(commands(readme));
    expect(notes).toContain('velero restore create day0-1-core-infra-daily --from-schedule core-infra-daily --include-namespaces security --wait --namespace dr');
    // The install-time values, not the defaults: another order, restore mode.
    const other = await notesOf(['--set', 'restoreMode=true', '--set', 'restoreOrder[0].schedule=cluster-full-weekly', '--set', 'restoreOrder[0].namespaces[0]=ws-*']);
    expect(other).toContain('RESTORE MODE IS ON');
    expect(commands(other)).toContain('velero restore create day0-1-cluster-full-weekly --from-schedule cluster-full-weekly --include-namespaces ws-* --wait --namespace dr');
    expect(other).toContain('cluster-full-weekly: "0 3 * * 0", kept 2160h, namespaces * except kube-node-lease, kube-public, kube-system, rook-ceph, ws-tmp (paused)');
  });

  it('names the umbrella key in the runbook\'s --set when installed through the umbrella', async () => {
    const r = await helmRun(helm, ['template', 'core', join(dir, 'appgear'), '--namespace', 'appgear-core', '--show-only', `charts/dr/templates/zz-notes-probe.yaml`]);
    expect(r.exitCode, r.stderr).toBe(0);
    const notes = (parseManifests(r.stdout)[0] as any).data.notes as string;
    expect(notes).toContain('helm upgrade --install core <chart> --namespace appgear-core --set dr.restoreMode=true --set global.capabilities.velero=true');
    expect(notes).toContain('velero backup get --namespace appgear-core');
  });
});
