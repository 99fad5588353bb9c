// The `delivery` block of a platform: how Argo CD installs it. The generator writes it as the platform's
// bootstrap chart (an AppProject per environment, an ApplicationSet per module and environment), a chart of
// its own outside the charts it deploys.
import { z } from 'zod';
import { dnsLabel, labelMap, text } from './primitives.ts';
import { RULES } from './rules.ts';

const SEMVER = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$/;

/** One cluster of a `list` generator: its Argo CD name and API server. */
const clusterSchema = z.strictObject({
  name: dnsLabel().describe('Cluster name (part of the Application names)'),
  server: text(RULES.httpUrl).describe('API server URL as Argo CD knows the cluster, e.g. https://kubernetes.default.svc'),
});

const generatorSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('list'),
    clusters: z.array(clusterSchema).min(1).describe('The clusters, by name and server'),
  }),
  z.strictObject({
    kind: z.literal('cluster'),
    matchLabels: labelMap().optional().describe('Labels of the Argo CD cluster Secrets to select; @default { "appgear.io/environment": <env> }'),
  }),
  z.strictObject({
    kind: z.literal('git'),
    repoURL: text(RULES.repoUrl).describe('Git repository holding one file per cluster (keys "name" and "server")'),
    revision: z.string().min(1).default('HEAD').describe('Branch, tag or commit'),
    files: z.string().min(1).describe('Path (glob) of the cluster files, e.g. clusters/staging/*.yaml'),
  }),
], { error: (iss) => `expected "list", "cluster" or "git", found ${JSON.stringify((iss.input as { kind?: unknown } | undefined)?.kind ?? iss.input)}` });

const sourceSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('oci'),
    registry: text(RULES.imageRegistry).describe('Registry host and path the charts are pushed to, without oci://, e.g. ghcr.io/appgear/charts'),
  }),
  z.strictObject({
    kind: z.literal('git'),
    repoURL: text(RULES.repoUrl).describe('Git repository holding charts/'),
    targetRevision: z.string().min(1).default('main').describe('Branch, tag or commit'),
    path: z.string().min(1).optional().describe('Folder of the umbrella chart; @default charts/<umbrella>'),
  }),
], { error: (iss) => `expected "oci" or "git", found ${JSON.stringify((iss.input as { kind?: unknown } | undefined)?.kind ?? iss.input)}` });

const moduleSchema = z.strictObject({
  chart: dnsLabel().optional().describe('Chart the module installs; @default the platform\'s umbrella (the only one today)'),
  releaseName: dnsLabel().describe('Helm release name (object names start with it)'),
  namespace: dnsLabel().describe('Namespace the release goes to (an environment may change it)'),
  instances: z.array(dnsLabel()).min(1).optional().describe('The platform\'s instances the module installs; @default those no other module names'),
});

const environmentSchema = z.strictObject({
  generator: generatorSchema.optional().describe('Which clusters get the environment; @default a cluster generator selecting appgear.io/environment=<env>'),
  namespaces: z.record(dnsLabel(), dnsLabel()).default({}).describe('Per module: the namespace in this environment, when not the module\'s own'),
});

export const deliverySchema = z.strictObject({
  version: z.string().regex(SEMVER, { error: (i) => `expected a SemVer 2 version like "0.1.0", found ${JSON.stringify(i.input)}` }).optional(),
  argocdNamespace: dnsLabel().default('argocd'),
  source: sourceSchema,
  syncPolicy: z.strictObject({
    automated: z.boolean().default(true),
    prune: z.boolean().default(true),
    selfHeal: z.boolean().default(true),
    createNamespace: z.boolean().default(true),
    serverSideApply: z.boolean().default(true),
    preserveResourcesOnDeletion: z.boolean().default(true),
  }).prefault({}),
  modules: z.record(dnsLabel(), moduleSchema).optional(),
  environments: z.record(z.string(), environmentSchema).optional(),
});

export type DeliveryValues = z.output<typeof deliverySchema>;
export type GeneratorValues = z.output<typeof generatorSchema>;

/** One cluster of a `list` generator. */
export interface ClusterInput {
  /** Cluster name, a DNS label (part of the generated Application names), e.g. "staging-eu1". */
  name: string;
  /** API server URL as Argo CD knows the cluster, e.g. "https://kubernetes.default.svc". */
  server: string;
}

/** Which clusters an environment is installed on: the ApplicationSet generator. */
export type GeneratorInput =
  /** Explicit clusters. */
  | { kind: 'list'; clusters: ClusterInput[] }
  /** Argo CD cluster Secrets selected by labels. @default matchLabels { "appgear.io/environment": <env> } */
  | { kind: 'cluster'; matchLabels?: Record<string, string> }
  /** One file per cluster (keys "name" and "server") in a git repository. @default revision "HEAD" */
  | { kind: 'git'; repoURL: string; revision?: string; files: string };

/**
 * A module Argo CD installs: the umbrella chart with some of the platform's instances, as a release in a
 * namespace (its Application switches the other instances off). `K` is the platform's instance keys.
 */
export interface ModuleInput<K extends string = string> {
  /** The chart. @default the platform's umbrella */
  chart?: string;
  /** Helm release name, e.g. "core" (objects are named core-postgres, ...). */
  releaseName: string;
  /** Namespace of the release, e.g. "appgear-core" (an environment may change it). */
  namespace: string;
  /**
   * The instances it installs, e.g. `['dr']` for a disaster-recovery module in its own namespace. Every instance
   * is in exactly one module. @default the instances no other module names (at most one module may omit it)
   */
  instances?: K[];
}

export interface DeliveryEnvironmentInput {
  /** @default { kind: 'cluster' } (Argo CD cluster Secrets labelled appgear.io/environment=<env>) */
  generator?: GeneratorInput;
  /** Per module name: the namespace in this environment, when not the module's own. @default {} */
  namespaces?: Record<string, string>;
}

/**
 * How Argo CD installs the platform; written as the bootstrap chart `<platform>-bootstrap`. Without it, no
 * bootstrap chart is written (there is no registry or repository to point Argo CD at).
 */
export interface DeliveryInput<K extends string = string> {
  /**
   * Version of the bootstrap chart (SemVer 2). By default the platform's own: the bootstrap pins the umbrella's
   * version, so each new umbrella gives a new bootstrap. Set it to version the bootstrap apart. @default the platform's version
   */
  version?: string;
  /** Namespace Argo CD runs in (AppProjects and ApplicationSets go there). @default "argocd" */
  argocdNamespace?: string;
  /**
   * Where Argo CD takes the umbrella chart: an OCI registry (`{ kind: 'oci', registry: 'ghcr.io/appgear/charts' }`,
   * chart version = the umbrella's) or git (`{ kind: 'git', repoURL, targetRevision?: 'main', path?: 'charts/<umbrella>' }`).
   */
  source: { kind: 'oci'; registry: string } | { kind: 'git'; repoURL: string; targetRevision?: string; path?: string };
  /** Sync policy of every generated Application. @default all true */
  syncPolicy?: { automated?: boolean; prune?: boolean; selfHeal?: boolean; createNamespace?: boolean; serverSideApply?: boolean; preserveResourcesOnDeletion?: boolean };
  /** Modules by Application name, e.g. `{ 'core-data-brokers': { releaseName: 'core', namespace: 'appgear-core' } }`. @default one module named after the platform */
  modules?: Record<string, ModuleInput<K>>;
  /** Per platform environment: its clusters. @default every environment of the platform, cluster generator */
  environments?: Record<string, DeliveryEnvironmentInput>;
}
