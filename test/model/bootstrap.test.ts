// The bootstrap chart model: built from a platform's `delivery` block, with what each environment's charts
// need (namespaces, upstream repositories, cluster-scoped kinds) derived from the components, and the DSL's
// mistakes refused with the value path.
import { describe, expect, it } from 'vitest';
import { ceph, definePlatform, postgres, redis } from '../../generator/index.ts';
import type { DeliveryInput } from '../../generator/dsl/delivery.ts';
import { buildChartSet } from '../../generator/model/buildChartSet.ts';
import { ValuesError } from '../../generator/parse/formatIssues.ts';
import { resolvePlatform } from '../../generator/parse/resolvePlatform.ts';

const FILE = 'values-src/shop.ts';
const OCI: DeliveryInput['source'] = { kind: 'oci', registry: 'registry.example.com/shop' };

const shop = (delivery?: DeliveryInput, environments: Record<string, object> = { staging: {}, production: {} }) => definePlatform({
  name: 'shop',
  version: '1.2.3',
  description: 'A shop.',
  global: { capabilities: { argocd: true, rook: true } },
  components: { storage: ceph({ operator: { argocdApplication: { enabled: true } } }), db: postgres({}, { uses: ['storage'] }), cache: redis() },
  environments: environments as never,
  ...(delivery ? { delivery: delivery as never } : {}),
});

const build = (delivery?: DeliveryInput, environments?: Record<string, object>) => buildChartSet([resolvePlatform(FILE, shop(delivery, environments))]);
const env = (delivery: DeliveryInput, name: string, environments?: Record<string, object>) =>
  (build(delivery, environments).bootstraps[0]!.defaults.environments as Record<string, any>)[name];

function problems(delivery: unknown, environments?: Record<string, object>): string[] {
  try {
    build(delivery as DeliveryInput, environments);
  } catch (err) {
    if (err instanceof ValuesError) return err.problems.map((p) => `${p.file}: ${p.path}: ${p.message}`);
    throw err;
  }
  return [];
}

describe('the bootstrap chart model', () => {
  it('is a chart kind of the set: one per platform with delivery, none without', () => {
    expect(build().bootstraps).toEqual([]);
    const set = build({ source: OCI });
    expect(set.bootstraps.map((b) => [b.name, b.version, b.umbrella])).toEqual([['shop-bootstrap', '1.2.3', { name: 'shop', version: '1.2.3' }]]);
    expect(build({ version: '0.1.0', source: OCI }).bootstraps[0]!.version).toBe('0.1.0');
  });

  it('defaults to every platform environment, a cluster generator by environment label, and one module named after the platform', () => {
    const d = build({ source: OCI }).bootstraps[0]!.defaults as Record<string, any>;
    expect(Object.keys(d.environments)).toEqual(['staging', 'production']);
    expect(d.environments.staging.generator).toMatchObject({ kind: 'cluster', matchLabels: { 'appgear.io/environment': 'staging' } });
    expect(d.environments.production.valueFiles).toEqual(['values-production.yaml']);
    expect(d.modules).toEqual({ shop: { chart: 'shop', releaseName: 'shop', namespace: 'shop', projectParameters: ['storage.operator.argocdApplication.project'], values: {} } });
    expect(d.source).toMatchObject({ kind: 'oci', oci: { registry: 'registry.example.com/shop', version: '1.2.3' } });
  });

  it('derives what an environment\'s charts need from the components: namespaces, upstream repositories, cluster-scoped kinds', () => {
    const staging = env({ source: OCI }, 'staging');
    expect(staging.destinationNamespaces).toEqual(['argocd', 'rook-ceph']);
    expect(staging.sourceRepos).toEqual(['https://charts.rook.io/release']);
    const kinds = staging.clusterResources.map((k: any) => `${k.group}/${k.kind}`);
    // From the storage chart's own templates, and what its upstream operator chart declares.
    expect(kinds).toEqual(expect.arrayContaining(['storage.k8s.io/StorageClass', 'snapshot.storage.k8s.io/VolumeSnapshotClass', 'apiextensions.k8s.io/CustomResourceDefinition']));
    expect(kinds).not.toContain('/Namespace'); // added by the template only when syncPolicy.createNamespace
  });

  it('follows each environment: one without the storage instance needs neither its namespaces nor its repository', () => {
    const environments = { staging: { components: { storage: { enabled: false } } }, production: {} };
    const staging = env({ source: OCI }, 'staging', environments);
    expect(staging.destinationNamespaces).toEqual([]);
    expect(staging.sourceRepos).toEqual([]);
    expect(staging.clusterResources).toEqual([]);
    expect(env({ source: OCI }, 'production', environments).sourceRepos).toEqual(['https://charts.rook.io/release']);
    // An environment whose storage operator Application is off pulls nothing upstream.
    const off = { staging: { components: { storage: { operator: { argocdApplication: { enabled: false } } } } }, production: {} };
    expect(env({ source: OCI }, 'staging', off).sourceRepos).toEqual([]);
    expect(env({ source: OCI }, 'staging', off).destinationNamespaces).toEqual(['rook-ceph']);
  });

  it('takes each generator kind, the git source and per-environment namespaces as written', () => {
    const d = build({
      source: { kind: 'git', repoURL: 'https://git.example.com/shop/charts.git' },
      modules: { 'shop-core': { releaseName: 'core', namespace: 'shop-core' } },
      environments: {
        staging: { generator: { kind: 'list', clusters: [{ name: 'eu1', server: 'https://eu1.example.com:6443' }] }, namespaces: { 'shop-core': 'shop-staging' } },
        production: { generator: { kind: 'git', repoURL: 'https://git.example.com/shop/clusters.git', files: 'production/*.yaml' } },
      },
    }).bootstraps[0]!.defaults as Record<string, any>;
    expect(d.source).toMatchObject({ kind: 'git', git: { repoURL: 'https://git.example.com/shop/charts.git', targetRevision: 'main', path: 'charts/shop' } });
    expect(d.environments.staging.generator.clusters).toEqual([{ name: 'eu1', server: 'https://eu1.example.com:6443' }]);
    expect(d.environments.staging.namespaces).toEqual({ 'shop-core': 'shop-staging' });
    expect(d.environments.production.generator.git).toEqual({ repoURL: 'https://git.example.com/shop/clusters.git', revision: 'HEAD', files: 'production/*.yaml' });
    expect(d.environments.production.namespaces).toEqual({});
  });
});

describe('modules: the umbrella split into Applications', () => {
  it('gives each module its instances and switches the others off; one module takes the rest', () => {
    const d = build({
      source: OCI,
      modules: { 'shop-core': { releaseName: 'core', namespace: 'shop-core' }, 'shop-storage': { releaseName: 'core', namespace: 'rook-ceph', instances: ['storage'] } },
    }).bootstraps[0]!.defaults as Record<string, any>;
    expect(d.modules['shop-storage']).toEqual({
      chart: 'shop', releaseName: 'core', namespace: 'rook-ceph',
      projectParameters: ['storage.operator.argocdApplication.project'], values: { db: { enabled: false }, cache: { enabled: false } },
    });
    // Only the module holding the storage instance passes the AppProject to its operator Application.
    expect(d.modules['shop-core']).toMatchObject({ projectParameters: [], values: { storage: { enabled: false } } });
  });

  it('refuses an instance in two modules, an unknown one, one in none, two modules taking the rest, and a module left empty', () => {
    const m = (instances?: string[]) => ({ releaseName: 'core', namespace: 'shop', ...(instances ? { instances } : {}) });
    expect(problems({ source: OCI, modules: { a: m(['storage', 'db']), b: m(['db', 'cache']) } }))
      .toEqual([`${FILE}: delivery.modules.b.instances[0]: expected an instance no other module installs, found "db", which module "a" installs too`]);
    expect(problems({ source: OCI, modules: { a: m(['store']), b: m() } }))
      .toEqual([`${FILE}: delivery.modules.a.instances[0]: expected one of the platform's instances ("storage", "db", "cache"), found "store"`]);
    expect(problems({ source: OCI, modules: { a: m(['storage']), b: m(['db']) } }))
      .toEqual([`${FILE}: delivery.modules: expected every instance in one module, found "cache" in none (name it in a module's instances, or leave one module's instances out so it takes the rest)`]);
    expect(problems({ source: OCI, modules: { a: m(), b: m() } }))
      .toEqual([`${FILE}: delivery.modules.b.instances: expected the instances it installs (only one module may take the rest, and "a" does), found none`]);
    expect(problems({ source: OCI, modules: { a: m(['storage', 'db', 'cache']), b: m() } }))
      .toEqual([`${FILE}: delivery.modules.b: expected the instances no other module names, found none left (every instance is in another module: remove this module or name its instances)`]);
    expect(problems({ source: OCI, modules: { a: m([]) } })[0]).toContain('delivery.modules.a.instances: expected');
  });
});

describe('delivery mistakes', () => {
  it('name the value path, what was expected and what was found', () => {
    expect(problems({
      source: OCI,
      environments: { staging: { generator: { kind: 'list', clusters: [{ name: 'eu1', server: 'eu1.example.com' }] } } },
    })).toEqual([`${FILE}: delivery.environments.staging.generator.clusters[0].server: expected an http:// or https:// URL such as "https://s3.example.com" (no spaces), found "eu1.example.com"`]);
    expect(problems({ source: { kind: 'oci', registry: 'oci://registry.example.com' } })[0]).toMatch(/^values-src\/shop\.ts: delivery\.source\.registry: expected a registry host .*found "oci:\/\/registry\.example\.com"$/);
    expect(problems({ source: { kind: 'svn', repoURL: 'x' } })).toEqual([`${FILE}: delivery.source.kind: expected "oci" or "git", found "svn"`]);
    expect(problems({ source: OCI, environments: { staging: { generator: { kind: 'static' } } } }))
      .toEqual([`${FILE}: delivery.environments.staging.generator.kind: expected "list", "cluster" or "git", found "static"`]);
    expect(problems({ source: OCI, environments: { staging: { generator: { kind: 'list', clusters: [] } } } })[0]).toContain('delivery.environments.staging.generator.clusters: expected');
    expect(problems({ source: OCI, argocdNamespace: 'Argo CD' })[0]).toContain('delivery.argocdNamespace: expected a DNS label');
  });

  it('check the delivery against the platform: its environments, its modules, its umbrella', () => {
    expect(problems({ source: OCI, environments: { prod: {} } }))
      .toEqual([`${FILE}: delivery.environments.prod: expected one of the platform's environments ("staging", "production"), found "prod"`]);
    expect(problems({ source: OCI, modules: { core: { chart: 'other', releaseName: 'core', namespace: 'core' } } }))
      .toEqual([`${FILE}: delivery.modules.core.chart: expected "shop" (the platform's umbrella, the one chart the bootstrap installs), found "other"`]);
    expect(problems({ source: OCI, environments: { staging: { namespaces: { nope: 'x' } } } }))
      .toEqual([`${FILE}: delivery.environments.staging.namespaces.nope: expected one of the delivery's modules ("shop"), found "nope"`]);
    expect(problems({ source: OCI, environments: { staging: { generator: { kind: 'list', clusters: [{ name: 'a', server: 'https://a' }, { name: 'a', server: 'https://b' }] } } } }))
      .toEqual([`${FILE}: delivery.environments.staging.generator.clusters[1].name: expected a name no other cluster of the environment has, found "a" twice`]);
    expect(problems({ source: OCI }, {})[0]).toContain('delivery.environments: expected at least one environment to install, found none (declare environments in definePlatform first');
  });
});
