// The bootstrap chart as Helm renders it (Helm 3 and 4): an AppProject per environment with exactly that
// environment's destinations, an ApplicationSet per module and environment whose generator (list, cluster, git)
// yields one Application per cluster with the environment's values file, from the OCI registry or git.
import { cpSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { CHARTS, type Helm, type K8sObject, helmRun, helms, parseManifests, scratchCharts } from '../helpers/helm.ts';

const CHART = 'appgear-bootstrap';
const UMBRELLA = 'appgear';
const umbrellaVersion = (parse(readFileSync(join(CHARTS, UMBRELLA, 'Chart.yaml'), 'utf8')) as { version: string }).version;
const ENVIRONMENTS = ['production', 'staging'];

const byKind = (objects: K8sObject[], kind: string) => objects.filter((o) => o.kind === kind);
const envOf = (o: K8sObject) => o.metadata.labels!['appgear.io/environment']!;
/** A suite's ApplicationSet (its Applications install this chart again with render.suite), not a module's. */
const isSuite = (s: K8sObject) => s.spec.template.spec.source.helm?.valuesObject?.render?.suite !== undefined;
const destinations = (p: K8sObject) => (p.spec.destinations as { server: string; namespace: string }[]).map((d) => `${d.server} ${d.namespace}`).sort();

describe.each(helms())('$name template appgear-bootstrap', (helm: Helm) => {
  let dir = '';
  const values = mkdtempSync(join(tmpdir(), 'appgear-bootstrap-values-'));
  const render = async (...args: string[]) => {
    const r = await helmRun(helm, ['template', CHART, join(dir, CHART), '--namespace', 'argocd', ...args]);
    expect(r.exitCode, r.stderr).toBe(0);
    return parseManifests(r.stdout);
  };
  const scenario = (name: string) => render('-f', join(dir, CHART, 'ci', `${name}-values.yaml`));

  beforeAll(async () => {
    // Only the bootstrap and the library it depends on.
    const from = mkdtempSync(join(tmpdir(), 'appgear-bootstrap-src-'));
    for (const c of [CHART, 'appgear-common']) cpSync(join(CHARTS, c), join(from, c), { recursive: true });
    dir = await scratchCharts(helm, from);
  });

  it('renders one AppProject per environment, in Argo CD\'s namespace, with exactly that environment\'s destinations', async () => {
    const objects = await render();
    const projects = byKind(objects, 'AppProject');
    expect(projects.map((p) => [p.metadata.name, envOf(p), (p.metadata as any).namespace]).sort()).toEqual([
      ['appgear-production', 'production', 'argocd'], ['appgear-staging', 'staging', 'argocd'],
    ]);
    const staging = projects.find((p) => envOf(p) === 'staging')!;
    // The staging module namespace, the namespace of the charts' own Applications and the one they deploy to.
    // The staging namespace of the core module, the DR module's, the namespace of the charts' own
    // Applications and the one they deploy to.
    // The workspaces' namespaces of the factory suite are a pattern.
    expect(destinations(staging)).toEqual(['appgear-staging', 'argocd', 'factory-data', 'rook-ceph', 'velero', 'ws-*-factory'].map((ns) => `https://kubernetes.default.svc ${ns}`));
    // Production's clusters come from cluster Secrets: any server, production's namespaces only; and Argo CD's
    // own namespace on its cluster, where the suite Applications write the workspaces ApplicationSets.
    expect(destinations(projects.find((p) => envOf(p) === 'production')!)).toEqual(['* appgear-core', '* argocd', '* factory-data', '* rook-ceph', '* velero', '* ws-*-factory', 'https://kubernetes.default.svc argocd']);
    for (const p of projects) {
      expect(p.spec.sourceRepos).toEqual(['ghcr.io/appgear/charts', 'https://airbytehq.github.io/helm-charts', 'https://charts.rook.io/release']);
      const kinds = (p.spec.clusterResourceWhitelist as { group: string; kind: string }[]).map((k) => `${k.group}/${k.kind}`);
      expect(kinds).toEqual(expect.arrayContaining(['/Namespace', 'storage.k8s.io/StorageClass', 'snapshot.storage.k8s.io/VolumeSnapshotClass']));
      expect(kinds).not.toContain('apps/Deployment');
    }
  });

  it('renders one ApplicationSet per module and environment: the umbrella from the OCI registry with the environment\'s values file', async () => {
    const sets = byKind(await render(), 'ApplicationSet');
    expect(sets.map((s) => s.metadata.name).sort()).toEqual(['core-data-brokers', 'core-dr', 'suite-factory-data', 'suite-factory'].flatMap((m) => ENVIRONMENTS.map((e) => `${m}-${e}`)).sort());
    // The module suite-factory-data (the shared Airbyte) is a module like the others, whatever its name says.
    expect(sets.filter(isSuite).map((s) => s.metadata.name).sort()).toEqual(ENVIRONMENTS.map((e) => `suite-factory-${e}`));
    for (const s of sets.filter((x) => x.metadata.name.startsWith('core-data-brokers-'))) {
      const env = envOf(s);
      const app = s.spec.template.spec;
      expect(s.spec.goTemplate).toBe(true);
      expect(app.project).toBe(`appgear-${env}`);
      expect(app.source).toMatchObject({ repoURL: 'ghcr.io/appgear/charts', chart: UMBRELLA, targetRevision: umbrellaVersion });
      expect(app.source.helm.releaseName).toBe('core');
      expect(app.source.helm.valueFiles).toEqual([`values-${env}.yaml`]);
      // The umbrella carries that file.
      expect(existsSync(join(CHARTS, UMBRELLA, `values-${env}.yaml`))).toBe(true);
      // The umbrella's own Applications (the Rook operator) join the environment's project.
      expect(app.source.helm.parameters).toEqual([{ name: 'ceph.operator.argocdApplication.project', value: `appgear-${env}` }]);
      expect(app.destination).toEqual({ server: '{{ .server }}', namespace: env === 'staging' ? 'appgear-staging' : 'appgear-core' });
      expect(app.syncPolicy.automated).toEqual({ prune: true, selfHeal: true });
      expect(app.syncPolicy.syncOptions).toEqual(['CreateNamespace=true', 'ServerSideApply=true']);
      expect(s.spec.template.metadata.name).toBe(`core-data-brokers-${env}-{{ .name }}`);
      // No per-installation values by default, only the instances other modules install switched off (the DR
      // instance, the shared Airbyte); removing the ApplicationSet keeps the platform it deployed.
      expect(app.source.helm.valuesObject).toEqual({ airbyte: { enabled: false }, dr: { enabled: false } });
      expect(s.spec.syncPolicy).toEqual({ preserveResourcesOnDeletion: true });
    }
    expect(sets.find((s) => envOf(s) === 'staging')!.spec.generators).toEqual([{ list: { elements: [{ name: 'in-cluster', server: 'https://kubernetes.default.svc' }] } }]);
    expect(sets.find((s) => envOf(s) === 'production')!.spec.generators).toEqual([{ clusters: { selector: { matchLabels: { 'appgear.io/environment': 'production' } } } }]);
  });

  it('renders module suite-factory-data as its own Applications: only the shared Airbyte, in namespace factory-data, its Application in the environment\'s project', async () => {
    const sets = byKind(await render(), 'ApplicationSet').filter((x) => !isSuite(x) && x.metadata.name.startsWith('suite-factory-data-'));
    expect(sets.map(envOf).sort()).toEqual(ENVIRONMENTS);
    for (const s of sets) {
      const env = envOf(s);
      const app = s.spec.template.spec;
      expect(app.source).toMatchObject({ repoURL: 'ghcr.io/appgear/charts', chart: UMBRELLA, targetRevision: umbrellaVersion });
      expect(app.source.helm.releaseName).toBe('core');
      expect(app.destination).toEqual({ server: '{{ .server }}', namespace: 'factory-data' });
      expect(app.source.helm.parameters).toEqual([{ name: 'airbyte.application.project', value: `appgear-${env}` }]);
      const off = Object.entries(app.source.helm.valuesObject as Record<string, { enabled: boolean }>).filter(([, v]) => v.enabled === false).map(([k]) => k);
      expect(off.sort()).toEqual(['backup', 'ceph', 'dr', 'isolation', 'postgres', 'qdrant', 'rabbitmq', 'redis', 'redpanda']);
    }
  });

  it('renders module core-dr as its own Applications: the same umbrella and values files, only the DR instance, in namespace velero', async () => {
    const sets = byKind(await render(), 'ApplicationSet').filter((x) => x.metadata.name.startsWith('core-dr-'));
    expect(sets.map(envOf).sort()).toEqual(ENVIRONMENTS);
    for (const s of sets) {
      const env = envOf(s);
      const app = s.spec.template.spec;
      expect(s.spec.template.metadata.name).toBe(`core-dr-${env}-{{ .name }}`);
      expect(app.project).toBe(`appgear-${env}`);
      expect(app.source).toMatchObject({ repoURL: 'ghcr.io/appgear/charts', chart: UMBRELLA, targetRevision: umbrellaVersion });
      expect(app.source.helm).toMatchObject({ releaseName: 'core', valueFiles: [`values-${env}.yaml`] });
      const off = ['airbyte', 'backup', 'ceph', 'isolation', 'postgres', 'qdrant', 'rabbitmq', 'redis', 'redpanda'];
      expect(app.source.helm.valuesObject).toEqual(Object.fromEntries(off.map((k) => [k, { enabled: false }])));
      // The Rook operator Application is not in this module: no AppProject parameter.
      expect(app.source.helm.parameters).toBeUndefined();
      expect(app.destination).toEqual({ server: '{{ .server }}', namespace: 'velero' });
    }
  });

  it('renders per suite and environment an ApplicationSet of suite Applications, which install this chart again beside Argo CD to render the workspaces', async () => {
    const sets = byKind(await render(), 'ApplicationSet').filter(isSuite);
    expect(sets.map((s) => s.metadata.name).sort()).toEqual(ENVIRONMENTS.map((e) => `suite-factory-${e}`));
    const version = (parse(readFileSync(join(CHARTS, CHART, 'Chart.yaml'), 'utf8')) as { version: string }).version;
    for (const s of sets) {
      const env = envOf(s);
      const app = s.spec.template.spec;
      expect(s.spec.template.metadata.name).toBe(`suite-factory-${env}-{{ .name }}`);
      expect(app.source).toMatchObject({ repoURL: 'ghcr.io/appgear/charts', chart: CHART, targetRevision: version });
      expect(app.source.helm.valuesObject.render).toEqual({ suite: 'factory', environment: env });
      expect(app.source.helm.valuesObject.environments[env].project).toBe(`appgear-${env}`);
      // Only this suite's derived values travel with it.
      expect(Object.keys(app.source.helm.valuesObject.environments[env].workspaceValues)).toEqual(['factory']);
      expect(app.source.helm.parameters).toEqual([{ name: 'render.cluster.name', value: '{{ .name }}' }, { name: 'render.cluster.server', value: '{{ .server }}' }]);
      expect(app.destination).toEqual({ server: 'https://kubernetes.default.svc', namespace: 'argocd' });
    }
    // An installation can keep the workspaces to some environments.
    const only = byKind(await render('--set-json', 'suites.factory.environments=["production"]'), 'ApplicationSet').filter(isSuite);
    expect(only.map((s) => s.metadata.name)).toEqual(['suite-factory-production']);
  });

  it('in a suite Application (render.suite): only the workspaces ApplicationSet, one element per workspace with only its own values', async () => {
    const objects = await render('--set', 'render.suite=factory', '--set', 'render.environment=staging', '--set', 'render.cluster.name=eu1', '--set', 'render.cluster.server=https://eu1.example.com');
    expect(objects.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual(['ApplicationSet/factory-workspaces-staging-eu1']);
    const [set] = objects;
    const defaults = parse(readFileSync(join(CHARTS, CHART, 'values.yaml'), 'utf8')) as { workspaces: { id: string; tenant: string; releases: Record<string, unknown> }[]; suites: Record<string, { chart: string; version: string }> };
    expect(set!.spec.generators[0].list.elements).toEqual(defaults.workspaces.map((w) => ({ id: w.id, tenant: w.tenant, values: w.releases.factory })));
    expect(set!.spec.generators[0].list.elements.map((e: { id: string }) => e.id)).toEqual(['alpha', 'beta']);
    expect(set!.spec.syncPolicy).toEqual({ preserveResourcesOnDeletion: false });
    const app = set!.spec.template;
    expect(app.metadata.name).toBe('ws-{{ .id }}-factory-eu1');
    expect(app.metadata.labels).toMatchObject({ 'appgear.io/tenant-id': '{{ .tenant }}', 'appgear.io/workspace-id': '{{ .id }}', 'appgear.io/suite': 'factory' });
    expect(app.spec.source).toMatchObject({ repoURL: 'ghcr.io/appgear/charts', chart: 'factory', targetRevision: defaults.suites.factory!.version, helm: { releaseName: 'factory' } });
    expect(app.spec.destination).toEqual({ server: 'https://eu1.example.com', namespace: 'ws-{{ .id }}-factory' });
    expect(app.spec.syncPolicy.managedNamespaceMetadata.labels).toMatchObject({ 'appgear.io/tenant-id': '{{ .tenant }}', 'pod-security.kubernetes.io/enforce': 'restricted' });
    // The suite's and the environment's values, once, merged under each workspace's by Argo CD.
    const patch = set!.spec.templatePatch as string;
    const inline = /valuesObject: \{\{ mergeOverwrite \(fromJson (".*")\) \.values \| toJson \}\}/.exec(patch);
    expect(inline, patch).not.toBeNull();
    const base = JSON.parse(JSON.parse(inline![1]!)) as { global: { environment: string }; ingress: unknown };
    expect(base.global.environment).toBe('staging');
    expect(base.ingress).toEqual({ domain: 'factory.appgear.io' });
    // The multiplayer gateway's Redis and Redpanda are derived from the instances the suite uses, where they
    // run in staging: the core-data-brokers module, release core, namespace appgear-staging (not appgear-core).
    expect((base as unknown as { multiplayer: unknown }).multiplayer).toEqual({
      redis: { host: 'core-redis.appgear-staging.svc.cluster.local', port: 6379 },
      redpanda: { brokers: [{ host: 'core-redpanda.appgear-staging.svc.cluster.local', port: 9092 }] },
    });
    // In production, the module's own namespace.
    const prod = await render('--set', 'render.suite=factory', '--set', 'render.environment=production', '--set', 'render.cluster.name=eu1', '--set', 'render.cluster.server=https://eu1.example.com');
    const prodBase = JSON.parse(JSON.parse(/fromJson (".*")\) \.values/.exec(prod[0]!.spec.templatePatch as string)![1]!)) as { multiplayer: { redis: { host: string } } };
    expect(prodBase.multiplayer.redis.host).toBe('core-redis.appgear-core.svc.cluster.local');
  });

  it('list generator: one element per cluster, and each AppProject allows only its own environment\'s servers', async () => {
    const objects = await scenario('list');
    for (const env of ENVIRONMENTS) {
      const set = byKind(objects, 'ApplicationSet').find((s) => envOf(s) === env)!;
      const servers = [1, 2].map((n) => `https://${env}-${n}.example.com:6443`);
      expect(set.spec.generators[0].list.elements).toEqual([1, 2].map((n) => ({ name: `${env}-${n}`, server: servers[n - 1] })));
      const project = byKind(objects, 'AppProject').find((p) => envOf(p) === env)!;
      // And Argo CD's own cluster, for the suite Applications' workspaces ApplicationSets.
      expect([...new Set((project.spec.destinations as { server: string }[]).map((d) => d.server))].sort()).toEqual(['https://kubernetes.default.svc', ...servers]);
    }
  });

  it('cluster generator: Argo CD cluster Secrets selected by the scenario\'s labels', async () => {
    const sets = byKind(await scenario('cluster'), 'ApplicationSet');
    for (const s of sets) expect(s.spec.generators).toEqual([{ clusters: { selector: { matchLabels: { 'appgear.io/environment': envOf(s), 'appgear.io/region': 'eu' } } } }]);
  });

  it('git generator: cluster files of each environment\'s path', async () => {
    const sets = byKind(await scenario('git'), 'ApplicationSet');
    for (const s of sets) {
      expect(s.spec.generators).toEqual([{ git: { repoURL: 'https://github.com/appgear/clusters.git', revision: 'main', files: [{ path: `clusters/${envOf(s)}/*.yaml` }] } }]);
    }
  });

  it('git source: the chart folder of the repository instead of the registry, in the AppProjects too', async () => {
    const objects = await scenario('git-source');
    for (const s of byKind(objects, 'ApplicationSet')) {
      // The suite Applications install this chart again, from its folder beside the umbrella's.
      const path = isSuite(s) ? `charts/${CHART}` : `charts/${UMBRELLA}`;
      expect(s.spec.template.spec.source).toMatchObject({ repoURL: 'https://github.com/appgear/appgear-charts.git', targetRevision: 'main', path });
      expect(s.spec.template.spec.source.chart).toBeUndefined();
    }
    for (const p of byKind(objects, 'AppProject')) expect(p.spec.sourceRepos[0]).toBe('https://github.com/appgear/appgear-charts.git');
  });

  it('manual sync: no automated sync, no namespace creation, and then no Namespace in the AppProjects', async () => {
    const objects = await scenario('manual-sync');
    for (const s of byKind(objects, 'ApplicationSet')) {
      expect(s.spec.template.spec.syncPolicy.automated).toBeUndefined();
      // A suite Application writes into Argo CD's namespace: it never creates one.
      if (!isSuite(s)) expect(s.spec.template.spec.syncPolicy.syncOptions).toContain('CreateNamespace=false');
    }
    // Namespace only where a chart renders one itself (the shared Airbyte's factory-data), never for creation.
    const derived = parse(readFileSync(join(CHARTS, CHART, 'values.yaml'), 'utf8')).environments as Record<string, { clusterResources: { group: string; kind: string }[] }>;
    for (const p of byKind(objects, 'AppProject')) expect(p.spec.clusterResourceWhitelist).toEqual(derived[envOf(p)]!.clusterResources);
  });

  it('takes the registry, chart version, clusters and namespaces an operator sets at install time', async () => {
    const file = join(values, 'operator.yaml');
    writeFileSync(file, stringify({
      source: { oci: { registry: 'registry.example.com/mirror', version: '9.9.9' } },
      environments: { staging: { generator: { clusters: [{ name: 'lab', server: 'https://lab.example.com' }] }, namespaces: { 'core-data-brokers': 'lab-core' } } },
    }));
    const objects = await render('-f', file);
    const staging = byKind(objects, 'ApplicationSet').find((s) => envOf(s) === 'staging')!;
    expect(staging.spec.template.spec.source).toMatchObject({ repoURL: 'registry.example.com/mirror', targetRevision: '9.9.9' });
    expect(staging.spec.template.spec.destination.namespace).toBe('lab-core');
    expect(staging.spec.generators[0].list.elements).toEqual([{ name: 'lab', server: 'https://lab.example.com' }]);
    expect(destinations(byKind(objects, 'AppProject').find((p) => envOf(p) === 'staging')!))
      .toEqual(['https://kubernetes.default.svc argocd', ...['argocd', 'factory-data', 'lab-core', 'rook-ceph', 'velero', 'ws-*-factory'].map((ns) => `https://lab.example.com ${ns}`)]);
  });

  it('passes an environment\'s per-installation values to Argo CD over its values files, and can let the platform go with its ApplicationSets', async () => {
    const file = join(values, 'cluster.yaml');
    // An installation whose production clusters lack KEDA and Rook; one that also asks for the DR instance in
    // the core module gets it from module core-dr all the same (a module's own switches win).
    const lacking = { global: { capabilities: { keda: false } }, ceph: { enabled: false } };
    writeFileSync(file, stringify({ environments: { production: { values: { ...lacking, dr: { enabled: true } } } }, syncPolicy: { preserveResourcesOnDeletion: false } }));
    const sets = byKind(await render('-f', file), 'ApplicationSet');
    const helmOf = (env: string, module = 'core-data-brokers') => sets.find((s) => envOf(s) === env && s.metadata.name.startsWith(`${module}-`))!.spec.template.spec.source.helm;
    expect(helmOf('production')).toMatchObject({ valueFiles: ['values-production.yaml'], valuesObject: { ...lacking, dr: { enabled: false } } });
    expect(helmOf('production', 'core-dr').valuesObject).toMatchObject({ global: { capabilities: { keda: false } }, ceph: { enabled: false }, postgres: { enabled: false } });
    expect(helmOf('production', 'core-dr').valuesObject.dr).toEqual({ enabled: true });
    expect(helmOf('staging').valuesObject).toEqual({ airbyte: { enabled: false }, dr: { enabled: false } });
    for (const s of sets) expect(s.spec.syncPolicy).toEqual({ preserveResourcesOnDeletion: false });
  });

  it('refuses bad install-time values in words, naming each path', async () => {
    const file = join(values, 'bad.yaml');
    writeFileSync(file, stringify({
      source: { oci: { registry: 'Bad Registry!' } },
      environments: { staging: { generator: { clusters: [{ name: 'Lab_1', server: 'lab.example.com' }] } } },
    }));
    const r = await helmRun(helm, ['template', CHART, join(dir, CHART), '-f', file]);
    expect(r.exitCode).not.toBe(0);
    expect(r.stderr).toContain("appgear-bootstrap: 3 value(s) break the chart's rules:");
    expect(r.stderr).toContain('- source.oci.registry: expected a registry host');
    expect(r.stderr).toContain('- environments.staging.generator.clusters[0].name: expected a DNS label');
    expect(r.stderr).toContain('- environments.staging.generator.clusters[0].server: expected an http:// or https:// URL such as "https://s3.example.com" (no spaces), found "lab.example.com"');
    expect(r.stderr).not.toMatch(/\^\(|\[a-z0-9\]/);
  });

  it('passes helm lint --strict with its defaults and every scenario', async () => {
    for (const s of ['(defaults)', 'list', 'cluster', 'git', 'git-source', 'manual-sync']) {
      const args = ['lint', '--strict', join(dir, CHART), ...(s === '(defaults)' ? [] : ['--values', join(dir, CHART, 'ci', `${s}-values.yaml`)])];
      const r = await helmRun(helm, args);
      expect(r.exitCode, `${s}: ${r.stdout}${r.stderr}`).toBe(0);
    }
  });
});
