// Defaults the storage-and-databases module (M04) gives all its charts.

/** appgear.io labels and module annotations of the M04 core charts. */
export const CORE_META = { tier: 'core', suite: 'core', module: 'mod04-storage-databases-core', contractVersion: 'v0.1' };

/** Probe timings for datastores that start in seconds. */
export const STANDARD_PROBES = {
  liveness: { initialDelaySeconds: 0, periodSeconds: 10, timeoutSeconds: 5, failureThreshold: 6 },
  readiness: { initialDelaySeconds: 0, periodSeconds: 5, timeoutSeconds: 5, failureThreshold: 3 },
  startup: { initialDelaySeconds: 0, periodSeconds: 5, timeoutSeconds: 5, failureThreshold: 60 },
};
