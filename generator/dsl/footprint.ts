// What a chart puts in its namespace, counted the way a ResourceQuota counts it: its pods at their most (replicas,
// an HPA's or KEDA's maximum, one run of a CronJob), each pod's container requests and limits, and its claims.
// A component declares how to read these from its values (capabilities.footprint); a StatefulSet chart that
// declares `claims` and has the shared `resources` and `persistence` blocks needs to declare nothing.
import type { Capabilities } from './component.ts';

/** cpu and memory as quantities ("500m", "2Gi"), as a container's resources give them. */
export interface Quantities { cpu?: string | number; memory?: string | number }

export interface PodGroup {
  /** What runs the pods, e.g. "StatefulSet" or "CronJob". */
  kind: string;
  /** The most pods it may have at once. */
  replicas: number;
  /** Why that many, e.g. "autoscaling.maxReplicas" (shown when the quota does not fit). */
  replicasFrom: string;
  /** Every container's requests and limits (one pod). */
  containers: ContainerResources[];
  /** Init containers: a pod counts the larger of their largest and its containers' sum, quantity by quantity. */
  initContainers?: ContainerResources[];
}

export interface ContainerResources { requests: Quantities; limits: Quantities }

export interface ClaimGroup {
  /** How many claims of this size (one per StatefulSet pod). */
  count: number;
  size: string;
}

export interface Footprint {
  pods: PodGroup[];
  claims: ClaimGroup[];
}

/** What a namespace may hold, as the chart's ResourceQuota says, with the value path that sets it. */
export interface NamespaceQuota {
  /** Dotted value path of the quota's keys, e.g. "quota.hard". */
  path: string;
  /** ResourceQuota `hard`, by key. */
  hard: Record<string, string | number>;
}

export const NO_FOOTPRINT: Footprint = { pods: [], claims: [] };

type Values = Record<string, unknown>;

const get = (obj: unknown, dotted: string): unknown =>
  dotted.split('.').reduce<unknown>((cur, k) => (cur && typeof cur === 'object' ? (cur as Values)[k] : undefined), obj);

/**
 * The footprint of a chart's values: the component's own reading, else the shared one of a StatefulSet chart with
 * `claims` (replicas from claims.replicas, containers from `resources`, one claim per pod from `persistence`,
 * KEDA's maximum when its `keda` block is on and KEDA is installed); undefined when the chart runs pods and says nothing of them.
 */
export function footprintOf(capabilities: Capabilities, values: Values): Footprint | undefined {
  if (capabilities.footprint) return capabilities.footprint(values);
  if (capabilities.workloads.length === 0) return NO_FOOTPRINT;
  if (!capabilities.claims || !values.resources) return undefined;
  const fixed = capabilities.claims.replicas;
  const base = typeof fixed === 'number' ? fixed : Number(get(values, fixed));
  const keda = values.keda as { enabled?: boolean; maxReplicaCount?: number } | undefined;
  const kedaOn = (get(values, 'global.capabilities.keda') ?? true) === true;
  const scaled = kedaOn && keda?.enabled && typeof keda.maxReplicaCount === 'number' && keda.maxReplicaCount > base;
  const replicas = scaled ? keda.maxReplicaCount! : base;
  const persistence = values.persistence as { enabled?: boolean; size?: string } | undefined;
  return {
    pods: [{
      kind: 'StatefulSet',
      replicas,
      replicasFrom: scaled ? 'keda.maxReplicaCount' : typeof fixed === 'number' ? 'one pod' : fixed,
      containers: [values.resources as ContainerResources],
    }],
    claims: persistence?.enabled && persistence.size ? [{ count: replicas, size: persistence.size }] : [],
  };
}
