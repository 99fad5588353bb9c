// A platform: the umbrella chart's identity, its `global` values, its component instances and the
// environments it is installed as.
import type { ComponentInstance } from './component.ts';
import type { DeliveryInput } from './delivery.ts';
import type { GlobalInput } from './global.ts';

/** Every key optional at every depth; arrays are replaced as a whole (as Helm merges values files). */
export type DeepPartial<T> = T extends readonly unknown[]
  ? T
  : T extends object
    ? { [K in keyof T]?: DeepPartial<T[K]> }
    : T;

type Instances = Record<string, ComponentInstance<any>>;
type ValuesOf<I> = I extends ComponentInstance<infer V> ? V : never;

/**
 * What one environment changes: a deep partial of the platform's own values. Objects merge key by key,
 * arrays and scalars replace. Unknown keys are type errors; the generator checks the result like the base.
 */
export interface EnvironmentOverlay<C extends Instances = Instances> {
  /** `global` changes. `global.environment` defaults to the environment's name. */
  global?: DeepPartial<GlobalInput>;
  /** Per instance key: value changes, and `enabled` to switch the instance off (or on) here. */
  components?: { [K in keyof C]?: DeepPartial<ValuesOf<C[K]>> & { enabled?: boolean } };
}

/** What a workspace gets (a tenant's defaults, or the workspace's own). */
export interface WorkspaceSettings<S extends Instances = Instances> {
  /**
   * Back the workspace up: every object of its suites carries appgear.io/backup-enabled=true, the label the
   * disaster-recovery schedule of workspaces selects. @default false
   */
  backup?: boolean;
  /**
   * Per suite: the parts it gets (@default every part of the suite's chart; `[]` leaves the suite out of the
   * workspace) and values over the suite's own (sizes, images, hosts). Workspace values go over the tenant's.
   */
  suites?: { [K in keyof S]?: { parts?: string[]; values?: DeepPartial<ValuesOf<S[K]>> } };
}

/** A tenant: the owner of workspaces (appgear.io/tenant-id), with what its workspaces get by default. */
export interface TenantInput<S extends Instances = Instances> {
  /** Defaults of the tenant's workspaces. @default {} */
  workspaces?: WorkspaceSettings<S>;
}

/** A workspace: its own release of every suite, in namespace ws-<id>-<suite>. */
export interface WorkspaceInput<S extends Instances = Instances, T extends string = string> extends WorkspaceSettings<S> {
  /** Workspace id, a DNS label (appgear.io/workspace-id, and part of its namespaces), e.g. "alpha". */
  id: string;
  /** The tenant it belongs to: a key of `tenants`. */
  tenant: T;
}

/** A person or team who maintains the charts (Chart.yaml `maintainers`). */
export interface Maintainer {
  name: string;
  email?: string;
  url?: string;
}

/** The module of the platform documents the instances belong to (their appgear.io/module annotations). */
export interface ModuleInfo {
  /** e.g. "mod04-storage-databases-core" */
  name: string;
  /** e.g. "v0.1" */
  contractVersion: string;
}

export interface PlatformSpec<C extends Instances = Instances, S extends Instances = Instances, T extends string = string> {
  /** Umbrella chart name, a DNS-1123 label, e.g. "appgear". */
  name: string;
  /** Umbrella chart version (SemVer 2). */
  version: string;
  /** One sentence for the umbrella's Chart.yaml and README. */
  description: string;
  /** Maintainers of the generated charts (the umbrella's, and the sub-charts' and library's it uses). @default [] */
  maintainers?: Maintainer[];
  /** Source repositories of the charts (Chart.yaml `sources`). @default [] */
  sources?: string[];
  /** Home page of the platform (the umbrella's Chart.yaml `home`). @default none */
  home?: string;
  /** Module annotations every instance carries (appgear.module, appgear.contractVersion). @default none */
  module?: ModuleInfo;
  /** Values under `global`, shared with every sub-chart. @default {} */
  global?: GlobalInput;
  /**
   * Component instances keyed by their umbrella values key (the dependency alias; lowercase letters
   * and digits, since objects are named "<release>-<key>"), e.g.
   * `{ postgres: postgres({ persistence: { size: '200Gi' } }) }`. Several instances of one
   * component share one sub-chart.
   */
  components: C;
  /**
   * Environments keyed by name (lowercase letters, digits and dashes), e.g.
   * `{ staging: { components: { postgres: { persistence: { size: '10Gi' } } } }, production: {} }`.
   * Each is written as the umbrella's `values-<name>.yaml`: only what differs from `values.yaml`,
   * for `helm install -f`. @default {}
   */
  environments?: Record<string, EnvironmentOverlay<NoInfer<C>>>;
  /**
   * How Argo CD installs the platform: the source (OCI registry or git), the modules and, per environment,
   * the clusters. Written as the bootstrap chart `<name>-bootstrap`. @default none (no bootstrap chart)
   */
  delivery?: DeliveryInput<Extract<keyof NoInfer<C>, string>>;
  /**
   * Per-workspace suites keyed by suite name (lowercase letters and digits): a component instance each workspace
   * gets its own release of, stamped out by an Argo CD ApplicationSet (never an alias of the umbrella), e.g.
   * `{ factory: factory({ ... }, { uses: ['redis', 'redpanda'] }) }`; `uses` names instances of `components`.
   * @default {}
   */
  suites?: S;
  /** Tenants keyed by id (a DNS label), with their workspaces' defaults. @default {} */
  tenants?: Record<T, TenantInput<NoInfer<S>>>;
  /** The workspaces, each of a tenant; each gets every suite (unless its parts are []). @default [] */
  workspaces?: WorkspaceInput<NoInfer<S>, NoInfer<T>>[];
}

export interface Platform<C extends Instances = Instances> extends Required<Omit<PlatformSpec<C>, 'global' | 'environments' | 'module' | 'home' | 'delivery' | 'suites' | 'tenants' | 'workspaces'>> {
  readonly kind: 'platform';
  suites: Instances;
  tenants: Record<string, TenantInput>;
  workspaces: WorkspaceInput[];
  global: GlobalInput;
  environments: Record<string, EnvironmentOverlay<C>>;
  module?: ModuleInfo;
  home?: string;
  delivery?: DeliveryInput;
}

/** Declares a platform; the default export of a `values-src/*.ts` module. */
export function definePlatform<C extends Instances, S extends Instances = Record<never, never>, T extends string = never>(spec: PlatformSpec<C, S, T>): Platform<C> {
  return {
    kind: 'platform', ...spec, maintainers: spec.maintainers ?? [], sources: spec.sources ?? [], global: spec.global ?? {}, environments: spec.environments ?? {},
    suites: spec.suites ?? {}, tenants: (spec.tenants ?? {}) as Record<string, TenantInput>, workspaces: (spec.workspaces ?? []) as WorkspaceInput[],
  };
}

export function isPlatform(value: unknown): value is Platform {
  return typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === 'platform';
}
