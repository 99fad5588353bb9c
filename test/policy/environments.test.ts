// The policy checks across a platform's instances and environments, on the real example platforms: each
// namespace's ResourceQuota must hold everything installed into it (replicas, HPA and KEDA maximums, a CronJob's
// run, claims), and no two environments may share a host or a secret path. Each mistake is refused with the
// numbers or both places named; the unchanged platforms pass.
import { describe, expect, it } from 'vitest';
import type { Platform } from '../../generator/dsl/platform.ts';
import { resolvePlatform } from '../../generator/parse/resolvePlatform.ts';
import { checkPlatforms } from '../../generator/policy/checkPolicies.ts';
import { quotaReport } from '../../generator/policy/checkQuotas.ts';
import appgear from '../../values-src/appgear.ts';
import robson from '../../values-src/robson.ts';
import { withEnvironmentChanges } from '../helpers/platforms.ts';

const FILE = 'values-src/robson.ts';

/** "<path>: <message>" of every policy problem of the platform. */
const problems = (p: Platform, file = FILE) => checkPlatforms([resolvePlatform(file, p)]).problems.map((q) => `${q.path}: ${q.message}`);

/** Robson with more changes in its staging environment. */
const robsonStaging = (changes: Record<string, Record<string, unknown>>) => withEnvironmentChanges(robson, 'staging', changes);

describe('quota fit at generation time', () => {
  it('both example platforms fit every quota, in values.yaml and in each environment', () => {
    expect(problems(robson)).toEqual([]);
    expect(problems(appgear, 'values-src/appgear.ts')).toEqual([]);
  });

  it('sums what each namespace holds, per environment', () => {
    const report = quotaReport(resolvePlatform(FILE, robson));
    const staging = report.find((r) => r.environment === 'staging')!;
    // backend 2 x 500m, frontend 200m, postgres 500m, rabbitmq 500m, redis 200m, the stop monitor's run 100m.
    expect(staging.usage.map(({ parts, ...u }) => u)).toEqual([
      { key: 'requests.cpu', hard: 4, used: 2.5, shown: '2500m of 4' },
      { key: 'requests.memory', hard: 8 * 2 ** 30, used: 6.125 * 2 ** 30, shown: '6.13Gi of 8Gi' },
      { key: 'persistentvolumeclaims', hard: 10, used: 3, shown: '3 of 10' },
    ]);
    // The parts name each instance and what makes its share: the stop monitor's is its CronJob's run.
    expect(staging.usage[0]!.parts).toContainEqual({ instance: 'stopmonitor', kind: 'CronJob', amount: 0.1 });
    const production = report.find((r) => r.environment === 'production')!;
    expect(production.usage.find((u) => u.key === 'requests.cpu')!.shown).toBe('5300m of 8');
  });

  it('refuses replicas that do not fit, with the amount, the quota, the difference and the largest objects', () => {
    expect(problems(robsonStaging({ backend: { workload: { replicas: 6 } } }))).toEqual([
      'environments.staging.components.isolation.quota.hard.requests.cpu: expected what staging holds to fit its quota '
      + 'requests.cpu 4, found 4500m (500m over); the largest: backend: 6 Deployment pods (workload.replicas) x 500m = 3; '
      + 'postgres: 1 StatefulSet pod (one pod) x 500m = 500m; rabbitmq: 1 StatefulSet pod (one pod) x 500m = 500m',
      'environments.staging.components.isolation.quota.hard.requests.memory: expected what staging holds to fit its quota '
      + 'requests.memory 8Gi, found 10.13Gi (2.13Gi over); the largest: backend: 6 Deployment pods (workload.replicas) x 1Gi = 6Gi; '
      + 'postgres: 1 StatefulSet pod (one pod) x 2Gi = 2Gi; rabbitmq: 1 StatefulSet pod (one pod) x 1Gi = 1Gi',
    ]);
  });

  it('counts an HPA at its maximum', () => {
    const found = problems(robsonStaging({ backend: { autoscaling: { enabled: true, minReplicas: 2, maxReplicas: 8 } } }));
    expect(found[0]).toContain('found 5500m (1500m over); the largest: backend: 8 Deployment pods (autoscaling.maxReplicas) x 500m = 4');
  });

  it('counts claims, and the limits when the quota sets them', () => {
    const found = problems(robsonStaging({ isolation: { quota: { hard: { 'requests.cpu': '4', 'requests.memory': '8Gi', persistentvolumeclaims: 2, 'limits.cpu': '5' } } } }));
    expect(found).toEqual([
      // postgres 2, rabbitmq 2, redis 1 (their limits), backend 2 x 500m, frontend 200m, the run 500m.
      'environments.staging.components.isolation.quota.hard.limits.cpu: expected what staging holds to fit its quota '
      + 'limits.cpu 5, found 6700m (1700m over); the largest: postgres: 1 StatefulSet pod (one pod) x 2 = 2; '
      + 'rabbitmq: 1 StatefulSet pod (one pod) x 2 = 2; redis: 1 StatefulSet pod (one pod) x 1 = 1',
      'environments.staging.components.isolation.quota.hard.persistentvolumeclaims: expected what staging holds to fit its quota '
      + 'persistentvolumeclaims 2, found 3 (1 over); the largest: postgres: 1 claim = 1; redis: 1 claim = 1; rabbitmq: 1 claim = 1',
    ]);
  });

  it('places instances by their delivery module: a namespace\'s quota counts only what goes there', () => {
    const report = quotaReport(resolvePlatform('values-src/appgear.ts', appgear));
    expect(report.map((r) => `${r.environment || 'values.yaml'} ${r.namespace}`)).toEqual(['values.yaml appgear-core', 'staging appgear-staging', 'production appgear-core']);
    // Velero (module core-dr, namespace velero) is not counted: postgres, redis, qdrant, rabbitmq, three Redpanda
    // brokers (KEDA's maximum) and the backup run.
    expect(report[1]!.usage.find((u) => u.key === 'requests.cpu')!.shown).toBe('7900m of 8');
  });
});

describe('environments share no host and no secret path', () => {
  it('refuses a secret path another environment reads, naming both', () => {
    const found = problems(robsonStaging({ postgres: { credentials: { secretName: 'postgres-staging', externalSecret: { enabled: true, remoteKey: 'robson/production/postgres' } } } }));
    expect(found).toEqual([
      'environments.production.components.postgres.credentials.externalSecret.remoteKey: expected a secret path of environment production alone, '
      + 'found "ClusterSecretStore/vault: robson/production/postgres", which environment staging uses too '
      + '(environments.staging.components.postgres.credentials.externalSecret.remoteKey); give each environment its own',
    ]);
  });

  it('refuses a host another environment serves', () => {
    const found = problems(robsonStaging({ frontend: { ingress: { host: 'rbx.ia.br' } } }));
    expect(found).toEqual([
      'environments.production.components.frontend.ingress.host: expected a host of environment production alone, found "rbx.ia.br", '
      + 'which environment staging uses too (environments.staging.components.frontend.ingress.host); give each environment its own',
    ]);
  });

  it('does not count a host whose route is off', () => {
    expect(problems(robsonStaging({ frontend: { ingress: { enabled: false, host: 'rbx.ia.br' } } }))).toEqual([]);
  });
});
