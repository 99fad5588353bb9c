// The generic application chart (app), generated from a fixture platform (the reference platform does not hold it)
// with Postgres, Redis and RabbitMQ and three instances of it: a backend Deployment with an HPA using all three, a
// frontend Deployment using nothing, and a stop monitor CronJob using Postgres; rendered with Helm 3 and 4. The
// objects of each workload kind, the HPA, PDB, spread, probes, secure contexts, the connection variables derived
// from `uses`, the NetworkPolicy allowing exactly the used instances, the CronJob, the ServiceMonitor and the
// route's Certificate behind their integrations, the Kong route; the scenarios; and mistakes refused at generation
// time and at install time, naming the value. The SLOs have their own test (slo.test.ts).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MESSAGES } from '../../generator/components/app/checks.ts';
import { app, definePlatform, postgres, rabbitmq, redis } from '../../generator/index.ts';
import { resolvePlatform } from '../../generator/parse/resolvePlatform.ts';
import { checkPlatforms } from '../../generator/policy/checkPolicies.ts';
import { generateFixture, problemsOf } from '../helpers/fixture.ts';
import { type Helm, type K8sObject, helmRun, helms, parseManifests, scratchCharts } from '../helpers/helm.ts';
import { kubeconform } from '../helpers/linters.ts';

const CHART = 'app';
const UMBRELLA = 'fx';
const FILE = 'values-src/p.ts';
const NAMESPACE = 'appgear-core';
const SCENARIOS = ['cronjob', 'deployment-hpa', 'statefulset'];

/** The backend of the trading platform: an API on 8000 with metrics on 9090, scaled by an HPA, routed by Kong. */
const BACKEND = {
  ports: [{ name: 'http', containerPort: 8000 }, { name: 'metrics', containerPort: 9090 }],
  env: [{ name: 'DATABASE_URL', value: 'postgres://$(POSTGRES_USER):$(POSTGRES_PASSWORD)@$(POSTGRES_HOST):$(POSTGRES_PORT)/$(POSTGRES_DATABASE)' }],
  envFrom: { secrets: ['backend-settings'] },
  autoscaling: { enabled: true, minReplicas: 2, maxReplicas: 6, targetCPUUtilizationPercentage: 60, targetMemoryUtilizationPercentage: 75 },
  antiAffinity: 'hard',
  ingress: { enabled: true, host: 'api.staging.example.com', path: '/api', stripPath: true, tlsSecretName: 'api-staging-tls' },
  metrics: { enabled: true, port: 'metrics' },
} as const;

const platform = (backend: Record<string, unknown> = {}) => definePlatform({
  name: UMBRELLA, version: '0.1.0', description: 'Application fixture.',
  components: {
    postgres: postgres({}),
    redis: redis({}),
    rabbitmq: rabbitmq({}),
    backend: app({ ...BACKEND, ...backend } as never, { uses: ['postgres', 'redis', 'rabbitmq'] }),
    frontend: app({ ports: [{ name: 'http', containerPort: 3000 }], topologySpread: { enabled: true } }),
    stopmonitor: app({
      workload: { kind: 'CronJob', schedule: '*/1 * * * *' },
      image: { repository: 'library/python', tag: '3.12.11-slim' },
      command: ['python', 'manage.py', 'monitor_stops'],
      ports: [],
    }, { uses: ['postgres'] }),
  },
});

/** One instance of the chart with `values`, for the mistakes. */
const single = (values: Record<string, unknown>) =>
  definePlatform({ name: UMBRELLA, version: '0.1.0', description: 'One application.', components: { web: app(values as never) } });

/** The mistakes, as values of the chart; `path` is what both times must name. */
const MISTAKES: { what: string; values: Record<string, unknown>; path: string; generation: string; install: string }[] = [
  {
    what: 'a schedule that is not a cron expression',
    values: { workload: { kind: 'CronJob', schedule: '61 * * * *' }, ports: [] },
    path: 'workload.schedule',
    generation: 'expected a cron schedule: five fields (minute 0-59, hour 0-23, day of month 1-31, month 1-12 or JAN-DEC, day of week 0-7 or SUN-SAT), each "*", a value, a range "a-b" or a list "a,b", optionally with a step "/n"; or @hourly, @daily, @weekly, @monthly, @yearly, found "61 * * * *"',
    install: 'workload.schedule: expected a cron schedule',
  },
  {
    what: 'an HPA minimum above its maximum',
    values: { autoscaling: { enabled: true, minReplicas: 6, maxReplicas: 3 } },
    path: 'autoscaling.minReplicas',
    generation: 'minReplicas 6 is above maxReplicas 3; expected minReplicas no higher than maxReplicas',
    install: 'autoscaling.minReplicas: minReplicas 6 is above maxReplicas 3',
  },
  {
    what: 'an image tag "latest"',
    values: { image: { tag: 'latest' } },
    path: 'image.tag',
    generation: 'expected a pinned image tag: letters, digits, "_", "." and "-", not starting with "." or "-", at most 128 characters, never "latest", found "latest"',
    install: 'image.tag: expected a pinned image tag',
  },
  {
    what: 'a port name longer than an IANA service name',
    values: { ports: [{ name: 'http-api-primary', containerPort: 8080 }] },
    path: 'ports[0].name',
    generation: MESSAGES.ianaName('"http-api-primary"'),
    install: `ports[0].name: ${MESSAGES.ianaName('"http-api-primary"')}`,
  },
  {
    what: 'a port name without a letter',
    values: { ports: [{ name: '8080', containerPort: 8080 }] },
    path: 'ports[0].name',
    generation: MESSAGES.ianaName('"8080"'),
    install: `ports[0].name: ${MESSAGES.ianaName('"8080"')}`,
  },
  {
    what: 'two ports of one name',
    values: { ports: [{ name: 'http', containerPort: 8080 }, { name: 'http', containerPort: 8081 }] },
    path: 'ports[1].name',
    generation: MESSAGES.duplicateName('"http"', 'ports[0]'),
    install: `ports[1].name: ${MESSAGES.duplicateName('"http"', 'ports[0]')}`,
  },
  {
    what: 'an unknown workload kind',
    values: { workload: { kind: 'Job' } },
    path: 'workload.kind',
    generation: 'expected one of "Deployment", "StatefulSet", "CronJob", found "Job"',
    install: "at '/workload/kind': value must be one of 'Deployment', 'StatefulSet', 'CronJob'",
  },
  {
    what: 'a memory request above its limit',
    values: { resources: { requests: { memory: '1Gi' } } },
    path: 'resources.requests.memory',
    generation: 'the memory request "1Gi" is above the limit "512Mi"; expected a request no higher than its limit',
    install: 'resources.requests.memory: the memory request "1Gi" is above the limit "512Mi"',
  },
  {
    what: 'an HPA for a CronJob',
    values: { workload: { kind: 'CronJob' }, ports: [], autoscaling: { enabled: true } },
    path: 'workload.kind',
    generation: 'an HPA scales a Deployment or a StatefulSet: expected one of "Deployment", "StatefulSet" when autoscaling.enabled is true, found "CronJob"',
    install: 'workload.kind: an HPA scales a Deployment or a StatefulSet',
  },
  {
    what: 'an exec check without a command',
    values: { ports: [], healthChecks: { liveness: { type: 'exec' }, readiness: { type: 'exec', command: ['true'] } } },
    path: 'healthChecks.liveness.command',
    generation: MESSAGES.needsCommand,
    install: `healthChecks.liveness.command: ${MESSAGES.needsCommand}`,
  },
  {
    what: 'a route without a host',
    values: { ingress: { enabled: true } },
    path: 'ingress.host',
    generation: 'the route needs a host: expected a value when ingress.enabled is true, found ""',
    install: 'ingress.host: the route needs a host',
  },
  {
    what: 'a route to a port the container does not have',
    values: { ingress: { enabled: true, host: 'www.example.com', port: 'grpc' } },
    path: 'ingress.port',
    generation: MESSAGES.portRef('http', '"grpc"'),
    install: `ingress.port: ${MESSAGES.portRef('http', '"grpc"')}`,
  },
  {
    what: 'a TCP liveness check without a port',
    values: { ports: [], healthChecks: { readiness: { type: 'exec', command: ['true'] } } },
    path: 'healthChecks.liveness.type',
    generation: MESSAGES.needsPort('"tcpSocket"'),
    install: `healthChecks.liveness.type: ${MESSAGES.needsPort('"tcpSocket"')}`,
  },
];

const problems = (values: Record<string, unknown>) => problemsOf(FILE, single(values));

const resolved = (key: string, backend: Record<string, unknown> = {}) =>
  resolvePlatform(FILE, platform(backend)).instances.find((i) => i.key === key)!.resolved as any;

describe('generation time', () => {
  it('accepts the chart\'s defaults, the fixture and its scenarios (the policy stage parses them)', () => {
    expect(problems({})).toEqual([]);
    expect(Object.keys(app.spec.scenarios).sort()).toEqual(SCENARIOS);
    expect(checkPlatforms([resolvePlatform(FILE, platform())]).problems).toEqual([]);
  });

  it('derives one connection per used instance from what it provides; an instance used by none gets none', () => {
    expect(resolved('backend').connections).toEqual({
      postgres: { kind: 'postgresql', instance: 'postgres', fullnameOverride: '', host: '', port: 5432, database: 'appgear', secretName: '', usernameKey: 'username', passwordKey: 'password' },
      redis: { kind: 'resp', instance: 'redis', fullnameOverride: '', host: '', port: 6379, database: '', secretName: '', usernameKey: 'username', passwordKey: 'password' },
      rabbitmq: { kind: 'amqp', instance: 'rabbitmq', fullnameOverride: '', host: '', port: 5672, database: '', secretName: '', usernameKey: 'username', passwordKey: 'password' },
    });
    expect(Object.keys(resolved('stopmonitor').connections)).toEqual(['postgres']);
    expect(resolved('frontend').connections).toEqual({});
  });

  it('lets values given in the platform module win over derived ones, field by field', () => {
    const given = resolved('backend', { connections: { postgres: { host: 'db.other.svc.cluster.local', database: 'trading' } } }).connections.postgres;
    expect(given).toMatchObject({ host: 'db.other.svc.cluster.local', database: 'trading', port: 5432, instance: 'postgres' });
  });

  it.each(MISTAKES)('refuses $what, naming $path', ({ values, path, generation }) => {
    const found = problems(values);
    expect(found).toHaveLength(1);
    expect(found[0]).toContain(`components.web.${path}: `);
    expect(found[0]).toContain(generation);
  });
});

/** The chart set of the fixture platform, written as `generate` would (library, datastores, app, the umbrella). */
const generateCharts = () => generateFixture(FILE, platform(), 'app');

const byKind = (objects: K8sObject[], kind: string) => objects.filter((o) => o.kind === kind) as any[];
const kindsOf = (objects: K8sObject[]) => objects.map((o) => `${o.kind}/${o.metadata.name}`).sort();
const of = (objects: K8sObject[], instance: string) => objects.filter((o) => o.metadata.labels?.['app.kubernetes.io/name'] === instance);
/** The pod template of the instance's workload, whatever its kind. */
const podOf = (objects: K8sObject[]) => {
  const w = objects.find((o) => ['Deployment', 'StatefulSet', 'CronJob'].includes(o.kind)) as any;
  return w.kind === 'CronJob' ? w.spec.jobTemplate.spec.template : w.spec.template;
};
const envOf = (objects: K8sObject[]) => (podOf(objects).spec.containers[0].env ?? []) as { name: string; value?: string; valueFrom?: any }[];
const matches = (selector: Record<string, string>, labels: Record<string, string> = {}) => Object.entries(selector).every(([k, v]) => labels[k] === v);
const DNS = 53;
const ISTIOD = 15012;

let generated = '';
beforeAll(async () => {
  generated = await generateCharts();
});
afterAll(() => rmSync(generated, { recursive: true, force: true }));

describe.each(helms())('$name', (helm: Helm) => {
  let dir = '';
  const scratch = mkdtempSync(join(tmpdir(), 'appgear-app-values-'));
  /** `helm template` of a chart of the scratch set, release "core". */
  const template = async (chart: string, args: string[] = []) => {
    const r = await helmRun(helm, ['template', 'core', join(dir, chart), '--namespace', NAMESPACE, ...args]);
    expect(r.exitCode, r.stderr).toBe(0);
    return { objects: parseManifests(r.stdout), text: r.stdout };
  };
  const scenario = (name: string) => ['-f', join(dir, CHART, 'ci', `${name}-values.yaml`)];

  beforeAll(async () => {
    dir = await scratchCharts(helm, generated);
  });
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
    rmSync(scratch, { recursive: true, force: true });
  });

  describe('in the umbrella, released as "core"', () => {
    let objects: K8sObject[] = [];
    let backend: K8sObject[] = [];
    let frontend: K8sObject[] = [];
    let stopmonitor: K8sObject[] = [];
    beforeAll(async () => {
      ({ objects } = await template(UMBRELLA));
      backend = of(objects, 'backend');
      frontend = of(objects, 'frontend');
      stopmonitor = of(objects, 'stopmonitor');
    });

    it('renders the objects of each workload kind under the instance\'s name', () => {
      expect(kindsOf(backend)).toEqual([
        'Deployment/core-backend', 'HorizontalPodAutoscaler/core-backend', 'Ingress/core-backend', 'NetworkPolicy/core-backend',
        'PodDisruptionBudget/core-backend', 'Service/core-backend', 'ServiceAccount/core-backend',
      ]);
      expect(kindsOf(frontend)).toEqual([
        'Deployment/core-frontend', 'NetworkPolicy/core-frontend', 'PodDisruptionBudget/core-frontend', 'Service/core-frontend', 'ServiceAccount/core-frontend',
      ]);
      // A Job's pods have no scale a PodDisruptionBudget could count, and a CronJob serves no port.
      expect(kindsOf(stopmonitor)).toEqual(['CronJob/core-stopmonitor', 'NetworkPolicy/core-stopmonitor', 'ServiceAccount/core-stopmonitor']);
    });

    it('leaves the replica count to the HPA, which targets CPU and memory between its bounds', () => {
      const [deployment] = byKind(backend, 'Deployment');
      expect(deployment.spec.replicas).toBeUndefined();
      expect(byKind(frontend, 'Deployment')[0].spec.replicas).toBe(2);
      const [hpa] = byKind(backend, 'HorizontalPodAutoscaler');
      expect(hpa.apiVersion).toBe('autoscaling/v2');
      expect(hpa.spec).toEqual({
        scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'core-backend' },
        minReplicas: 2,
        maxReplicas: 6,
        metrics: [
          { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 60 } } },
          { type: 'Resource', resource: { name: 'memory', target: { type: 'Utilization', averageUtilization: 75 } } },
        ],
      });
    });

    it('gives each Deployment a PodDisruptionBudget over its own pods', () => {
      for (const [name, list] of [['backend', backend], ['frontend', frontend]] as const) {
        const [pdb] = byKind(list, 'PodDisruptionBudget');
        expect(pdb.spec, name).toEqual({ maxUnavailable: 1, unhealthyPodEvictionPolicy: 'AlwaysAllow', selector: { matchLabels: { 'app.kubernetes.io/name': name, 'app.kubernetes.io/instance': 'core' } } });
      }
    });

    it('spreads the pods: hard anti-affinity for the backend, soft plus zones for the frontend, nothing for the CronJob', () => {
      const selector = (name: string) => ({ matchLabels: { 'app.kubernetes.io/name': name, 'app.kubernetes.io/instance': 'core' } });
      expect(podOf(backend).spec.affinity).toEqual({
        podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ topologyKey: 'kubernetes.io/hostname', labelSelector: selector('backend') }] },
      });
      expect(podOf(backend).spec.topologySpreadConstraints).toBeUndefined();
      const front = podOf(frontend).spec;
      expect(front.affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].podAffinityTerm.labelSelector).toEqual(selector('frontend'));
      expect(front.topologySpreadConstraints).toEqual([{ maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'ScheduleAnyway', labelSelector: selector('frontend') }]);
      expect(podOf(stopmonitor).spec.affinity).toBeUndefined();
    });

    it('probes a serving container on its named port (startup and liveness by TCP, readiness by HTTP); a CronJob has none', () => {
      const c = podOf(backend).spec.containers[0];
      expect(c.startupProbe.tcpSocket).toEqual({ port: 'http' });
      expect(c.livenessProbe.tcpSocket).toEqual({ port: 'http' });
      expect(c.readinessProbe.httpGet).toEqual({ path: '/', port: 'http' });
      expect(c.livenessProbe).not.toEqual(c.readinessProbe);
      expect(c.ports).toEqual([{ name: 'http', containerPort: 8000, protocol: 'TCP' }, { name: 'metrics', containerPort: 9090, protocol: 'TCP' }]);
      const job = podOf(stopmonitor).spec.containers[0];
      for (const p of ['startupProbe', 'livenessProbe', 'readinessProbe', 'ports']) expect(job[p], p).toBeUndefined();
    });

    it('is secure by default in every pod: restricted contexts, no API token, read-only root with /tmp, requests and limits, pinned images', () => {
      for (const list of [backend, frontend, stopmonitor]) {
        const pod = podOf(list).spec;
        expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } });
        expect(pod.automountServiceAccountToken).toBe(false);
        expect(pod.volumes).toContainEqual({ name: 'tmp', emptyDir: {} });
        const [c] = pod.containers;
        expect(c.securityContext).toMatchObject({ runAsNonRoot: true, allowPrivilegeEscalation: false, privileged: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] }, seccompProfile: { type: 'RuntimeDefault' } });
        expect(c.volumeMounts).toContainEqual({ name: 'tmp', mountPath: '/tmp' });
        for (const k of ['cpu', 'memory', 'ephemeral-storage']) {
          expect(c.resources.requests[k], `requests.${k}`).toBeTruthy();
          expect(c.resources.limits[k], `limits.${k}`).toBeTruthy();
        }
        expect(c.image).toMatch(/^docker\.io\/[a-z0-9/._-]+:[0-9][\w.-]*$/);
      }
      expect(byKind(backend, 'ServiceAccount')[0].automountServiceAccountToken).toBe(false);
    });

    it('turns each connection into variables, credentials only through secretKeyRef, before the plain ones', () => {
      const secret = (name: string, key: string) => ({ valueFrom: { secretKeyRef: { name, key } } });
      expect(envOf(backend)).toEqual([
        { name: 'POSTGRES_HOST', value: 'core-postgres' },
        { name: 'POSTGRES_PORT', value: '5432' },
        { name: 'POSTGRES_DATABASE', value: 'appgear' },
        { name: 'POSTGRES_USER', ...secret('core-postgres-credentials', 'username') },
        { name: 'POSTGRES_PASSWORD', ...secret('core-postgres-credentials', 'password') },
        { name: 'RABBITMQ_HOST', value: 'core-rabbitmq' },
        { name: 'RABBITMQ_PORT', value: '5672' },
        { name: 'RABBITMQ_USER', ...secret('core-rabbitmq-credentials', 'username') },
        { name: 'RABBITMQ_PASSWORD', ...secret('core-rabbitmq-credentials', 'password') },
        { name: 'REDIS_HOST', value: 'core-redis' },
        { name: 'REDIS_PORT', value: '6379' },
        { name: 'DATABASE_URL', value: BACKEND.env[0].value },
      ]);
      expect(podOf(backend).spec.containers[0].envFrom).toEqual([{ secretRef: { name: 'backend-settings' } }]);
      expect(envOf(frontend)).toEqual([]);
      expect(envOf(stopmonitor).map((e) => e.name)).toEqual(['POSTGRES_HOST', 'POSTGRES_PORT', 'POSTGRES_DATABASE', 'POSTGRES_USER', 'POSTGRES_PASSWORD']);
      // The hosts are the used instances' own Services, and the Secrets those the datastores read.
      const services = byKind(objects, 'Service').map((s) => s.metadata.name);
      for (const host of ['core-postgres', 'core-redis', 'core-rabbitmq']) expect(services).toContain(host);
      const pgSecret = byKind(objects, 'StatefulSet').find((s) => s.metadata.name === 'core-postgres').spec.template.spec.volumes.find((v: any) => v.secret)?.secret.secretName;
      expect(pgSecret).toBe('core-postgres-credentials');
    });

    it('lets the backend reach exactly the Postgres, Redis and RabbitMQ pods on their ports, and the frontend none of them', () => {
      const datastores = byKind(objects, 'StatefulSet');
      /** Egress rules besides DNS and istiod, as "<StatefulSet the selector picks>:<port>" ("*" = any address). */
      const reached = (list: K8sObject[]) => {
        const [np] = byKind(list, 'NetworkPolicy');
        expect(np.spec.policyTypes).toEqual(['Ingress', 'Egress']);
        return np.spec.egress
          .filter((r: any) => !r.ports.some((p: any) => p.port === DNS || p.port === ISTIOD))
          .flatMap((r: any) => r.ports.map((p: any) => {
            if (!r.to) return `*:${p.port}`;
            const picked = datastores.filter((s) => r.to.every((t: any) => matches(t.podSelector.matchLabels, s.spec.template.metadata.labels)));
            // The port is one the picked pods listen on.
            for (const s of picked) expect(s.spec.template.spec.containers[0].ports.map((cp: any) => cp.containerPort)).toContain(p.port);
            return `${picked.map((s) => s.metadata.name).join('+') || 'nothing'}:${p.port}`;
          }))
          .sort();
      };
      expect(reached(backend)).toEqual(['core-postgres:5432', 'core-rabbitmq:5672', 'core-redis:6379']);
      expect(reached(frontend)).toEqual([]);
      expect(reached(stopmonitor)).toEqual(['core-postgres:5432']);
    });

    it('lets in only the same namespace and Kong, on the served ports; nothing into the CronJob', () => {
      const [np] = byKind(backend, 'NetworkPolicy');
      expect(np.spec.ingress).toEqual([{
        ports: [{ port: 8000, protocol: 'TCP' }, { port: 9090, protocol: 'TCP' }],
        from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kong' } } }, { podSelector: {} }],
      }]);
      expect(byKind(frontend, 'NetworkPolicy')[0].spec.ingress[0].from).toEqual([{ podSelector: {} }]);
      expect(byKind(stopmonitor, 'NetworkPolicy')[0].spec.ingress).toEqual([]);
    });

    it('runs the stop monitor every minute, one run at a time, with its command and without a sidecar', () => {
      const [cron] = byKind(stopmonitor, 'CronJob');
      expect(cron.spec).toMatchObject({
        schedule: '*/1 * * * *', timeZone: 'Etc/UTC', concurrencyPolicy: 'Forbid', successfulJobsHistoryLimit: 3, failedJobsHistoryLimit: 3, suspend: false,
      });
      expect(cron.spec.jobTemplate.spec).toMatchObject({ backoffLimit: 2, activeDeadlineSeconds: 600 });
      const pod = cron.spec.jobTemplate.spec.template;
      expect(pod.spec.restartPolicy).toBe('OnFailure');
      expect(pod.spec.containers[0].command).toEqual(['python', 'manage.py', 'monitor_stops']);
      expect(pod.spec.containers[0].image).toBe('docker.io/library/python:3.12.11-slim');
      // Istio is on by default: the serving pods get the sidecar, the Job's pod never (it would never end).
      expect(pod.metadata.annotations['sidecar.istio.io/inject']).toBe('false');
      expect(podOf(backend).metadata.annotations['sidecar.istio.io/inject']).toBe('true');
    });

    it('routes the backend only through Kong, on its host and path, with TLS and Kong stripping the path', () => {
      expect(objects.filter((o) => o.kind === 'IngressRoute')).toEqual([]);
      const [ingress] = byKind(backend, 'Ingress');
      expect(ingress.spec).toEqual({
        ingressClassName: 'kong',
        tls: [{ hosts: ['api.staging.example.com'], secretName: 'api-staging-tls' }],
        rules: [{ host: 'api.staging.example.com', http: { paths: [{ path: '/api', pathType: 'Prefix', backend: { service: { name: 'core-backend', port: { name: 'http' } } } }] } }],
      });
      expect(ingress.metadata.annotations['konghq.com/strip-path']).toBe('true');
      const [service] = byKind(backend, 'Service');
      expect(service.spec.type).toBe('ClusterIP');
      expect(service.spec.ports).toEqual([
        { name: 'http', port: 8000, targetPort: 'http', protocol: 'TCP' }, { name: 'metrics', port: 9090, targetPort: 'metrics', protocol: 'TCP' },
      ]);
    });
  });

  it('renders the ServiceMonitor only with global.capabilities.prometheusOperator, and only where metrics are on', async () => {
    const on = (await template(UMBRELLA, ['--set', 'global.capabilities.prometheusOperator=true'])).objects;
    const monitors = byKind(on, 'ServiceMonitor');
    expect(monitors.map((m) => m.metadata.name)).toEqual(['core-backend']);
    expect(monitors[0].spec.endpoints).toEqual([{ port: 'metrics', path: '/metrics', interval: '30s' }]);
    expect(monitors[0].spec.selector.matchLabels).toEqual({ 'app.kubernetes.io/name': 'backend', 'app.kubernetes.io/instance': 'core' });
    const off = (await template(UMBRELLA)).objects;
    expect(byKind(off, 'ServiceMonitor')).toEqual([]);
  });

  it('renders a cert-manager Certificate for the route\'s TLS Secret only with global.capabilities.certManager', async () => {
    const on = (await template(UMBRELLA, ['--set', 'global.capabilities.certManager=true'])).objects;
    const certificates = byKind(on, 'Certificate');
    // The frontend has no route, the stop monitor no Service: only the backend's route has a TLS Secret.
    expect(certificates.map((c) => c.metadata.name)).toEqual(['core-backend']);
    expect(certificates[0].apiVersion).toBe('cert-manager.io/v1');
    expect(certificates[0].spec).toMatchObject({
      secretName: 'api-staging-tls',
      dnsNames: ['api.staging.example.com'],
      issuerRef: { group: 'cert-manager.io', kind: 'ClusterIssuer', name: 'letsencrypt' },
    });
    expect(certificates[0].spec.secretTemplate.labels).toMatchObject({ 'app.kubernetes.io/name': 'backend', 'app.kubernetes.io/instance': 'core' });
    // The Ingress names the same Secret, as it does without cert-manager.
    expect(byKind(of(on, 'backend'), 'Ingress')[0].spec.tls).toEqual([{ hosts: ['api.staging.example.com'], secretName: 'api-staging-tls' }]);
    const issuer = (await template(UMBRELLA, ['--set', 'global.capabilities.certManager=true', '--set', 'backend.ingress.certificate.issuerRef.name=internal-ca', '--set', 'backend.ingress.certificate.issuerRef.kind=Issuer'])).objects;
    expect(byKind(issuer, 'Certificate')[0].spec.issuerRef).toEqual({ group: 'cert-manager.io', kind: 'Issuer', name: 'internal-ca' });
    expect(byKind((await template(UMBRELLA)).objects, 'Certificate')).toEqual([]);
    const elsewhere = await template(UMBRELLA, ['--set', 'global.capabilities.certManager=true', '--set', 'backend.ingress.certificate.enabled=false']);
    expect(byKind(elsewhere.objects, 'Certificate')).toEqual([]);
    const noTls = await template(UMBRELLA, ['--set', 'global.capabilities.certManager=true', '--set', 'backend.ingress.tlsSecretName=']);
    expect(byKind(noTls.objects, 'Certificate')).toEqual([]);
  });

  it('takes a host for an instance elsewhere: the variable holds it, and its port is allowed at any address', async () => {
    const { objects } = await template(UMBRELLA, ['--set', 'backend.connections.redis.host=redis.cache.svc.cluster.local']);
    const backend = of(objects, 'backend');
    expect(envOf(backend).find((e) => e.name === 'REDIS_HOST')?.value).toBe('redis.cache.svc.cluster.local');
    const redis = byKind(backend, 'NetworkPolicy')[0].spec.egress.find((r: any) => r.ports[0].port === 6379);
    expect(redis).toEqual({ ports: [{ port: 6379, protocol: 'TCP' }] });
  });

  it('renders its defaults alone (no generator needed): a Deployment of the pinned image with its Service', async () => {
    const { objects } = await template(CHART);
    expect(kindsOf(objects)).toEqual([
      'Deployment/core-app', 'NetworkPolicy/core-app', 'PodDisruptionBudget/core-app', 'Service/core-app', 'ServiceAccount/core-app',
    ]);
    expect(podOf(objects).spec.containers[0].image).toBe('docker.io/nginxinc/nginx-unprivileged:1.28.0-alpine');
    expect(envOf(objects)).toEqual([]);
  });

  it('passes helm lint --strict with its defaults and each scenario', async () => {
    for (const s of [undefined, ...SCENARIOS]) {
      const r = await helmRun(helm, ['lint', '--strict', join(dir, CHART), ...(s ? scenario(s) : [])]);
      expect(r.exitCode, `${s ?? 'defaults'}: ${r.stdout}${r.stderr}`).toBe(0);
    }
  });

  it('deployment-hpa: Service, Kong route and its Certificate, HPA, PDB, spread, ServiceMonitor and SLO rules; no replicas field', async () => {
    const { objects } = await template(CHART, scenario('deployment-hpa'));
    expect(objects.map((o) => o.kind).sort()).toEqual([
      'Certificate', 'Deployment', 'HorizontalPodAutoscaler', 'Ingress', 'NetworkPolicy', 'PodDisruptionBudget', 'PrometheusRule', 'Service', 'ServiceAccount', 'ServiceMonitor',
    ]);
    const [deployment] = byKind(objects, 'Deployment');
    expect(deployment.spec.replicas).toBeUndefined();
    expect(deployment.spec.template.spec.topologySpreadConstraints[0].topologyKey).toBe('topology.kubernetes.io/zone');
    expect(byKind(objects, 'HorizontalPodAutoscaler')[0].spec).toMatchObject({ minReplicas: 2, maxReplicas: 6 });
    const [ingress] = byKind(objects, 'Ingress');
    // The chart's strip-path wins, the extra plugin annotation stays.
    expect(ingress.metadata.annotations).toMatchObject({ 'konghq.com/strip-path': 'true', 'konghq.com/plugins': 'rate-limit' });
  });

  it('statefulset: a claim per pod and a headless Service the StatefulSet names; the ServiceMonitor skips that Service', async () => {
    const { objects } = await template(CHART, scenario('statefulset'));
    const [sts] = byKind(objects, 'StatefulSet');
    expect(sts.spec.replicas).toBe(2);
    expect(sts.spec.serviceName).toBe('core-app-headless');
    expect(sts.spec.volumeClaimTemplates).toHaveLength(1);
    expect(sts.spec.volumeClaimTemplates[0].metadata.name).toBe('data');
    expect(sts.spec.volumeClaimTemplates[0].spec).toEqual({ accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } });
    expect(sts.spec.template.spec.containers[0].volumeMounts).toContainEqual({ name: 'data', mountPath: '/data' });
    const services = Object.fromEntries(byKind(objects, 'Service').map((s) => [s.metadata.name, s]));
    expect(Object.keys(services).sort()).toEqual(['core-app', 'core-app-headless']);
    expect(services['core-app-headless'].spec.clusterIP).toBe('None');
    expect(byKind(objects, 'PodDisruptionBudget')).toHaveLength(1);
    const monitored = await template(CHART, [...scenario('statefulset'), '--set', 'metrics.enabled=true', '--set', 'global.capabilities.prometheusOperator=true']);
    const [monitor] = byKind(monitored.objects, 'ServiceMonitor');
    // matchExpressions: the headless Service carries the label this excludes, the client Service does not.
    expect(monitor.spec.selector.matchExpressions).toEqual([{ key: 'appgear.io/headless', operator: 'DoesNotExist' }]);
    expect(services['core-app-headless'].metadata.labels['appgear.io/headless']).toBe('true');
    expect(services['core-app'].metadata.labels['appgear.io/headless']).toBeUndefined();
  });

  it('cronjob: every minute with the stop monitor\'s command, no Service, probe or PodDisruptionBudget', async () => {
    const { objects } = await template(CHART, scenario('cronjob'));
    expect(objects.map((o) => o.kind).sort()).toEqual(['CronJob', 'NetworkPolicy', 'ServiceAccount']);
    const [cron] = byKind(objects, 'CronJob');
    expect(cron.spec.schedule).toBe('*/1 * * * *');
    expect(cron.spec.jobTemplate.spec.template.spec.containers[0].command).toEqual(['python', 'manage.py', 'monitor_stops']);
  });

  it('renders only objects the pinned Kubernetes and CRD schemas accept (kubeconform, strict)', async () => {
    const out = mkdtempSync(join(scratch, 'kubeconform-'));
    const renders: [string, string[]][] = [
      ['umbrella--defaults', []], ['umbrella--monitored', ['--set', 'global.capabilities.prometheusOperator=true']],
      ...SCENARIOS.map((s): [string, string[]] => [`app--${s}`, scenario(s)]), ['app--defaults', []],
    ];
    let count = 0;
    for (const [id, args] of renders) {
      const { objects, text } = await template(id.startsWith('umbrella') ? UMBRELLA : CHART, args);
      count += objects.length;
      writeFileSync(join(out, `${id}.yaml`), text);
    }
    const { findings, summary } = await kubeconform(out);
    expect(findings).toEqual([]);
    expect(summary.valid).toBe(count);
  });

  describe('install time', () => {
    it.each(MISTAKES)('refuses $what, naming $path', async ({ what, values: bad, install }) => {
      const file = join(scratch, `bad-${what.replace(/\W+/g, '-')}.yaml`);
      writeFileSync(file, stringify(bad));
      const r = await helmRun(helm, ['template', 'core', join(dir, CHART), '-f', file]);
      expect(r.exitCode, `Helm accepted ${what}`).not.toBe(0);
      expect(r.stderr).toContain(install);
    });
  });
});
