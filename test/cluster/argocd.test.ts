// The GitOps path end to end with a real Argo CD (test/cluster/argocd.ts): the charts published to a real
// registry (HTTPS with a throwaway CA, which Argo CD trusts through its TLS data folder), the generated
// bootstrap chart installed from that registry into Argo CD's namespace, the ApplicationSet controller
// creating the environment's Application, the repo-server pulling the umbrella with Helm, the application
// controller syncing it onto the kwok nodes, per environment both modules: core-data-brokers and core-dr (the
// DR instance, Velero, in its own namespace). Then a second refresh (no perpetual diff); a real Velero (built
// from its Go module, test/cluster/velero.ts) taking Backups from core-dr's Schedule while Argo CD keeps the
// Application Synced and prunes none of them; the workspaces of the factory suite (the suite Application holding
// the workspaces ApplicationSet, one Application per workspace); and an upgrade: a newer platform is published,
// the environments are pointed at it, Argo CD rolls it out where the manifests changed, and the workspace removed
// from the platform loses its Application and workloads but keeps its namespace and claim.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KUBECONFIG, argoCdBinary, startProvisioner } from '../../ci/cluster/api.mjs';
import { type Registry, startRegistry } from '../delivery/registry.ts';
import { cliWith, scratchRepo } from '../helpers/workspace.ts';
import { type ArgoCd, registerCluster, startArgoCd } from './argocd.ts';
import { type Processes, startProcesses } from './velero.ts';
import { deepMerge } from '../../generator/parse/resolvePlatform.ts';
import { factory } from '../../generator/index.ts';
import { REPO, TMP, createSecrets, deleteNamespace, freshNamespace, helm, kubectl, must, recordSummary, referencedSecrets, tools, until as untilReached } from './harness.ts';

const ARGOCD_NS = 'argocd';
const BOOTSTRAP = 'appgear-bootstrap';
/** The reference platform's modules: the core instances, and the DR instance (Velero) in its own namespace. */
const CORE = 'core-data-brokers';
const DR = 'core-dr';
/** The shared Airbyte of the Factory suite, its own module in factory-data. */
const FACTORY_DATA = 'suite-factory-data';
const MODULES = [CORE, DR, FACTORY_DATA];
/** Argo CD's name of the API server registered a second time for the production environment. */
const PRODUCTION_CLUSTER = 'kwok';
/** One Application of an environment: its module, its name, its namespace (made by the test). */
interface Deployed { module: string; app: string; namespace: string; summary?: string }
interface Env { name: string; cluster: string; apps: Deployed[] }
/** staging: the list generator's in-cluster; production: the cluster generator, a cluster Secret by label. */
const ENVS: Env[] = [
  { name: 'staging', cluster: 'in-cluster', apps: [] },
  { name: 'production', cluster: PRODUCTION_CLUSTER, apps: [] },
].map((e) => ({ ...e, apps: MODULES.map((m) => ({ module: m, app: `${m}-${e.name}-${e.cluster}`, namespace: '' })) }));
const allApps = () => ENVS.flatMap((e) => e.apps);
const appOf = (env: Env, module: string) => env.apps.find((a) => a.module === module)!;
/** The Schedule the real Velero takes Backups from while Argo CD watches (every minute, for the test). */
const SCHEDULE = 'core-infra-daily';
const BUCKET = 'appgear-dr';
/** The factory suite's workspaces run in staging here (both environments are one API server, one ws-* namespace each). */
const SUITE = 'factory';
const SUITE_ENV = 'staging';
/**
 * What the workspaces' releases lack here, as the suite's and the environment's values of the installation:
 * no KEDA and no external-secrets operator (as for the modules), and no ingress controller, without which an
 * Ingress never gets an address and Argo CD keeps it Progressing.
 */
const SUITE_VALUES = { ingress: { enabled: false } };
const SUITE_GLOBAL = { capabilities: { keda: false, externalSecrets: false } };
const chartVersion = (chart: string) => (parse(readFileSync(join(REPO, 'charts', chart, 'Chart.yaml'), 'utf8')) as { version: string }).version;
const umbrellaVersion = chartVersion('appgear');
const bootstrapVersion = chartVersion(BOOTSTRAP);
const nextPatch = (v: string) => v.replace(/(\d+)$/, (n) => String(Number(n) + 1));

/**
 * What this cluster lacks, and the values that say so: the environment's Application carries them over the
 * staging file (the bootstrap's `environments.<env>.values`, Argo CD's helm.valuesObject), as an operator
 * describes a cluster without those controllers. Argo CD waits, wave by wave, for every resource to be Healthy,
 * and the health of these kinds is a status only their own controller writes, so with them on the sync would
 * wait forever; nothing here patches a status or a health check. Helm installs them with the features on
 * (install.test.ts, oci-install.test.ts), where no health is awaited.
 */
const ABSENT: { values: Record<string, unknown>; why: string }[] = [
  { values: { global: { capabilities: { externalSecrets: false } }, postgres: { credentials: { externalSecret: { enabled: false } } }, rabbitmq: { credentials: { externalSecret: { enabled: false } }, erlangCookie: { externalSecret: { enabled: false } } }, backup: { logical: { s3Credentials: { externalSecret: { enabled: false } } } }, dr: { credentials: { externalSecret: { enabled: false } } } },
    why: 'no external-secrets operator runs here: ExternalSecrets would never report Ready; the test creates the Secrets they would make' },
  { values: { global: { capabilities: { keda: false } } }, why: 'no KEDA runs here: ScaledObjects would never report Ready' },
  { values: { global: { capabilities: { snapshots: false } } }, why: 'kwok nodes have no CSI driver: VolumeSnapshots would never become ready' },
  { values: { airbyte: { application: { enabled: false } } },
    why: 'the shared Airbyte is an upstream chart this machine cannot fetch: its Application would never sync (install.test.ts has the API server accept it); the chart\'s own NetworkPolicy stays' },
  { values: { global: { capabilities: { rook: false } }, ceph: { enabled: false } },
    why: 'the Rook operator is an upstream chart this machine cannot fetch: the CephCluster (wave 1) would never report, so the pools and classes after it would never be applied' },
];

const clusterValues = ABSENT.reduce((acc, a) => deepMerge(acc, a.values), {} as Record<string, unknown>);
/** Staging's DR values for this machine: its bucket on the loopback S3 server, and the core Schedule every minute. */
let stagingDr: Record<string, unknown> = {};
const valuesFor = (env: string) => deepMerge(clusterValues, env === 'staging' ? stagingDr : {});

interface Resource { group?: string; kind: string; namespace?: string; name: string; status?: string; health?: { status: string; message?: string } }
interface App {
  metadata: { name: string; annotations?: Record<string, string>; ownerReferences?: { kind: string; name: string }[] };
  spec: { source: { repoURL: string; chart?: string; targetRevision: string }; destination: { server: string; namespace: string } };
  /** A requested operation (a sync), until the controller takes it. */
  operation?: unknown;
  status?: {
    sync?: { status: string; revision?: string };
    health?: { status: string };
    resources?: Resource[];
    reconciledAt?: string;
    conditions?: { type: string; message: string }[];
    operationState?: { phase: string; message?: string; startedAt?: string; syncResult?: { revision: string } };
    history?: { revision: string }[];
  };
}

let registry: Registry;
let argocd: ArgoCd;
let velero: Processes;
let stopProvisioner: () => Promise<void>;
let url: string;
const namespaces: string[] = [];
/** The workspaces' namespaces (Argo CD creates them; fixed names, so removed after the run). */
const wsNamespaces: string[] = [];
const scratch: string[] = [];
let deployed: Resource[] = [];

async function publish(cwd: string): Promise<string> {
  const out = mkdtempSync(join(TMP, 'argocd-packages-'));
  scratch.push(out);
  const r = await cliWith({ HELM: tools.helm }, cwd, 'publish', url, '--ca-file', registry.caFile!, '--out', out);
  expect(r.exitCode, `${r.stdout}\n${r.stderr}`).toBe(0);
  return `${r.stdout}\n${r.stderr}`;
}

const getJson = async <T>(args: string[]): Promise<T> => JSON.parse((await must(kubectl([...args, '-o', 'json']), `kubectl ${args.join(' ')}`)).stdout) as T;
const allApplications = async () => (await getJson<{ items: App[] }>(['get', 'applications.argoproj.io', '-n', ARGOCD_NS])).items;
const fromApplicationSet = (a: App) => (a.metadata.ownerReferences ?? []).some((o) => o.kind === 'ApplicationSet');
/** The Applications the bootstrap's ApplicationSets made (not those the charts themselves render). */
const applications = async () => (await allApplications()).filter(fromApplicationSet);

/** Poll until `check` returns a value (every 2 s), or fail with what was last seen and Argo CD's logs. */
const until = <T>(what: string, seconds: number, check: () => Promise<T | undefined>, seen: () => Promise<unknown>) =>
  untilReached(what, seconds, check, async () => `Last seen:\n${JSON.stringify(await seen(), null, 2).slice(0, 6000)}\n${argocd.logTail(25)}`, 2000);

const key = (r: Resource) => `${r.group ? `${r.group}/` : ''}${r.kind}`;
const describeResource = (r: Resource) => `${key(r)} ${r.namespace ? `${r.namespace}/` : ''}${r.name}`;

/** The sync at `revision` succeeded, the application is Synced and Healthy, and so is every resource. */
function settled(app: App | undefined, revision: string): App | undefined {
  const s = app?.status;
  if (!s || s.sync?.status !== 'Synced' || s.sync.revision !== revision || s.operationState?.phase !== 'Succeeded' || s.health?.status !== 'Healthy') return undefined;
  const resources = s.resources ?? [];
  if (resources.some((r) => r.status !== 'Synced' || (r.health && r.health.status !== 'Healthy'))) return undefined;
  return app;
}

beforeAll(async () => {
  stopProvisioner = startProvisioner(tools.kubectl, KUBECONFIG);
  registry = await startRegistry({ tls: true });
  url = `oci://${registry.host}/appgear/charts`;
  await publish(REPO);
  [argocd, velero] = await Promise.all([
    startArgoCd({ namespace: ARGOCD_NS, tlsCerts: { '127.0.0.1': readFileSync(registry.caFile!, 'utf8') } }),
    startProcesses(),
  ]);
});

afterAll(async () => {
  // The ApplicationSets keep what they deployed when removed (syncPolicy.preserveResourcesOnDeletion, the
  // bootstrap's default): remove what Argo CD created here by the list it reported, once the release is gone.
  const reported = await applications().then((apps) => apps.flatMap((a) => a.status?.resources ?? []), () => []);
  await helm(['uninstall', 'bootstrap', '--namespace', ARGOCD_NS, '--wait', '--timeout', '120s', '--ignore-not-found']);
  // The workspaces ApplicationSet outlives its suite Application (preserved); removed while Argo CD still runs,
  // its Applications go with their finalizers handled (a finalizer left after Argo CD stops would block them).
  await kubectl(['delete', 'applicationsets.argoproj.io', '-n', ARGOCD_NS, '-l', 'app.kubernetes.io/part-of=appgear', '--ignore-not-found', '--wait=true', '--timeout=60s']);
  await kubectl(['delete', 'applications.argoproj.io', '-n', ARGOCD_NS, '-l', 'app.kubernetes.io/part-of=appgear', '--ignore-not-found', '--wait=true', '--timeout=120s']);
  await kubectl(['delete', 'secret', 'appgear-charts-registry', '-n', ARGOCD_NS, '--ignore-not-found']);
  const seen = new Set<string>();
  for (const r of [...deployed, ...reported].filter((d) => d.kind !== 'Namespace')) {
    if (seen.has(describeResource(r))) continue;
    seen.add(describeResource(r));
    await kubectl(['delete', `${r.kind}${r.group ? `.${r.group}` : ''}`, r.name, ...(r.namespace ? ['-n', r.namespace] : []), '--ignore-not-found', '--wait=false']);
  }
  for (const n of [...namespaces, ...wsNamespaces]) await deleteNamespace(n);
  await kubectl(['delete', 'secret', `cluster-${PRODUCTION_CLUSTER}`, '-n', ARGOCD_NS, '--ignore-not-found']);
  await velero?.stop();
  await argocd?.stop();
  await registry?.stop();
  await stopProvisioner?.();
  for (const d of scratch) rmSync(d, { recursive: true, force: true });
});

describe(`a real Argo CD (${argoCdBinary().version}) syncing the platform from the registry`, () => {
  it('the ApplicationSets create one Application per module and environment (list and cluster generators); each syncs Synced and Healthy, stays Synced after a hard refresh and while Velero takes Backups from its Schedule, and upgrades to a newer published version', async () => {
    const repoURL = `${registry.host}/appgear/charts`;
    const tls = ['--ca-file', registry.caFile!];
    const pulled = mkdtempSync(join(TMP, 'argocd-pulled-'));
    scratch.push(pulled);
    await must(helm(['pull', `${url}/appgear`, '--version', umbrellaVersion, '--untar', '--destination', pulled, ...tls]), 'helm pull');
    const bootstrapDefaults = parse(readFileSync(join(REPO, 'charts', BOOTSTRAP, 'values.yaml'), 'utf8')) as {
      modules: Record<string, { values: Record<string, unknown> }>;
      workspaces: { id: string; tenant: string; releases: Record<string, Record<string, unknown>> }[];
    };
    wsNamespaces.push(...bootstrapDefaults.workspaces.map((w) => `ws-${w.id}-${SUITE}`));
    // The DR instance's location as the platform gives it, its Schedules as the DR chart ships them.
    const umbrellaDefaults = parse(readFileSync(join(pulled, 'appgear', 'values.yaml'), 'utf8')) as { dr: { backupStorageLocations: Record<string, unknown>[] } };
    const drDefaults = parse(readFileSync(join(REPO, 'charts', 'core-dr', 'values.yaml'), 'utf8')) as { schedules: { name: string }[] };

    // Each Application's namespace, made by the test (so a killed run's leftovers are found by label) with the
    // credentials Secrets its pods read, as an operator (or the external-secrets operator) provides them.
    for (const env of ENVS) for (const a of env.apps) {
      a.namespace = await freshNamespace(`appgear-${env.name}-${a.module === CORE ? 'core' : a.module.replace(/^(core|suite)-/, '')}-argocd`);
      namespaces.push(a.namespace);
    }
    // Staging's DR instance writes to the loopback S3 server and backs up staging's core namespace every
    // minute: the chart's own location and Schedule, changed only where this machine differs.
    await velero.createBucket(BUCKET);
    stagingDr = {
      dr: {
        backupStorageLocations: [{ ...umbrellaDefaults.dr.backupStorageLocations[0], bucket: BUCKET, s3Url: velero.s3Endpoint, s3ForcePathStyle: true, default: true }],
        schedules: [{ ...drDefaults.schedules.find((x) => x.name === SCHEDULE), schedule: '* * * * *', includedNamespaces: [appOf(ENVS[0]!, CORE).namespace] }],
      },
    };
    for (const env of ENVS) for (const a of env.apps) {
      // What Argo CD will render for it: the environment's file, the cluster's values, the module's switches.
      const overlay = join(pulled, `cluster-values-${env.name}-${a.module}.yaml`);
      writeFileSync(overlay, JSON.stringify(deepMerge(valuesFor(env.name), bootstrapDefaults.modules[a.module]!.values)));
      const manifest = (await must(helm(['template', 'core', join(pulled, 'appgear'), '--namespace', a.namespace, '-f', join(pulled, 'appgear', `values-${env.name}.yaml`), '-f', overlay]), 'helm template')).stdout;
      await createSecrets(a.namespace, referencedSecrets(manifest));
    }

    // Argo CD knows a scheme-less repoURL as an OCI registry only when it parses as a URL, which a host with a
    // port does not: such a registry is declared, as `argocd repo add --type helm --enable-oci` does (no
    // credentials here; a private registry's go in the same Secret or a repo-creds template).
    await must(kubectl(['apply', '-f', '-'], JSON.stringify({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'appgear-charts-registry', namespace: ARGOCD_NS, labels: { 'argocd.argoproj.io/secret-type': 'repository' } },
      stringData: { type: 'helm', name: 'appgear-charts', url: repoURL, enableOCI: 'true' },
    })), 'declaring the registry to Argo CD');

    // The bootstrap chart, from the registry, pointed at it.
    const values = join(pulled, 'bootstrap-values.yaml');
    writeFileSync(values, JSON.stringify({
      argocd: { namespace: ARGOCD_NS },
      source: { kind: 'oci', oci: { registry: repoURL, version: umbrellaVersion } },
      environments: Object.fromEntries(ENVS.map((e) => [e.name, { namespaces: Object.fromEntries(e.apps.map((a) => [a.module, a.namespace])), values: valuesFor(e.name), global: SUITE_GLOBAL }])),
      suites: { [SUITE]: { values: SUITE_VALUES, environments: [SUITE_ENV] } },
    }));
    await must(helm(['install', 'bootstrap', `${url}/${BOOTSTRAP}`, '--version', bootstrapVersion, '--namespace', ARGOCD_NS, '-f', values, ...tls]), 'helm install of the bootstrap chart');
    const sets = await getJson<{ items: { metadata: { name: string } }[] }>(['get', 'applicationsets.argoproj.io', '-n', ARGOCD_NS]);
    expect(sets.items.map((s) => s.metadata.name).sort()).toEqual([...MODULES.flatMap((m) => ENVS.map((e) => `${m}-${e.name}`)), `suite-${SUITE}-${SUITE_ENV}`].sort());

    const app = (name: string) => applications().then((all) => all.find((a) => a.metadata.name === name));
    const [staging, production] = ENVS as [Env, Env];
    const names = (env: Env) => env.apps.map((a) => a.app);
    // staging: the list generator's one cluster (Argo CD's in-cluster) gives its Applications at once.
    for (const a of staging.apps) {
      const created = await until(`the staging ApplicationSet of ${a.module} creates its Application`, 120, () => app(a.app), applications);
      expect(created.spec.source).toEqual(expect.objectContaining({ repoURL, chart: 'appgear', targetRevision: umbrellaVersion }));
      expect(created.spec.destination.namespace).toBe(a.namespace);
    }
    // production: the cluster generator selects cluster Secrets labelled appgear.io/environment=production; none
    // yet, so no Application, until the same API server is registered under its own address with that label.
    const moduleApps = async () => (await applications()).map((a) => a.metadata.name).filter((n) => allApps().some((x) => x.app === n));
    expect((await moduleApps()).sort()).toEqual(names(staging).sort());
    const server = await registerCluster(ARGOCD_NS, PRODUCTION_CLUSTER, { 'appgear.io/environment': 'production' });
    for (const a of production.apps) {
      const prod = await until(`the production ApplicationSet of ${a.module} creates an Application for the labelled cluster`, 120, () => app(a.app), applications);
      expect(prod.spec.destination).toEqual({ server, namespace: a.namespace });
    }
    expect((await moduleApps()).sort()).toEqual(allApps().map((a) => a.app).sort());

    const t0 = Date.now();
    const syncSeconds = Number(process.env.ARGOCD_SYNC_SECONDS ?? 420);
    const expectedKinds: Record<string, string[]> = {
      [CORE]: ['StatefulSet', 'Service', 'NetworkPolicy', 'PodDisruptionBudget', 'CronJob'],
      [DR]: ['Deployment', 'Schedule', 'BackupStorageLocation', 'ClusterRole', 'NetworkPolicy'],
      [FACTORY_DATA]: ['NetworkPolicy'],
    };
    for (const a of allApps()) {
      const synced = await until(`${a.app} Synced and Healthy at ${umbrellaVersion}`, syncSeconds, async () => settled(await app(a.app), umbrellaVersion), () => app(a.app));
      const resources = synced.status!.resources!;
      deployed.push(...resources);
      const healthy = resources.filter((r) => r.health?.status === 'Healthy');
      const kinds = [...new Set(resources.map((r) => r.kind))].sort();
      expect(kinds).toEqual(expect.arrayContaining(expectedKinds[a.module]!));
      // Each module holds only its own instances: no Velero in the core module, no datastore in core-dr.
      expect(kinds).not.toContain(a.module === CORE ? 'Schedule' : 'StatefulSet');
      expect(resources.filter((r) => ['StatefulSet', 'Deployment'].includes(r.kind)).every((r) => r.health?.status === 'Healthy')).toBe(true);
      expect(resources.filter((r) => r.namespace && r.kind !== 'Namespace').every((r) => r.namespace === a.namespace)).toBe(true);
      a.summary = `${a.app}: ${resources.length} resources (${healthy.length} with a health, all Healthy)`;
      console.log(`[cluster] argocd: ${a.app} Synced and Healthy at ${umbrellaVersion} after ${Math.round((Date.now() - t0) / 1000)} s: ${a.summary}; kinds ${kinds.join(', ')}`);
    }
    console.log(`[cluster] argocd: off for this cluster (environments.<env>.values):\n${ABSENT.map((x) => `  ${JSON.stringify(x.values)}: ${x.why}`).join('\n')}`);
    // Only the ApplicationSets' Applications: the charts' own (the Rook operator's) is off for this cluster.
    expect((await allApplications()).filter((a) => !fromApplicationSet(a)).map((a) => a.metadata.name)).toEqual([]);

    /** A hard refresh compares again from scratch; returns the Application after it. */
    const hardRefresh = async (name: string) => {
      const before = (await app(name))!.status!.reconciledAt!;
      await must(kubectl(['annotate', 'applications.argoproj.io', name, '-n', ARGOCD_NS, 'argocd.argoproj.io/refresh=hard', '--overwrite']), 'requesting a refresh');
      return until(`the hard refresh of ${name}`, 120, async () => {
        const a = await app(name);
        return a && !a.metadata.annotations?.['argocd.argoproj.io/refresh'] && a.status?.reconciledAt !== before ? a : undefined;
      }, () => app(name));
    };
    // A second, hard refresh: still Synced, no resource OutOfSync.
    for (const a of allApps()) {
      const refreshed = await hardRefresh(a.app);
      expect(refreshed.status!.resources!.filter((r) => r.status !== 'Synced').map(describeResource), `${a.app}: resources OutOfSync after a hard refresh`).toEqual([]);
      expect(refreshed.status!.sync!.status).toBe('Synced');
    }

    // A real Velero in staging's DR namespace, as the Deployment Argo CD applied runs it: it takes a Backup from
    // the Schedule (due at once: its first minute has passed). The Backup copies the Schedule's annotations,
    // Argo CD's tracking annotation included, yet must be neither reported OutOfSync nor pruned.
    const dr = appOf(staging, DR);
    const live = await getJson<{ spec: { template: { spec: { containers: { name: string; args: string[] }[] } } } }>(['get', 'deployment', 'velero', '-n', dr.namespace]);
    const cloud = '[default]\naws_access_key_id = appgear-test\naws_secret_access_key = appgear-test-secret\n';
    await velero.startVelero(dr.namespace, cloud, live.spec.template.spec.containers.find((c) => c.name === 'velero')!.args);
    const t2 = Date.now();
    interface Backup { metadata: { name: string; labels?: Record<string, string>; annotations?: Record<string, string>; ownerReferences?: { kind: string; name: string; controller?: boolean }[] }; status?: { phase?: string } }
    const backups = async () => (await getJson<{ items: Backup[] }>(['get', 'backups.velero.io', '-n', dr.namespace, '-l', `velero.io/schedule-name=${SCHEDULE}`])).items;
    const backup = await until(`a Backup of Schedule ${SCHEDULE} Completed`, 240, async () => (await backups()).find((b) => b.status?.phase === 'Completed'), async () => `${JSON.stringify(await backups(), null, 2).slice(0, 3000)}\n${velero.logTail(40)}`);
    const schedule = await getJson<{ metadata: { annotations: Record<string, string>; labels: Record<string, string> } }>(['get', 'schedules.velero.io', SCHEDULE, '-n', dr.namespace]);
    const tracking = schedule.metadata.annotations['argocd.argoproj.io/tracking-id'];
    expect(tracking, 'Argo CD tracks the Schedule by annotation').toBe(`${dr.app}:velero.io/Schedule:${dr.namespace}/${SCHEDULE}`);
    // Owned by the Schedule (useOwnerReferencesInBackup), labelled from the Schedule's template (not with the
    // release's labels, which label-based tracking would claim), carrying the copied tracking annotation.
    expect(backup.metadata.ownerReferences).toEqual([expect.objectContaining({ kind: 'Schedule', name: SCHEDULE, controller: true })]);
    expect(backup.metadata.labels).not.toHaveProperty('app.kubernetes.io/instance');
    expect(backup.metadata.annotations?.['argocd.argoproj.io/tracking-id']).toBe(tracking);
    const afterBackup = await hardRefresh(dr.app);
    expect(afterBackup.status!.sync!.status).toBe('Synced');
    expect(afterBackup.status!.resources!.filter((r) => r.kind === 'Backup' || r.status !== 'Synced').map(describeResource)).toEqual([]);
    // A sync with pruning, as automated sync runs on the next change: the Backup stays.
    const lastSync = afterBackup.status!.operationState;
    await must(kubectl(['patch', 'applications.argoproj.io', dr.app, '-n', ARGOCD_NS, '--type', 'merge', '-p', JSON.stringify({ operation: { initiatedBy: { username: 'appgear-test' }, sync: { revision: umbrellaVersion, prune: true } } })]), 'requesting a sync with pruning');
    await until(`a pruning sync of ${dr.app}`, 180, async () => {
      const a = await app(dr.app);
      const op = a?.status?.operationState;
      return !a?.operation && op?.phase === 'Succeeded' && op.startedAt !== lastSync?.startedAt ? a : undefined;
    }, () => app(dr.app));
    const keptBackups = (await backups()).map((b) => b.metadata.name);
    expect(keptBackups).toContain(backup.metadata.name);
    expect(settled(await app(dr.app), umbrellaVersion), `${dr.app} after the pruning sync`).toBeDefined();
    console.log(`[cluster] argocd: Velero ${velero.versions.velero} took ${keptBackups.length} Backup(s) from ${dr.app}'s Schedule ${SCHEDULE} (owned by it, tracking annotation copied); after a hard refresh and a pruning sync the Application is Synced and Healthy and ${backup.metadata.name} is kept; ${Math.round((Date.now() - t2) / 1000)} s`);

    // The factory suite: the suite Application installs this chart again (render.suite), which holds the
    // workspaces ApplicationSet; it gives one Application per workspace of the platform module, each installing
    // the factory chart with the suite's, the environment's and the workspace's values into ws-<id>-factory.
    const suiteApp = `suite-${SUITE}-${SUITE_ENV}-${staging.cluster}`;
    const t3 = Date.now();
    const suiteSynced = await until(`${suiteApp} Synced and Healthy`, syncSeconds, async () => settled(await app(suiteApp), bootstrapVersion), () => app(suiteApp));
    expect(suiteSynced.status!.resources!.map(describeResource)).toEqual([`argoproj.io/ApplicationSet ${ARGOCD_NS}/${SUITE}-workspaces-${SUITE_ENV}-${staging.cluster}`]);
    const factoryVersion = chartVersion('factory');
    const workspaceApp = (id: string) => `ws-${id}-${SUITE}-${staging.cluster}`;
    const wsNamespace = (id: string) => `ws-${id}-${SUITE}`;
    for (const w of bootstrapDefaults.workspaces) {
      const synced = await until(`${workspaceApp(w.id)} Synced and Healthy`, syncSeconds, async () => settled(await app(workspaceApp(w.id)), factoryVersion), () => app(workspaceApp(w.id)));
      expect(synced.spec.destination.namespace).toBe(wsNamespace(w.id));
      const resources = synced.status!.resources!;
      deployed.push(...resources);
      const namespace = await getJson<{ metadata: { labels: Record<string, string> } }>(['get', 'namespace', wsNamespace(w.id)]);
      expect(namespace.metadata.labels).toMatchObject({ 'appgear.io/tenant-id': w.tenant, 'appgear.io/workspace-id': w.id, 'pod-security.kubernetes.io/enforce': 'restricted' });
      // Every object of the workspace carries its tenant and id, and the backup label exactly when it asked for it.
      const live = await getJson<{ items: { kind: string; metadata: { name: string; labels?: Record<string, string> } }[] }>(['get', 'deployments,services,persistentvolumeclaims,networkpolicies,serviceaccounts', '-n', wsNamespace(w.id), '-l', 'app.kubernetes.io/part-of=appgear']);
      const backup = (w.releases[SUITE]!.global as { commonLabels?: Record<string, string> }).commonLabels?.['appgear.io/backup-enabled'] === 'true';
      for (const o of live.items) {
        expect(o.metadata.labels, `${o.kind}/${o.metadata.name}`).toMatchObject({ 'appgear.io/tenant-id': w.tenant, 'appgear.io/workspace-id': w.id, 'appgear.io/suite': SUITE });
        expect(o.metadata.labels?.['appgear.io/backup-enabled'] === 'true', `${o.kind}/${o.metadata.name} backup label`).toBe(backup);
      }
      // Only the parts the workspace has.
      const parts = factory.spec.capabilities.workspace!.parts.filter((p) => (w.releases[SUITE]![p] as { enabled?: boolean }).enabled);
      const deployments = live.items.filter((o) => o.kind === 'Deployment').map((o) => o.metadata.name).sort();
      expect(deployments.length, `${w.id}: ${deployments.join(', ')} for parts ${parts.join(', ')}`).toBe(parts.length);
      expect(live.items.some((o) => o.kind === 'PersistentVolumeClaim' && o.metadata.name === 'cde-workspace')).toBe(true);
      console.log(`[cluster] argocd: ${workspaceApp(w.id)} (tenant ${w.tenant}) Synced and Healthy: ${resources.length} resources in ${wsNamespace(w.id)}, Deployments ${deployments.join(', ')}${backup ? ', backed up' : ''}`);
    }
    console.log(`[cluster] argocd: ${suiteApp} and its ${bootstrapDefaults.workspaces.length} workspace Applications Synced and Healthy in ${Math.round((Date.now() - t3) / 1000)} s`);

    // A newer umbrella, published later, and the environments pointed at it: Argo CD upgrades the releases.
    const repo = scratchRepo();
    scratch.push(repo);
    const module = join(repo, 'values-src/appgear.ts');
    const next = nextPatch(umbrellaVersion);
    // The new version keeps staging's dumps 8 days instead of 7: a value of the umbrella's values-staging.yaml, so
    // only the umbrella (and the bootstrap that pins it) change, and the live CronJob shows whether Argo CD applied it.
    // It also drops the platform's last workspace, which the bootstrap of the new version no longer lists.
    const source = readFileSync(module, 'utf8');
    const removed = bootstrapDefaults.workspaces.at(-1)!;
    // Staging's backup line (it also holds staging's own Vault path): exactly one retentionDays of 7.
    const retention7 = /(backup: \{ logical: \{ retentionDays: )7\b/;
    expect(source.match(new RegExp(retention7.source, 'g'))).toHaveLength(1);
    const edited = source.replace(`version: '${umbrellaVersion}'`, `version: '${next}'`).replace(retention7, '$18')
      .replace(new RegExp(`^\\s*\\{ id: '${removed.id}',.*\\n`, 'm'), '');
    expect(edited.split('\n').length).toBe(source.split('\n').length - 1);
    writeFileSync(module, edited);
    const nextBootstrap = nextPatch(bootstrapVersion);
    const published = await publish(repo);
    expect(published).toContain(`appgear ${next}: pushed`);
    expect(published).toContain(`${BOOTSTRAP} ${nextBootstrap}: pushed`);
    await must(helm(['upgrade', 'bootstrap', `${url}/${BOOTSTRAP}`, '--version', nextBootstrap, '--namespace', ARGOCD_NS, '-f', values, '--set', `source.oci.version=${next}`, ...tls]), 'upgrading the bootstrap: the environments at the new version');
    const t1 = Date.now();
    const retention = async (namespace: string) => (await getJson<{ items: { spec: { jobTemplate: { spec: { template: { spec: { containers: { env?: { name: string; value?: string }[] }[] } } } } } }[] }>(['get', 'cronjobs', '-n', namespace])).items
      .flatMap((c) => c.spec.jobTemplate.spec.template.spec.containers).flatMap((c) => c.env ?? []).filter((e) => e.name === 'RETENTION_DAYS').map((e) => e.value);
    // staging's core manifests changed: Argo CD syncs them (a second sync in its history).
    const core = appOf(staging, CORE);
    const upgraded = await until(`${core.app} Synced and Healthy at ${next}`, 300, async () => settled(await app(core.app), next), () => app(core.app));
    expect(upgraded.spec.source.targetRevision).toBe(next);
    expect(upgraded.status!.operationState!.syncResult!.revision).toBe(next);
    expect(upgraded.status!.history!.map((h) => h.revision)).toEqual([umbrellaVersion, next]);
    expect(await retention(core.namespace)).toEqual(['8']);
    // Every other Application's manifests are the same at the new version: compared at it, Synced, nothing
    // applied (staging's DR history holds the test's pruning sync besides the first).
    for (const a of allApps().filter((x) => x !== core)) {
      const same = await until(`${a.app} Synced and Healthy at ${next}`, 300, async () => settled(await app(a.app), next), () => app(a.app));
      expect(new Set(same.status!.history!.map((h) => h.revision)), a.app).toEqual(new Set([umbrellaVersion]));
    }
    expect(await retention(appOf(production, CORE).namespace)).toEqual(['30']);
    // The removed workspace: its Application goes, Argo CD deletes its workloads; its namespace and claim stay.
    const gone = workspaceApp(removed.id);
    await until(`${gone} deleted`, 300, async () => ((await app(gone)) ? undefined : true), () => app(gone));
    await until(`the workloads of ${wsNamespace(removed.id)} deleted`, 120, async () => {
      const r = await getJson<{ items: unknown[] }>(['get', 'deployments,services', '-n', wsNamespace(removed.id)]);
      return r.items.length === 0 ? true : undefined;
    }, () => getJson(['get', 'deployments,services', '-n', wsNamespace(removed.id)]));
    const keptClaims = await getJson<{ items: { metadata: { name: string } }[] }>(['get', 'persistentvolumeclaims', '-n', wsNamespace(removed.id)]);
    expect(keptClaims.items.map((c) => c.metadata.name)).toEqual(['cde-workspace']);
    const others = bootstrapDefaults.workspaces.filter((w) => w.id !== removed.id);
    for (const w of others) expect(settled(await app(workspaceApp(w.id)), factoryVersion), workspaceApp(w.id)).toBeDefined();
    console.log(`[cluster] argocd: workspace ${removed.id} removed from the platform: ${gone} deleted, its workloads deleted, namespace ${wsNamespace(removed.id)} and claim cde-workspace kept; ${others.map((w) => workspaceApp(w.id)).join(', ')} still Synced and Healthy`);
    console.log(`[cluster] argocd: ${next} published later; ${core.app} upgraded (history ${upgraded.status!.history!.map((h) => h.revision).join(' -> ')}, RETENTION_DAYS 7 -> 8), the other ${allApps().length - 1} Synced at ${next} with nothing to apply; ${Math.round((Date.now() - t1) / 1000)} s`);
    recordSummary('argocd', { version: argoCdBinary().version, applications: allApps().map((a) => a.summary), upgradedTo: next, backupsKept: keptBackups.length, workspaces: bootstrapDefaults.workspaces.length });
  });
});
