// The values of the shared Airbyte (module 09): the Argo CD Application to the upstream Airbyte chart, and the
// typed parts of that chart's values we set (external Postgres, the Kong route, resources, labels); KEDA for the
// workers. The upstream keys are those of the chart version in UPSTREAM (see readme.ts for where they were read).
import { z } from 'zod';
import { absolutePath, annotationMap, dnsLabel, k8sName, port, text } from '../../dsl/primitives.ts';
import { RULES } from '../../dsl/rules.ts';
import { appgearMeta, chartBasics, keda, resources, secretRef, type ResourceDefaults } from '../../dsl/workload.ts';

/** The upstream chart the typed values follow: Airbyte's Helm chart (chart V1, with a webapp). */
export const UPSTREAM = { repoURL: 'https://airbytehq.github.io/helm-charts', chart: 'airbyte', version: '0.67.17', appVersion: '0.63.18' };

/**
 * The upstream parts whose resources are typed: our key, the upstream values key, and defaults (module 09's
 * numbers where it gives them). Each also gets the appgear.io labels on its Deployment and pods.
 */
interface PartSpec { key: string; upstream: string; what: string; resources: ResourceDefaults }

export const PARTS = [
  { key: 'server', upstream: 'server', what: 'the API server (airbyte-server)', resources: { requests: { cpu: '500m', memory: '1Gi' }, limits: { cpu: '2', memory: '2Gi' } } },
  { key: 'worker', upstream: 'worker', what: 'the workers (airbyte-worker; KEDA scales them)', resources: { requests: { cpu: '500m', memory: '1Gi' }, limits: { cpu: '2', memory: '2Gi' } } },
  { key: 'webapp', upstream: 'webapp', what: 'the UI (airbyte-webapp, behind Kong)', resources: { requests: { cpu: '200m', memory: '512Mi' }, limits: { cpu: '1', memory: '1Gi' } } },
  { key: 'temporal', upstream: 'temporal', what: 'the Temporal scheduler (airbyte-temporal)', resources: { requests: { cpu: '200m', memory: '512Mi' }, limits: { cpu: '1', memory: '1Gi' } } },
  { key: 'cron', upstream: 'cron', what: 'the cron service (airbyte-cron)', resources: { requests: { cpu: '100m', memory: '256Mi' }, limits: { cpu: '500m', memory: '1Gi' } } },
  { key: 'connectorBuilderServer', upstream: 'connector-builder-server', what: 'the connector builder (airbyte-connector-builder-server)', resources: { requests: { cpu: '100m', memory: '256Mi' }, limits: { cpu: '1', memory: '1Gi' } } },
] as const satisfies readonly PartSpec[];

const part = (p: PartSpec) => z.strictObject({ resources: resources(p.resources) }).prefault({}).describe(`Upstream \`${p.upstream}\`: ${p.what}`);

export const airbyteValues = z.strictObject({
  ...chartBasics(),
  application: z.strictObject({
    enabled: z.boolean().default(true).describe('Render the Argo CD Application of the upstream Airbyte chart (also needs global.capabilities.argocd)'),
    namespace: dnsLabel().default('argocd').describe('Namespace Argo CD watches for Applications'),
    project: k8sName().default('default').describe('Argo CD project (the bootstrap chart sets the environment\'s)'),
    repoURL: text(RULES.repoUrl).default(UPSTREAM.repoURL).describe('Helm repository of the upstream Airbyte chart'),
    chart: k8sName().default(UPSTREAM.chart).describe('Upstream chart name'),
    targetRevision: text(RULES.version).default(UPSTREAM.version).describe(`Pinned upstream chart version (the typed values follow ${UPSTREAM.version})`),
    releaseName: dnsLabel().default('airbyte').describe('Helm release of the upstream chart: its objects are "<releaseName>-server", "<releaseName>-worker", ...'),
  }).prefault({}),
  destination: z.strictObject({
    namespace: text(RULES.dnsLabel, { allowEmpty: true }).default('').describe('Namespace Airbyte runs in, one shared Airbyte per environment ("" = the release\'s: the platform\'s delivery installs this instance as its own module in factory-data); the ScaledObject, NetworkPolicy and database ExternalSecret go there too'),
    podSecurity: z.enum(['restricted', 'baseline', 'privileged']).default('restricted').describe('Pod Security level enforced on the namespace'),
    createNamespace: z.boolean().default(true).describe('Render the namespace with its labels when it is not the release\'s (this chart\'s objects in it need it before Argo CD syncs Airbyte); off when it exists already'),
  }).prefault({}),
  postgres: z.strictObject({
    instance: dnsLabel().default('postgres').describe('Umbrella key (alias) of the Postgres instance; its Service is "<release>-<instance>" (derived from a used instance that provides postgresql)'),
    fullnameOverride: text(RULES.dnsLabel, { allowEmpty: true }).default('').describe('The Postgres instance\'s fullnameOverride, when it sets one (derived)'),
    namespace: text(RULES.dnsLabel, { allowEmpty: true }).default('').describe('Namespace of the Postgres Service ("" = this release\'s namespace, where the umbrella puts it)'),
    host: text(RULES.objectName, { allowEmpty: true }).default('').describe('Database host ("" = "<postgres Service>.<namespace>.svc.cluster.local" from the fields above; set it for a server outside the release)'),
    port: port().default(5432).describe('Database port (derived)'),
    database: text(RULES.sqlIdentifier).default('airbyte_factory').describe('Airbyte\'s own database on that server'),
    user: text(RULES.sqlIdentifier, { allowEmpty: true }).default('').describe('Database user ("" = read it from the credentials Secret, key credentials.keys.username)'),
    credentials: secretRef({ keys: { username: 'username', password: 'password' }, remoteKey: 'kv/appgear/addon-factory-airbyte/postgres' })
      .describe('Secret in destination.namespace with the database user and password; never values'),
  }).prefault({}),
  ingress: z.strictObject({
    enabled: z.boolean().default(true).describe('Route the UI through Kong (upstream webapp.ingress, ingressClassName kong; never a Traefik IngressRoute)'),
    host: text(RULES.objectName).default('factory.dev.appgear.local').describe('Host of the route'),
    path: absolutePath().default('/airbyte').describe('Path prefix, stripped by Kong before the UI sees it'),
    tlsSecretName: k8sName({ optional: true }).default('').describe('Secret with the host\'s certificate in destination.namespace ("" = no tls section: TLS ends at the edge)'),
    controllerNamespace: dnsLabel().default('kong').describe('Namespace of the Kong proxy: the only namespace the NetworkPolicy lets reach the UI'),
    annotations: annotationMap().default({}).describe('Extra Ingress annotations (e.g. konghq.com/plugins)'),
  }).prefault({}),
  ...Object.fromEntries(PARTS.map((p) => [p.key, part(p)])) as Record<(typeof PARTS)[number]['key'], ReturnType<typeof part>>,
  jobs: z.strictObject({
    resources: resources({ requests: { cpu: '250m', memory: '512Mi' }, limits: { cpu: '2', memory: '2Gi' } }),
  }).prefault({}).describe('Upstream `global.jobs`: the connector pods the workers launch for each sync'),
  networkPolicy: z.strictObject({
    enabled: z.boolean().default(true).describe('Let only the Kong namespace reach the UI pods (a NetworkPolicy on the upstream webapp pods)'),
  }).prefault({}),
  keda: keda({ maxReplicaCount: 10 }, {
    prometheusServer: text(RULES.httpUrl).default('http://core-prometheus.observability.svc.cluster.local:9090').describe('Prometheus that has the pending-jobs metric'),
    query: z.string().min(1).default('sum(airbyte_pending_jobs)').describe('PromQL of the pending sync jobs'),
    threshold: z.number().int().min(1).default(1).describe('Pending jobs per worker before KEDA scales out'),
  }),
  appgear: appgearMeta({ tier: 'addon', suite: 'factory', module: 'mod9-suite-factory', contractVersion: 'v0.1' }),
});

export type AirbyteValues = z.output<typeof airbyteValues>;
