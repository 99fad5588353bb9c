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

export interface PlatformSpec<C extends Instances = Instances> {
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
}

export interface Platform<C extends Instances = Instances> extends Required<Omit<PlatformSpec<C>, 'global' | 'environments' | 'module' | 'home' | 'delivery'>> {
  readonly kind: 'platform';
  global: GlobalInput;
  environments: Record<string, EnvironmentOverlay<C>>;
  module?: ModuleInfo;
  home?: string;
  delivery?: DeliveryInput;
}

/** Declares a platform; the default export of a `values-src/*.ts` module. */
export function definePlatform<C extends Instances>(spec: PlatformSpec<C>): Platform<C> {
  return { kind: 'platform', ...spec, maintainers: spec.maintainers ?? [], sources: spec.sources ?? [], global: spec.global ?? {}, environments: spec.environments ?? {} };
}

export function isPlatform(value: unknown): value is Platform {
  return typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === 'platform';
}
