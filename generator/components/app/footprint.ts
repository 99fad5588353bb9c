// What an application puts in its namespace at most, for the platform's quota check: its pods (the HPA's maximum
// when it scales, one run of a CronJob) with the container's requests and limits, and a StatefulSet's claims.
import type { Footprint } from '../../dsl/footprint.ts';
import type { AppValues } from './values.ts';

export function appFootprint(v: AppValues): Footprint {
  const containers = [v.resources];
  if (v.workload.kind === 'CronJob') {
    // A run at a time is what Forbid and Replace allow; with Allow, runs that outlast the schedule overlap and
    // each needs its own share of the quota.
    return { pods: [{ kind: 'CronJob', replicas: 1, replicasFrom: `one run (concurrencyPolicy ${v.workload.concurrencyPolicy})`, containers }], claims: [] };
  }
  const scaled = v.autoscaling.enabled;
  const replicas = scaled ? v.autoscaling.maxReplicas : v.workload.replicas;
  const replicasFrom = scaled ? 'autoscaling.maxReplicas' : 'workload.replicas';
  const claims = v.workload.kind === 'StatefulSet' && v.persistence.enabled ? [{ count: replicas, size: v.persistence.size }] : [];
  return { pods: [{ kind: v.workload.kind, replicas, replicasFrom, containers }], claims };
}
