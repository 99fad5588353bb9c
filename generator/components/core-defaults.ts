// Defaults the storage-and-databases module (M04) gives all its charts.

/**
 * appgear.io labels of the core charts. The module annotations are the platform's (definePlatform's
 * `module`): a chart installed alone belongs to no module.
 */
export const CORE_META = { tier: 'core', suite: 'core', module: '', contractVersion: '' };

/** Maintainers of the core components' charts. */
export const CORE_MAINTAINERS = [{ name: 'AppGear Platform Team', email: 'platform@appgear.io' }];

/** Probe timings for datastores that start in seconds. */
export const STANDARD_PROBES = {
  liveness: { initialDelaySeconds: 0, periodSeconds: 10, timeoutSeconds: 5, failureThreshold: 6 },
  readiness: { initialDelaySeconds: 0, periodSeconds: 5, timeoutSeconds: 5, failureThreshold: 3 },
  startup: { initialDelaySeconds: 0, periodSeconds: 5, timeoutSeconds: 5, failureThreshold: 60 },
};
