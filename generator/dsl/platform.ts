// A platform: the umbrella chart's identity, its `global` values and its component instances.
import type { ComponentInstance } from './component.ts';
import type { GlobalInput } from './global.ts';

export interface PlatformSpec {
  /** Umbrella chart name, a DNS-1123 label, e.g. "appgear". */
  name: string;
  /** Umbrella chart version (SemVer 2). */
  version: string;
  /** One sentence for the umbrella's Chart.yaml and README. */
  description: string;
  /** Values under `global`, shared with every sub-chart. @default {} */
  global?: GlobalInput;
  /**
   * Component instances keyed by their umbrella values key (the dependency alias; lowercase letters
   * and digits, since objects are named "<release>-<key>"), e.g.
   * `{ postgres: postgres({ persistence: { size: '200Gi' } }) }`. Several instances of one
   * component share one sub-chart.
   */
  components: Record<string, ComponentInstance>;
}

export interface Platform extends Required<Omit<PlatformSpec, 'global'>> {
  readonly kind: 'platform';
  global: GlobalInput;
}

/** Declares a platform; the default export of a `values-src/*.ts` module. */
export function definePlatform(spec: PlatformSpec): Platform {
  return { kind: 'platform', ...spec, global: spec.global ?? {} };
}

export function isPlatform(value: unknown): value is Platform {
  return typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === 'platform';
}
