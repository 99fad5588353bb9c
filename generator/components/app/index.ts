// A generic application: one container as a Deployment, a StatefulSet or a CronJob (a value), with its ports,
// Service, Kong route and its Certificate, HPA, PDB, ServiceMonitor, SLO alerts and NetworkPolicy; a platform
// instantiates it once per application (backend, frontend, a scheduled job), each with the datastores and brokers
// it uses. Their connection settings are derived from those instances and become environment variables.
import { defineComponent, type DeriveContext } from '../../dsl/component.ts';
import { providersOf, serviceHost, type InstanceAddress, type ObjectName, type SecretEndpoint } from '../../dsl/endpoints.ts';
import { appFootprint } from './footprint.ts';
import { readme } from './readme.ts';
import { type AppValues, CONNECTION_KINDS, KINDS, appValues } from './values.ts';

const CHART = 'app';

type Provider = ObjectName & { key: string; port: number; database?: string; credentials?: SecretEndpoint; address?: InstanceAddress };

/** One connection entry from what a used instance provides; across releases its Service's full DNS name is the host. */
function connectionOf(kind: (typeof CONNECTION_KINDS)[number], p: Provider) {
  const host = serviceHost(p, p.address);
  return {
    kind,
    instance: p.instance,
    fullnameOverride: p.fullnameOverride,
    port: p.port,
    ...(host && { host }),
    ...(p.database !== undefined && { database: p.database }),
    ...(p.credentials && { secretName: p.credentials.secretName, usernameKey: p.credentials.keys.username, passwordKey: p.credentials.keys.password }),
  };
}

/**
 * A connection per used instance that provides postgresql, resp, amqp or kafka (the first of these it provides),
 * keyed by the instance's key; the NetworkPolicy allows exactly these.
 */
function derive({ uses }: DeriveContext) {
  const connections: Record<string, ReturnType<typeof connectionOf>> = {};
  for (const kind of CONNECTION_KINDS) {
    for (const p of providersOf(uses, kind) as Provider[]) connections[p.key] ??= connectionOf(kind, p);
  }
  return Object.keys(connections).length ? { connections } : {};
}

const notCronJob = ['Deployment', 'StatefulSet'];

export const app = defineComponent({
  id: 'app',
  chart: {
    name: CHART,
    version: '0.2.0',
    appVersion: '0.1.0',
    title: 'Application',
    description: 'A generic AppGear application: one container as a Deployment, StatefulSet or CronJob, with its Service, Kong route and Certificate, HPA, PDB, ServiceMonitor, SLO alerts, NetworkPolicy and the connections to the datastores and brokers it uses.',
    keywords: ['application', 'deployment', 'statefulset', 'cronjob', 'appgear'],
    category: 'integration-delivery',
    home: 'https://appgear.io',
    maintainers: [{ name: 'AppGear Platform Team', email: 'platform@appgear.io' }],
  },
  values: appValues,
  templatesDir: new URL('./templates/', import.meta.url),
  capabilities: {
    workloads: [...KINDS],
    workloadKind: 'workload.kind',
    // The ports are a value (a list): the chart's own templates write the Service and NetworkPolicy.
    ports: [],
    // envFrom and connections name Secrets that exist already; the chart renders none.
    secrets: [],
    images: ['image'],
    crds: ['monitoring.coreos.com/v1/ServiceMonitor', 'monitoring.coreos.com/v1/PrometheusRule', 'cert-manager.io/v1/Certificate'],
    podSecurity: { level: 'restricted' },
    rules: [
      { kind: 'oneOf', path: 'workload.kind', values: notCronJob, when: 'autoscaling.enabled', message: 'an HPA scales a Deployment or a StatefulSet' },
      { kind: 'oneOf', path: 'workload.kind', values: notCronJob, when: 'ingress.enabled', message: 'a route goes to the Service of a Deployment or a StatefulSet' },
      { kind: 'oneOf', path: 'workload.kind', values: notCronJob, when: 'metrics.enabled', message: 'a ServiceMonitor scrapes the Service of a Deployment or a StatefulSet' },
      { kind: 'oneOf', path: 'workload.kind', values: notCronJob, when: 'slo.enabled', message: 'an SLO measures the requests a Deployment or a StatefulSet serves' },
      { kind: 'requiredWhen', path: 'ingress.host', when: 'ingress.enabled', message: 'the route needs a host' },
      { kind: 'requiredWhen', path: 'ports', when: 'ingress.enabled', message: 'the route needs a port' },
      { kind: 'requiredWhen', path: 'ports', when: 'metrics.enabled', message: 'the ServiceMonitor needs a port' },
      { kind: 'implies', if: 'ingress.enabled', then: 'service.enabled', message: 'ingress.enabled routes to the Service' },
      { kind: 'implies', if: 'metrics.enabled', then: 'service.enabled', message: 'metrics.enabled scrapes through the Service' },
    ],
    gated: [
      { what: 'the ServiceMonitor', needs: 'global.capabilities.prometheusOperator', when: 'metrics.enabled' },
      { what: 'the PrometheusRule of the SLOs', needs: 'global.capabilities.prometheusOperator', when: 'slo.enabled' },
      { what: 'the cert-manager Certificate that writes ingress.tlsSecretName (when set)', needs: 'global.capabilities.certManager', when: 'ingress.enabled' },
    ],
    footprint: (v) => appFootprint(v as AppValues),
    hosts: [{ path: 'ingress.host', enabledBy: 'ingress.enabled' }],
  },
  needs: { postgresql: 'any', resp: 'any', amqp: 'any', kafka: 'any' },
  derive,
  notes: `{{ include "${CHART}.notes" . | trim }}`,
  readme: (defaults) => readme(defaults as AppValues),
  scenarios: {
    // An API: two to six pods spread over nodes and zones, routed through Kong with TLS from cert-manager, scraped
    // by Prometheus, alerting on its availability (99.9%) and latency (95% within 300 ms) objectives.
    'deployment-hpa': {
      global: { capabilities: { prometheusOperator: true, certManager: true } },
      ports: [{ name: 'http', containerPort: 8080 }, { name: 'metrics', containerPort: 9090 }],
      env: [{ name: 'ENVIRONMENT', value: 'staging' }, { name: 'ALLOWED_HOSTS', value: 'api.staging.example.com' }],
      ingress: { enabled: true, host: 'api.staging.example.com', path: '/api', stripPath: true, tlsSecretName: 'api-staging-tls', annotations: { 'konghq.com/plugins': 'rate-limit' } },
      autoscaling: { enabled: true, minReplicas: 2, maxReplicas: 6, targetCPUUtilizationPercentage: 60, targetMemoryUtilizationPercentage: 80 },
      pdb: { maxUnavailable: 1 },
      antiAffinity: 'soft',
      topologySpread: { enabled: true },
      metrics: { enabled: true, port: 'metrics' },
      slo: { enabled: true, availability: { objective: 99.9 }, latency: { enabled: true, objective: 95, threshold: '0.3' } },
    },
    // Two pods, each with its own claim (the cluster's default StorageClass), behind a headless Service.
    statefulset: {
      workload: { kind: 'StatefulSet', replicas: 2 },
      persistence: { size: '1Gi', mountPath: '/data' },
    },
    // The stop monitor of the trading backend: every minute, one run at a time, no port.
    cronjob: {
      workload: { kind: 'CronJob', schedule: '*/1 * * * *', concurrencyPolicy: 'Forbid', activeDeadlineSeconds: 55, backoffLimit: 0 },
      image: { repository: 'library/python', tag: '3.12.11-slim' },
      command: ['python', 'manage.py', 'monitor_stops'],
      ports: [],
      env: [{ name: 'ENVIRONMENT', value: 'staging' }, { name: 'PYTHONDONTWRITEBYTECODE', value: '1' }],
    },
  },
});
