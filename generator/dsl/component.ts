// A component is one folder: its values schema, its templates and its capabilities.
// Shared code reads only these structural properties and never a component's name.
import { z } from 'zod';
import { breakRule, readsGlobal, rulePath, type CrossRule, type ImpliesRule } from './crossRules.ts';
import type { Footprint, NamespaceQuota } from './footprint.ts';
import type { EndpointKind, Endpoints, Need, UsedInstance } from './endpoints.ts';
import { globalSchema, type GlobalInput } from './global.ts';

export type { CrossRule } from './crossRules.ts';

export interface PortCapability {
  /** Port name (IANA service name style) used by the container, Services and NetworkPolicy. */
  name: string;
  /** Container port. */
  port: number;
  /** Service appProtocol, e.g. "tcp", "http", "grpc". @default "tcp" */
  appProtocol?: string;
}

export interface SecretCapability {
  /** Dotted value path of a secretRef block, e.g. "credentials". */
  path: string;
  /** Suffix of the default Secret name, "<fullname>-<suffix>". */
  suffix: string;
  /** Dotted boolean value path that must be true for the secret to be used at all. */
  enabledBy?: string;
}

/** What KEDA scales, when the chart has a `keda` values block. */
export interface AutoscalingCapability {
  kind: 'StatefulSet' | 'Deployment';
  /** Go template of the target's name. @default the chart's fullname */
  name?: string;
  /** Go template of the target's namespace. @default "{{ .Release.Namespace }}" */
  namespace?: string;
  /** Trigger parameters read from a secret reference: KEDA parameter -> key name in `keys`. */
  auth?: { secret: string; suffix: string; parameters: Record<string, string> };
}

/** The "data" claims of a StatefulSet, for snapshots and backups. */
export interface ClaimsCapability {
  /** Dotted value path of the replica count, or a fixed count. */
  replicas: string | number;
}

/**
 * A part of the chart rendered only when an integration is installed. When it is asked for but the
 * capability is off, NOTES.txt says it was not rendered and why, and the README lists it.
 */
export interface GatedPart {
  /** What is not rendered, e.g. "the Ceph cluster, pools and StorageClasses". */
  what: string;
  /** Dotted boolean value path of the capability, e.g. "global.capabilities.rook". */
  needs: string;
  /** Dotted boolean value path that asks for the part. @default always asked for */
  when?: string;
}

/**
 * An Argo CD Application the chart renders to install an upstream chart. The bootstrap chart's AppProjects
 * allow what it needs (its repository, namespaces and cluster-scoped kinds) and give it the environment's project.
 */
export interface ApplicationCapability {
  /** Dotted boolean value path that asks for it (it also needs global.capabilities.argocd). */
  when: string;
  /** Dotted value path of its source repository URL. */
  repoURL: string;
  /** Dotted value path of its Argo CD project (the bootstrap sets it to the environment's). */
  project: string;
  /** Dotted value path of the namespace the Application object lives in. */
  namespace: string;
  /** Dotted value path of the namespace it deploys to. */
  destination: string;
  /** Cluster-scoped kinds the upstream chart creates (group "" is the core group). */
  clusterResources: { group: string; kind: string }[];
  /** Why `clusterResources` is this list (where it was read from). */
  reason: string;
}

export type PodSecurityLevel = 'restricted' | 'baseline' | 'privileged';

export interface Capabilities {
  /** The workload kinds this chart renders (for docs, policy and object counts). */
  workloads: ('StatefulSet' | 'Deployment' | 'DaemonSet' | 'CronJob' | 'Job')[];
  /** Ports served; each gets a Service port, a container port and a NetworkPolicy rule. */
  ports: PortCapability[];
  /** Secret references (one shape for every component). */
  secrets: SecretCapability[];
  /** Dotted value paths of every image block, for policy checks and Artifact Hub annotations. */
  images: string[];
  /** apiVersion/kind of custom resources the chart may render, e.g. "external-secrets.io/v1/ExternalSecret". */
  crds: string[];
  /** Pod Security level the pods meet; anything but "restricted" needs a reason. */
  podSecurity: { level: 'restricted' } | { level: Exclude<PodSecurityLevel, 'restricted'>; reason: string };
  /** Cross-field rules on this chart's values (global included), checked at generation and at install time. */
  rules: CrossRule[];
  /**
   * Dotted value path of the workload kind, when a value picks at install time which one of `workloads` the
   * chart renders (a generic application). Shared objects that fit only some kinds (the PodDisruptionBudget,
   * which a Job's pods would break) are rendered only for those. @default every kind of `workloads` is rendered
   */
  workloadKind?: string;
  /** KEDA scale target, when the chart has a `keda` block. */
  autoscaling?: AutoscalingCapability;
  /** Persistent "data" claims owned by the chart's StatefulSet (claim "data-<fullname>-<ordinal>"). */
  claims?: ClaimsCapability;
  /**
   * What must run in the cluster before the chart's objects become Ready (e.g. an operator and the cluster it
   * manages). Written to Chart.yaml (appgear.io/needs-running); test pipelines without it skip the install.
   */
  needsRunning?: string;
  /** Parts rendered only with an integration (the KEDA ScaledObject of `autoscaling` is added by itself). */
  gated?: GatedPart[];
  /** Dotted value paths of namespaces the chart writes objects into besides its release's (e.g. an operator's). */
  namespaces?: string[];
  /** Argo CD Applications the chart renders for upstream charts. */
  applications?: ApplicationCapability[];
  /** Services other components may look for, e.g. "postgresql" (for derived values). */
  provides?: string[];
  /**
   * What the chart puts in its namespace at most (pods with their requests and limits, claims), read from its
   * values, for the quota check. @default a StatefulSet chart with `claims` is read from its `resources`,
   * `persistence` and `keda` blocks; a chart with no workloads puts nothing
   */
  footprint?: (values: Record<string, any>) => Footprint;
  /** The ResourceQuota the chart gives the namespace it is installed with, from its values (undefined: none). */
  namespaceQuota?: (values: Record<string, any>) => NamespaceQuota | undefined;
  /**
   * Host names the chart serves, as dotted value paths (each used only when `enabledBy` is true): no two
   * environments of a platform may serve the same host.
   */
  hosts?: { path: string; enabledBy?: string }[];
  /** How a workspace sets the chart when it is a platform's per-workspace suite. */
  workspace?: WorkspaceCapability;
}

export interface WorkspaceCapability {
  /** Parts a workspace may pick: top-level value keys whose `enabled` switches the part, e.g. ["editor", "builder"]. */
  parts: string[];
  /** Value path of the boolean that labels the chart's objects and claims for backup, e.g. "backup.enabled". */
  backup?: string;
}

export interface ChartInfo {
  /** Chart name, e.g. "core-postgres". */
  name: string;
  /** Chart version (SemVer 2); bump on every change of the chart. */
  version: string;
  /** Version of the packaged application. */
  appVersion: string;
  /** One sentence for Chart.yaml and the README. */
  description: string;
  /** Human title for docs, e.g. "PostgreSQL". */
  title: string;
  keywords: string[];
  /** Artifact Hub category, e.g. "database". */
  category: string;
  /** Upstream home page of the application. */
  home: string;
  /**
   * Who maintains the component's chart. The chart is shared by every platform that uses the component, so
   * its metadata is the component's own, never a platform's. @default []
   */
  maintainers?: { name: string; email?: string; url?: string }[];
}

export interface ComponentSpec<S extends z.ZodObject> {
  /** The key this component is known by in platform modules, e.g. "postgres". */
  id: string;
  chart: ChartInfo;
  /** The component's values (without `global`), defaults included. */
  values: S;
  /** Folder of this component's own `*.yaml.hbs` templates. */
  templatesDir: URL;
  capabilities: Capabilities;
  /** Extra text for NOTES.txt. */
  notes: string;
  /**
   * More README sections (Markdown, e.g. a runbook), written from the chart's default values; they come before
   * the values table. @default none
   */
  readme?: (defaults: Record<string, any>) => string;
  /** What this component offers the instances that use it, from its resolved values. */
  provides?: (values: Record<string, any>, self: { key: string }) => Partial<Endpoints>;
  /** What the instances it uses must provide: exactly one ('one') or any number ('any') of each kind. */
  needs?: Partial<Record<EndpointKind, Need>>;
  /** Values derived from the instances it uses (given values win), e.g. which claims to snapshot. */
  derive?: (ctx: DeriveContext) => Record<string, unknown>;
  /** Named install scenarios, written as `ci/<name>-values.yaml`; validated like any values. */
  scenarios: Record<string, z.input<S> & { global?: GlobalInput }>;
}

/** What a component may read to derive values: the instances it uses (declared, typed dependencies). */
export interface DeriveContext {
  uses: UsedInstance[];
}

export interface InstanceOptions {
  /** Render this instance (the umbrella's `condition` switch). @default true */
  enabled?: boolean;
  /**
   * Keys of the platform's instances this one depends on: it derives values from what they provide, and
   * resolves after them. @default []
   */
  uses?: string[];
}

/** One instance of a component in a platform; `V` is the type of the values it accepts. */
export interface ComponentInstance<V = unknown> {
  readonly kind: 'component-instance';
  readonly component: Component<any>;
  readonly values: V;
  readonly enabled: boolean;
  readonly uses: readonly string[];
}

export interface Component<S extends z.ZodObject = z.ZodObject> {
  /** Declares one instance of the component in a platform: `postgres({ ... })`. */
  (values?: z.input<S>, options?: InstanceOptions): ComponentInstance<z.input<S>>;
  readonly spec: ComponentSpec<S>;
  /** The chart's full values schema: the component's values plus `global` and `enabled`. */
  readonly chartSchema: z.ZodObject;
}

/** Declares a component; the result is also the typed factory for its instances. */
export function defineComponent<S extends z.ZodObject>(spec: ComponentSpec<S>): Component<S> {
  const budget = nameBudget(spec.capabilities);
  const chartSchema = (spec.values as z.ZodObject).extend({
    global: globalSchema.describe('Settings shared with every AppGear chart (set once in the umbrella)'),
    enabled: z.boolean().optional().describe('Read by the umbrella chart to switch this chart on or off'),
  }).superRefine((v: Record<string, unknown>, ctx) => {
    for (const r of spec.capabilities.rules) {
      const message = breakRule(r, v);
      if (message) ctx.addIssue({ code: 'custom', path: rulePath(r).split('.'), input: undefined, message, params: { readsGlobal: readsGlobal(r), complete: true } });
    }
    // The release name is known only at install time (the guard checks the full name then); a
    // fullnameOverride is the whole name already.
    const full = v.fullnameOverride;
    if (typeof full === 'string' && full && (full.length > budget.max || !NAME_START.test(full))) {
      ctx.addIssue({ code: 'custom', path: ['fullnameOverride'], input: full, message: nameMessage(JSON.stringify(full), String(full.length), String(budget.max), budget.because), params: { complete: true } });
    }
  });
  const component = ((values?: z.input<S>, options: InstanceOptions = {}) => ({
    kind: 'component-instance' as const,
    component,
    values: values ?? {},
    enabled: options.enabled ?? true,
    uses: options.uses ?? [],
  })) as unknown as Component<S>;
  Object.defineProperty(component, 'spec', { value: spec, enumerable: true });
  Object.defineProperty(component, 'chartSchema', { value: chartSchema, enumerable: true });
  return component;
}

const NAME_START = /^[a-z]/;

/** What both the generator and the chart's guard say about a name that does not fit. */
export const nameMessage = (name: string, length: string, max: string, because: string) =>
  `objects would be named ${name} (${length} characters); expected a name that starts with a lowercase letter, has only lowercase letters, digits and "-", and at most ${max} characters (${because}); shorten the release name, nameOverride or fullnameOverride`;

/**
 * Longest "<release>-<name>" prefix the chart's objects allow: names are DNS labels (at most 63
 * characters), and controllers append to some of them.
 */
export function nameBudget(c: Capabilities): { max: number; because: string } {
  if (c.workloads.includes('StatefulSet')) return { max: 52, because: 'the StatefulSet controller labels pods with the name and an 11-character revision hash' };
  if (c.workloads.includes('CronJob')) return { max: 52, because: 'the CronJob controller names its Jobs with an 11-character suffix' };
  if (c.ports.length > 0) return { max: 54, because: 'the headless Service adds 9 characters' };
  return { max: 63, because: 'the Kubernetes limit for a name' };
}

/** The rule every secret reference carries: an ExternalSecret needs the external-secrets operator. */
export const externalSecretRule = (path: string): ImpliesRule => ({
  kind: 'implies',
  if: `${path}.externalSecret.enabled`,
  then: 'global.capabilities.externalSecrets',
  message: `${path}.externalSecret.enabled needs the external-secrets operator`,
});
