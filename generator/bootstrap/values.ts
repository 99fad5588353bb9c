// The bootstrap chart's values: one schema for every platform (its defaults are the platform's delivery,
// resolved), so an operator can point it at another registry, chart version, clusters or namespaces at install
// time. String rules come from dsl/rules.ts (the guard checks them with the library's helpers); the checks
// that depend on a `kind` are below, with the words both times share.
import { z } from 'zod';
import { globalSchema } from '../dsl/global.ts';
import { dnsLabel, k8sName, labelMap, text } from '../dsl/primitives.ts';
import { RULES } from '../dsl/rules.ts';
import { appgearMeta, chartBasics } from '../dsl/workload.ts';

const cluster = z.strictObject({
  name: dnsLabel().describe('Cluster name (the generated Application is <module>-<environment>-<name>)'),
  server: text(RULES.httpUrl).describe('API server URL as Argo CD knows the cluster'),
});

const clusterResource = z.strictObject({
  group: z.string().describe('API group ("" for the core group)'),
  kind: z.string().min(1).describe('Kind'),
});

const environment = z.strictObject({
  project: k8sName().describe('AppProject of the environment'),
  valueFiles: z.array(z.string().min(1)).min(1).describe('Values files of the umbrella chart (it carries values-<env>.yaml)'),
  values: z.record(z.string(), z.unknown()).default({}).describe('Values over the files, per installation (Argo CD helm.valuesObject): e.g. capabilities its clusters lack; the umbrella\'s schema checks them when Argo CD renders'),
  generator: z.strictObject({
    kind: z.enum(['list', 'cluster', 'git']).describe('ApplicationSet generator: explicit clusters, Argo CD cluster Secrets by label, or cluster files in git'),
    clusters: z.array(cluster).describe('list: the clusters'),
    matchLabels: labelMap().describe('cluster: labels of the cluster Secrets to select'),
    git: z.strictObject({
      repoURL: text(RULES.repoUrl, { allowEmpty: true }).describe('git: repository of the cluster files'),
      revision: z.string().min(1).describe('git: branch, tag or commit'),
      files: z.string().describe('git: path (glob) of the cluster files, each with keys "name" and "server"'),
    }),
  }),
  namespaces: z.record(dnsLabel(), dnsLabel()).describe('Per module: its namespace in this environment (else the module\'s own)'),
  destinationNamespaces: z.array(dnsLabel()).describe('Namespaces the charts write to besides the modules\' (derived from the components)'),
  allowedServers: z.array(z.string().min(1)).describe('AppProject destination servers for the cluster and git generators (globs; empty: "*")'),
  sourceRepos: z.array(text(RULES.repoUrl)).describe('Upstream repositories the charts\' own Applications pull from (derived from the components)'),
  clusterResources: z.array(clusterResource).describe('Cluster-scoped kinds the charts render (derived from the components; Namespace is added when syncPolicy.createNamespace)'),
  global: z.record(z.string(), z.unknown()).describe('`global` of the environment\'s workspace releases (the platform\'s, with the environment\'s changes)'),
  workspaceValues: z.record(dnsLabel(), z.record(z.string(), z.unknown())).describe('Per suite: values of its workspace releases in this environment over the suite\'s (derived at generation time from where the instances the suite uses run here, e.g. their Services\' addresses: a module\'s release or namespace changed at install time needs them changed too)'),
});

const module = z.strictObject({
  chart: dnsLabel().describe('Chart the module installs'),
  releaseName: dnsLabel().describe('Helm release name'),
  namespace: dnsLabel().describe('Namespace of the release (an environment may change it)'),
  projectParameters: z.array(z.string().min(1)).describe('Value paths of the chart that receive the environment\'s AppProject (its own Applications)'),
  values: z.record(z.string(), z.unknown()).default({}).describe('Values of the module\'s Applications over the environment\'s (Argo CD helm.valuesObject): the instances other modules install switched off'),
});

const suite = z.strictObject({
  chart: dnsLabel().describe('Chart every workspace gets a release of (from the same registry or repository)'),
  version: z.string().min(1).describe('Its version'),
  values: z.record(z.string(), z.unknown()).describe('Values of every workspace\'s release (the platform\'s, with what its `uses` derive), under each workspace\'s own'),
  environments: z.array(dnsLabel()).describe('Environments whose clusters get the workspaces (every environment by default)'),
});

const workspace = z.strictObject({
  id: dnsLabel().describe('Workspace id: namespace ws-<id>-<suite>, label appgear.io/workspace-id'),
  tenant: dnsLabel().describe('Tenant: label appgear.io/tenant-id'),
  releases: z.record(dnsLabel(), z.record(z.string(), z.unknown())).describe('Per suite it has: its values over the suite\'s (tenant and workspace ids, parts, backup label, sizes)'),
});

export const bootstrapValues = z.strictObject({
  ...chartBasics(),
  argocd: z.strictObject({
    namespace: dnsLabel().default('argocd').describe('Namespace Argo CD runs in: the AppProjects and ApplicationSets go there'),
  }).prefault({}),
  source: z.strictObject({
    kind: z.enum(['oci', 'git']).default('oci').describe('Where Argo CD takes the charts: an OCI registry or a git repository'),
    oci: z.strictObject({
      registry: text(RULES.imageRegistry, { allowEmpty: true }).default('').describe('oci: registry host and path, without oci://'),
      version: z.string().default('').describe('oci: version of the chart to install'),
    }).prefault({}),
    git: z.strictObject({
      repoURL: text(RULES.repoUrl, { allowEmpty: true }).default('').describe('git: repository holding the charts'),
      targetRevision: z.string().min(1).default('main').describe('git: branch, tag or commit'),
      path: z.string().default('').describe('git: folder of the chart'),
    }).prefault({}),
  }).prefault({}),
  syncPolicy: z.strictObject({
    automated: z.boolean().default(true).describe('Sync automatically on every change'),
    prune: z.boolean().default(true).describe('Delete objects that left the desired state'),
    selfHeal: z.boolean().default(true).describe('Undo changes made outside git'),
    createNamespace: z.boolean().default(true).describe('Create the destination namespace (the AppProjects then allow Namespace)'),
    serverSideApply: z.boolean().default(true).describe('Apply with server-side apply'),
    preserveResourcesOnDeletion: z.boolean().default(true).describe('Keep the deployed platform (databases included) when an ApplicationSet or the bootstrap release is removed; false deletes it with its Applications'),
  }).prefault({}),
  modules: z.record(dnsLabel(), module).default({}).describe('Modules by name: one ApplicationSet per module and environment'),
  environments: z.record(dnsLabel(), environment).default({}).describe('Environments by name: one AppProject each'),
  suites: z.record(dnsLabel(), suite).default({}).describe('Per-workspace suites by name: per environment, an Application suite-<name>-<environment>-<cluster> holding the ApplicationSet of the workspaces\' releases'),
  workspaces: z.array(workspace).default([]).describe('The workspaces (from the platform module; the suite Applications read them from the chart version they install)'),
  render: z.strictObject({
    suite: z.string().default('').describe('The suite whose workspaces ApplicationSet to render instead of the bootstrap ("" = the bootstrap)'),
    environment: z.string().default('').describe('Its environment'),
    cluster: z.strictObject({
      name: z.string().default('').describe('Argo CD name of the cluster the workspaces go to'),
      server: z.string().default('').describe('Its API server URL'),
    }).prefault({}),
  }).prefault({}).describe('Set only by the suite Applications, which install this chart again to render one suite\'s workspaces ApplicationSet'),
  appgear: appgearMeta({ tier: 'platform', suite: 'delivery', module: '', contractVersion: '' }),
});

/** A value that must be set when a `kind` picks the form it belongs to; `each` walks a map first. */
export interface KindCheck {
  each?: 'environments';
  kind: string;
  is: string;
  path: string;
  what: string;
}

export const KIND_CHECKS: KindCheck[] = [
  { kind: 'source.kind', is: 'oci', path: 'source.oci.registry', what: 'a registry host and path' },
  { kind: 'source.kind', is: 'oci', path: 'source.oci.version', what: 'the chart version to install' },
  { kind: 'source.kind', is: 'git', path: 'source.git.repoURL', what: 'a repository URL' },
  { kind: 'source.kind', is: 'git', path: 'source.git.path', what: 'the chart\'s folder' },
  { each: 'environments', kind: 'generator.kind', is: 'list', path: 'generator.clusters', what: 'at least one cluster' },
  { each: 'environments', kind: 'generator.kind', is: 'cluster', path: 'generator.matchLabels', what: 'at least one label (an empty selector would pick every cluster)' },
  { each: 'environments', kind: 'generator.kind', is: 'git', path: 'generator.git.repoURL', what: 'a repository URL' },
  { each: 'environments', kind: 'generator.kind', is: 'git', path: 'generator.git.files', what: 'the path of the cluster files' },
];

/** What the generator and the guard both say. */
export const kindCheckMessage = (c: KindCheck, found: string) => `expected ${c.what} when ${c.kind} is ${JSON.stringify(c.is)}, found ${found}`;

const at = (o: unknown, dotted: string) => dotted.split('.').reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined), o);
const empty = (v: unknown) => v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0) || (typeof v === 'object' && v !== null && Object.keys(v).length === 0);

/** Problems of `values` (the whole chart values) against KIND_CHECKS: [path, message]. */
export function breakKindChecks(values: unknown): [string, string][] {
  const out: [string, string][] = [];
  for (const c of KIND_CHECKS) {
    const scopes: [string, unknown][] = c.each
      ? Object.entries((at(values, c.each) ?? {}) as Record<string, unknown>).map(([k, v]) => [`${c.each}.${k}.`, v])
      : [['', values]];
    for (const [prefix, scope] of scopes) {
      if (at(scope, c.kind) === c.is && empty(at(scope, c.path))) out.push([`${prefix}${c.path}`, kindCheckMessage(c, JSON.stringify(at(scope, c.path) ?? null))]);
    }
  }
  return out;
}

/** The chart's full values schema: its own values plus `global` (the bootstrap is always the root of its release). */
export const bootstrapChartSchema = bootstrapValues.extend({
  global: globalSchema.describe('Settings shared with every AppGear chart: the labels of the Argo CD objects'),
}).superRefine((v, ctx) => {
  for (const [path, message] of breakKindChecks(v)) ctx.addIssue({ code: 'custom', path: path.split('.'), input: undefined, message, params: { complete: true } });
});

export type BootstrapValues = z.output<typeof bootstrapChartSchema>;
