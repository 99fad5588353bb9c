// A real backup-and-restore round trip with the core-dr chart: the pinned Velero server and its AWS plugin
// (built from their Go modules) run as processes against the local control plane, backing up to an
// S3-compatible server on 127.0.0.1 (test/cluster/velero.ts). The chart is installed with Helm as a user would;
// Velero reads the BackupStorageLocation, the Schedule and the credentials Secret the chart renders. A namespace
// holding one of our charts (core-redis) is backed up from the chart's Schedule, deleted, restored, and its
// objects must come back with their labels. Then the workspaces Schedule as the chart ships it: of two workspace
// namespaces (ws-*) only the one whose chart carries appgear.io/backup-enabled=true on its objects is backed up,
// and no labelled object outside ws-* is.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { parse, parseAllDocuments } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KUBECONFIG, startProvisioner } from '../../ci/cluster/api.mjs';
import { TMP, createSecrets, deleteNamespace, freshNamespace, helm, kubectl, must, recordSummary, referencedSecrets, scratchCharts, tools, until } from './harness.ts';
import { type Processes, startProcesses } from './velero.ts';

const TIMEOUT = '180s';
const BUCKET = 'appgear-dr';
const SCHEDULE = 'core-infra-daily';
const WORKSPACES = 'workspaces-daily';
const BACKUP_LABEL = 'appgear.io/backup-enabled';
/** What the chart puts in a namespace and Velero must bring back (Pods come back from their StatefulSet). */
const KINDS = ['statefulsets', 'services', 'configmaps', 'serviceaccounts', 'networkpolicies', 'poddisruptionbudgets', 'secrets'];

let charts = '';
let processes: Processes;
let stopProvisioner: () => Promise<void>;
const namespaces: string[] = [];

beforeAll(async () => {
  stopProvisioner = startProvisioner(tools.kubectl, KUBECONFIG);
  [charts, processes] = await Promise.all([scratchCharts(), startProcesses()]);
});

afterAll(async () => {
  for (const ns of namespaces) {
    await kubectl(['delete', 'backups.velero.io,restores.velero.io,schedules.velero.io,backupstoragelocations.velero.io', '--all', '-n', ns, '--wait=false']);
    await deleteNamespace(ns);
  }
  await processes?.stop();
  await stopProvisioner?.();
  if (charts) rmSync(charts, { recursive: true, force: true });
});

type Obj = { kind: string; metadata: { name: string; namespace?: string; labels?: Record<string, string> }; spec?: any; data?: Record<string, string> };

async function objectsIn(ns: string): Promise<Map<string, Record<string, string>>> {
  const list = JSON.parse((await must(kubectl(['get', KINDS.join(','), '-n', ns, '-o', 'json']), `listing ${ns}`)).stdout) as { items: Obj[] };
  return new Map(list.items
    .filter((o) => o.metadata.labels?.['app.kubernetes.io/managed-by'] === 'Helm' || o.kind === 'Secret')
    .map((o) => [`${o.kind}/${o.metadata.name}`, o.metadata.labels ?? {}]));
}


describe('core-dr: a backup-and-restore round trip with a real Velero', () => {
  let dr = '';
  let target = '';
  let redis = '';
  const t0 = Date.now();
  const phase = (name: string, kind: string) => kubectl(['get', kind, name, '-n', dr, '-o', 'jsonpath={.status.phase}']).then((r) => r.stdout);

  // The DR chart installed with Helm and Velero running as its Deployment would: shared by both tests.
  beforeAll(async () => {
    dr = await freshNamespace('appgear-dr');
    target = await freshNamespace('appgear-dr-target');
    namespaces.push(dr, target);
    await processes.createBucket(BUCKET);

    // The objects to protect: core-redis, installed as a user would.
    redis = join(charts, 'core-redis');
    const redisManifest = (await must(helm(['template', 'redis', redis, '--namespace', target]), 'helm template core-redis')).stdout;
    await createSecrets(target, referencedSecrets(redisManifest));
    await must(helm(['install', 'redis', redis, '--namespace', target, '--wait', '--timeout', TIMEOUT]), 'helm install core-redis');

    // The DR chart, pointed at the S3 server, with the core schedule covering that namespace and the
    // workspaces schedule as shipped.
    const values = join(TMP, `velero-values-${target}.yaml`);
    const drChart = join(charts, 'core-dr');
    // The chart's own default location and schedules, changed only where this machine differs.
    const defaults = parse(readFileSync(join(drChart, 'values.yaml'), 'utf8')) as { backupStorageLocations: Record<string, unknown>[]; schedules: { name: string }[] };
    const location = { ...defaults.backupStorageLocations[0], bucket: BUCKET, s3Url: processes.s3Endpoint, s3ForcePathStyle: true, default: true };
    const schedule = { ...defaults.schedules.find((x) => x.name === SCHEDULE), includedNamespaces: [target] };
    writeFileSync(values, JSON.stringify({
      global: { capabilities: { velero: true, externalSecrets: false, snapshots: false } },
      credentials: { externalSecret: { enabled: false } },
      backupStorageLocations: [location],
      schedules: [schedule, defaults.schedules.find((x) => x.name === WORKSPACES)],
      restoreOrder: [{ schedule: SCHEDULE, namespaces: [target] }],
    }));
    const manifest = (await must(helm(['template', 'dr', drChart, '--namespace', dr, '-f', values]), 'helm template core-dr')).stdout;
    const objects = parseAllDocuments(manifest).map((d) => d.toJS() as Obj).filter(Boolean);
    const deployment = objects.find((o) => o.kind === 'Deployment')!;
    const credentials = (deployment.spec.template.spec.volumes as { name: string; secret?: { secretName: string } }[]).find((v) => v.secret)!.secret!.secretName;
    // The credentials file Velero's AWS plugin reads, in the Secret the chart mounts (as Vault would fill it).
    const cloud = '[default]\naws_access_key_id = appgear-test\naws_secret_access_key = appgear-test-secret\n';
    await must(kubectl(['create', 'secret', 'generic', credentials, '-n', dr, `--from-literal=cloud=${cloud}`]), 'creating the credentials Secret');
    await must(helm(['install', 'dr', drChart, '--namespace', dr, '-f', values, '--wait', '--timeout', TIMEOUT]), 'helm install core-dr');
    expect(objects.filter((o) => o.kind === 'Schedule').map((o) => o.metadata.name)).toEqual([SCHEDULE, WORKSPACES]);

    // Velero as the chart's pod would run it: its namespace, the plugin, the credentials file from that Secret.
    const secret = JSON.parse((await must(kubectl(['get', 'secret', credentials, '-n', dr, '-o', 'json']), 'reading the Secret')).stdout) as { data: Record<string, string> };
    const server = (deployment.spec.template.spec.containers as { name: string; args: string[] }[]).find((c) => c.name === 'velero')!;
    await processes.startVelero(dr, Buffer.from(secret.data.cloud!, 'base64').toString('utf8'), server.args);
    await until('the BackupStorageLocation Available', 120, async () => {
      const r = await kubectl(['get', 'backupstoragelocations.velero.io', 'dr-s3-external', '-n', dr, '-o', 'jsonpath={.status.phase}']);
      return r.stdout === 'Available' ? true : undefined;
    }, () => processes.logTail(30));
  });

  it('backs up a namespace of our charts from the chart\'s Schedule to S3, and restores it after the namespace is deleted', async () => {
    const before = await objectsIn(target);
    expect(before.size).toBeGreaterThan(4);
    const backup = await processes.velero(['backup', 'create', 'round-trip', '--from-schedule', SCHEDULE, '--wait']);
    expect(backup.exitCode, backup.all).toBe(0);
    const described = async (what: string) => (await processes.velero([what, 'describe', 'round-trip', '--details'])).all;
    expect(await phase('round-trip', 'backups.velero.io'), `${await described('backup')}\n${processes.logTail(60)}`).toBe('Completed');

    await must(kubectl(['delete', 'namespace', target, '--wait=true', '--timeout=180s']), `deleting ${target}`);
    const restore = await processes.velero(['restore', 'create', 'round-trip', '--from-backup', 'round-trip', '--wait']);
    expect(restore.exitCode, restore.all).toBe(0);
    expect(await phase('round-trip', 'restores.velero.io'), `${await described('restore')}\n${processes.logTail(60)}`).toBe('Completed');

    const after = await objectsIn(target);
    expect([...after.keys()].sort()).toEqual(expect.arrayContaining([...before.keys()].filter((k) => !k.startsWith('Secret/sh.helm') && !k.startsWith('ConfigMap/kube-root-ca')).sort()));
    for (const [key, labels] of before) {
      if (!after.has(key)) continue;
      expect(after.get(key), key).toEqual(expect.objectContaining(labels));
    }
    const helmRelease = await helm(['status', 'redis', '--namespace', target]);
    expect(helmRelease.exitCode, helmRelease.all).toBe(0);
    const seconds = Math.round((Date.now() - t0) / 1000);
    console.log(`[cluster] velero: ${processes.versions.velero} with plugin-for-aws ${processes.versions.awsPlugin} and ${processes.versions.s3}: backed up ${before.size} objects of core-redis from Schedule ${SCHEDULE}, deleted the namespace, restored them with their labels (and the Helm release); ${seconds} s`);
    recordSummary('velero', { ...processes.versions, objects: before.size, seconds });
  });


  it('backs up, from the workspaces Schedule as shipped, only the objects labelled for backup in ws-* namespaces', async () => {
    const t1 = Date.now();
    // Two workspaces and a namespace outside the pattern, each with one of our charts: the marked workspace's and
    // the outside one's carry the backup label on every object they render (global.commonLabels and the chart's
    // backup switch, as the generator sets a workspace with backup), the unmarked one's on none (its backup switch
    // off: the core charts label their workloads and claims by default); an unlabelled ConfigMap sits in the
    // marked workspace too.
    const marked = await freshNamespace('ws-marked');
    const unmarked = await freshNamespace('ws-unmarked');
    const outside = await freshNamespace('appgear-dr-outside');
    namespaces.push(marked, unmarked, outside);
    const label = { [BACKUP_LABEL]: 'true' };
    for (const [ns, labels] of [[marked, label], [unmarked, {}], [outside, label]] as const) {
      const set = ['--set-json', `global.commonLabels=${JSON.stringify(labels)}`, '--set', `backup.enabled=${Object.keys(labels).length > 0}`];
      const manifest = (await must(helm(['template', 'redis', redis, '--namespace', ns, ...set]), 'helm template core-redis')).stdout;
      await createSecrets(ns, referencedSecrets(manifest));
      await must(helm(['install', 'redis', redis, '--namespace', ns, ...set, '--wait', '--timeout', TIMEOUT]), `helm install core-redis into ${ns}`);
    }
    await must(kubectl(['create', 'configmap', 'not-marked', '-n', marked, '--from-literal=a=b']), 'creating an unlabelled ConfigMap');

    const name = 'workspaces-selection';
    const backup = await processes.velero(['backup', 'create', name, '--from-schedule', WORKSPACES, '--wait']);
    expect(backup.exitCode, backup.all).toBe(0);
    expect(await phase(name, 'backups.velero.io'), `${(await processes.velero(['backup', 'describe', name, '--details'])).all}\n${processes.logTail(60)}`).toBe('Completed');

    // What the backup holds, from its tarball in the bucket: resources/<resource>[.<group>]/namespaces/<ns>/<name>.json
    const tarball = join(TMP, `velero-${name}-${dr}.tar.gz`);
    const download = await processes.velero(['backup', 'download', name, '-o', tarball, '--force']);
    expect(download.exitCode, download.all).toBe(0);
    const listed = await execa('tar', ['-tzf', tarball]);
    rmSync(tarball, { force: true });
    const items = listed.stdout.split('\n').map((e) => /^resources\/([^/.]+)(?:\.[^/]+)?\/namespaces\/([^/]+)\/([^/]+)\.json$/.exec(e)).filter((m) => m !== null)
      .map(([, resource, ns, item]) => `${resource} ${ns}/${item}`);
    expect([...new Set(items.map((i) => i.split(' ')[1]!.split('/')[0]))], `namespaces in the backup: ${items.join(', ')}`).toEqual([marked]);
    // Every labelled object of the marked workspace is in it, and nothing else of that namespace.
    const wanted: string[] = [];
    for (const kind of KINDS) {
      const names = (await must(kubectl(['get', kind, '-n', marked, '-l', `${BACKUP_LABEL}=true`, '-o', 'jsonpath={.items[*].metadata.name}']), `listing ${kind}`)).stdout.split(' ').filter(Boolean);
      wanted.push(...names.map((n) => `${kind} ${marked}/${n}`));
    }
    expect(wanted.length).toBeGreaterThan(4);
    expect(items).toEqual(expect.arrayContaining(wanted));
    expect(items).not.toContain(`configmaps ${marked}/not-marked`);
    const seconds = Math.round((Date.now() - t1) / 1000);
    console.log(`[cluster] velero: Schedule ${WORKSPACES} (namespaces ws-*, objects labelled ${BACKUP_LABEL}=true) backed up ${items.length} objects, all from ${marked} (${wanted.length} labelled objects of core-redis among them); none from ${unmarked} (unlabelled) or ${outside} (labelled, outside ws-*); ${seconds} s`);
    recordSummary('velero-workspaces', { objects: items.length, seconds });
  });
});
