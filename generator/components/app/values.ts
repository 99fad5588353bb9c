// The values of the generic application chart: one container run as a Deployment, a StatefulSet or a CronJob (the
// kind is a value), its named ports and Service, a Kong route (with a cert-manager Certificate), an HPA, a
// ServiceMonitor, SLOs, and the connections to the datastores and brokers it uses (derived from its `uses`,
// turned into environment variables by the templates).
import { z } from 'zod';
import { withCheck } from '../../dsl/checks.ts';
import { absolutePath, annotationMap, cron, duration, k8sName, labelMap, port, text } from '../../dsl/primitives.ts';
import { RULES } from '../../dsl/rules.ts';
import {
  appgearMeta, chartBasics, image, mesh, networkPolicy, pdb, persistence, probes, resources, scheduling, security, serviceAccount,
} from '../../dsl/workload.ts';
import { STANDARD_PROBES } from '../core-defaults.ts';
import { appProblems } from './checks.ts';
import { sloValues } from './slo.ts';

export const KINDS = ['Deployment', 'StatefulSet', 'CronJob'] as const;

/** The endpoint kinds a connection is made from (dsl/endpoints.ts), in the order derive looks for them. */
export const CONNECTION_KINDS = ['postgresql', 'resp', 'amqp', 'kafka'] as const;

/** An item of `ports`: Helm fills no defaults in list items, so the templates default the optional fields too. */
const containerPort = z.strictObject({
  name: text(RULES.dnsLabel).describe('Port name, an IANA service name (at most 15 lowercase letters, digits and "-", with a letter, no "--"); the Service, probes, route and ServiceMonitor refer to it'),
  containerPort: port().describe('Port the container listens on'),
  servicePort: port().optional().describe('Port of the Service (default: containerPort)'),
  protocol: z.enum(['TCP', 'UDP', 'SCTP']).default('TCP').describe('Protocol'),
});

const envVar = z.strictObject({
  name: z.string().min(1).describe('Variable name'),
  value: z.string().default('').describe('Value; "$(NAME)" expands a variable defined before it (the connection variables come first)'),
});

/** A connection to an instance that provides postgresql, resp, amqp or kafka; an entry of a map, so no defaults at install time. */
const connection = z.strictObject({
  kind: z.enum(CONNECTION_KINDS).describe('What it serves: postgresql, resp (Redis protocol), amqp or kafka'),
  instance: text(RULES.dnsLabel, { allowEmpty: true }).default('').describe('Umbrella key (alias) of the instance in this release ("" = the key of this entry); the NetworkPolicy selects its pods by it'),
  fullnameOverride: text(RULES.dnsLabel, { allowEmpty: true }).default('').describe('The instance\'s fullnameOverride, when it sets one'),
  host: text(RULES.objectName, { allowEmpty: true }).default('').describe('Host to connect to ("" = the instance\'s Service in this release); set for an instance of another release or namespace, whose port the NetworkPolicy then allows at any address'),
  port: port().describe('Port of its Service'),
  database: text(RULES.sqlIdentifier, { allowEmpty: true }).default('').describe('Database (postgresql; "" = none)'),
  // Flat, not a nested object: Helm fills no defaults in map entries, and the guard reads each field as it is.
  secretName: k8sName({ optional: true }).default('').describe('postgresql and amqp: Secret with the user and password ("" = "<instance fullname>-credentials")'),
  usernameKey: text(RULES.secretKey).default('username').describe('postgresql and amqp: key of the user name in that Secret (<KEY>_USER)'),
  passwordKey: text(RULES.secretKey).default('password').describe('postgresql and amqp: key of the password in that Secret (<KEY>_PASSWORD)'),
});

/** How a probe checks the container. */
const check = (type: 'httpGet' | 'tcpSocket', what: string) =>
  z.strictObject({
    type: z.enum(['httpGet', 'tcpSocket', 'exec']).default(type).describe(`How the ${what} check runs: an HTTP GET of path on the port, a TCP connection to the port, or a command`),
    path: absolutePath().default('/').describe('Path of the HTTP GET'),
    host: text(RULES.objectName, { allowEmpty: true }).default('').describe('Host header of the HTTP GET ("" = the pod IP, the kubelet\'s default); for an application that answers only its own host names'),
    command: z.array(z.string()).default([]).describe('Command of an exec check (exit status 0 is healthy)'),
  }).prefault({});

const notCronJob = 'a Deployment or a StatefulSet (not a CronJob)';

export const appValues = z.strictObject({
  ...chartBasics(),
  workload: z.strictObject({
    kind: z.enum(KINDS).default('Deployment').describe('What runs the container: a Deployment, a StatefulSet (a claim per pod, a headless Service) or a CronJob'),
    replicas: z.number().int().min(0).default(2).describe(`Pods of ${notCronJob} (two by default: a drain or a rollout leaves one serving); left to the HPA when autoscaling.enabled`),
    terminationGracePeriodSeconds: z.number().int().min(0).default(30).describe('Seconds a stopping pod is given before it is killed'),
    schedule: cron().default('0 * * * *').describe('CronJob: when it runs (UTC)'),
    concurrencyPolicy: z.enum(['Allow', 'Forbid', 'Replace']).default('Forbid').describe('CronJob: what happens when a run is due while the previous one still runs'),
    startingDeadlineSeconds: z.number().int().min(10).default(300).describe('CronJob: a run that could not start within this many seconds of its time is skipped'),
    successfulJobsHistoryLimit: z.number().int().min(0).default(3).describe('CronJob: finished Jobs kept'),
    failedJobsHistoryLimit: z.number().int().min(0).default(3).describe('CronJob: failed Jobs kept'),
    suspend: z.boolean().default(false).describe('CronJob: start no new runs'),
    activeDeadlineSeconds: z.number().int().min(1).default(600).describe('CronJob: seconds a run may take before it is stopped and counted as failed'),
    backoffLimit: z.number().int().min(0).default(2).describe('CronJob: retries of a failed run'),
    restartPolicy: z.enum(['OnFailure', 'Never']).default('OnFailure').describe('CronJob: restart a failed container in its pod, or start a new pod'),
  }).prefault({}),
  image: image({ registry: 'docker.io', repository: 'nginxinc/nginx-unprivileged', tag: '1.28.0-alpine' }),
  command: z.array(z.string()).default([]).describe('Entrypoint of the container ([] = the image\'s)'),
  args: z.array(z.string()).default([]).describe('Arguments of the entrypoint ([] = the image\'s)'),
  ports: z.array(containerPort).default([{ name: 'http', containerPort: 8080, protocol: 'TCP' }])
    .describe('Named ports of the container; the Service exposes each (not for a CronJob)'),
  env: z.array(envVar).default([]).describe('Environment variables, plain values (secrets through envFrom or connections)'),
  envFrom: z.strictObject({
    secrets: z.array(k8sName()).default([]).describe('Existing Secrets whose keys all become environment variables'),
    configMaps: z.array(k8sName()).default([]).describe('Existing ConfigMaps whose keys all become environment variables'),
  }).prefault({}),
  connections: z.record(text(RULES.dnsLabel), connection).default({})
    .describe('Connections by used instance key (derived from the instances it uses; given values win): <KEY>_HOST, <KEY>_PORT, and for postgresql <KEY>_DATABASE, <KEY>_USER, <KEY>_PASSWORD'),
  resources: resources({ requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '500m', memory: '512Mi' } }),
  probes: probes(STANDARD_PROBES),
  healthChecks: z.strictObject({
    port: text(RULES.dnsLabel, { allowEmpty: true }).default('').describe('Named port of the HTTP and TCP checks ("" = the first of ports)'),
    liveness: check('tcpSocket', 'liveness (and startup)'),
    readiness: check('httpGet', 'readiness'),
  }).prefault({}),
  scratchPaths: z.array(absolutePath()).default([]).describe('More writable emptyDir mounts besides /tmp (the root filesystem is read-only)'),
  // Read by a StatefulSet only: a claim "data" per pod, or an emptyDir with persistence.enabled false.
  persistence: persistence({ size: '10Gi', mountPath: '/data' }),
  service: z.strictObject({
    enabled: z.boolean().default(true).describe(`Render a Service for the ports (${notCronJob})`),
    type: z.enum(['ClusterIP', 'NodePort', 'LoadBalancer']).default('ClusterIP').describe('Service type'),
    annotations: annotationMap().default({}).describe('Service annotations'),
  }).prefault({}),
  ingress: z.strictObject({
    enabled: z.boolean().default(false).describe('Route a path to the Service through Kong (Ingress, ingressClassName kong)'),
    host: text(RULES.objectName, { allowEmpty: true }).default('').describe('Host of the route (required when enabled)'),
    path: absolutePath().default('/').describe('Path of the route'),
    pathType: z.enum(['Prefix', 'Exact', 'ImplementationSpecific']).default('Prefix').describe('How the path matches'),
    port: text(RULES.dnsLabel, { allowEmpty: true }).default('').describe('Named port the route goes to ("" = the first of ports)'),
    stripPath: z.boolean().default(false).describe('Kong strips the path before the application sees it (konghq.com/strip-path)'),
    tlsSecretName: k8sName({ optional: true }).default('').describe('Secret with the host\'s certificate ("" = no tls section: TLS ends at the edge); with global.capabilities.certManager a Certificate writes it'),
    certificate: z.strictObject({
      enabled: z.boolean().default(true).describe('With global.capabilities.certManager and a tlsSecretName, render a cert-manager Certificate for host that writes that Secret (false: the Secret comes from elsewhere)'),
      issuerRef: z.strictObject({
        name: k8sName().default('letsencrypt').describe('cert-manager issuer that signs the certificate'),
        kind: z.enum(['ClusterIssuer', 'Issuer']).default('ClusterIssuer').describe('Its kind: a ClusterIssuer, or an Issuer in the release namespace'),
      }).prefault({}),
    }).prefault({}),
    controllerNamespace: text(RULES.dnsLabel).default('kong').describe('Namespace of the Kong proxy (the NetworkPolicy lets it reach the ports)'),
    annotations: annotationMap().default({}).describe('Extra Ingress annotations (e.g. konghq.com/plugins); the chart\'s own Kong annotations win'),
  }).prefault({}),
  autoscaling: withCheck(
    z.strictObject({
      enabled: z.boolean().default(false).describe(`Render a HorizontalPodAutoscaler (autoscaling/v2) for ${notCronJob}; the workload then has no replicas field`),
      minReplicas: z.number().int().min(1).default(2).describe('Fewest replicas'),
      maxReplicas: z.number().int().min(1).default(5).describe('Most replicas'),
      targetCPUUtilizationPercentage: z.number().int().min(0).default(70).describe('Average CPU use, in percent of the request, the HPA keeps (0 = not a target)'),
      targetMemoryUtilizationPercentage: z.number().int().min(0).default(0).describe('Average memory use, in percent of the request, the HPA keeps (0 = not a target)'),
    }),
    { kind: 'notAbove', lower: 'minReplicas', upper: 'maxReplicas' },
  ).prefault({}),
  antiAffinity: z.enum(['soft', 'hard', 'none']).default('soft').describe('Spread the pods over nodes: preferred (soft), required (hard) or not at all; ignored when affinity is set'),
  topologySpread: z.strictObject({
    enabled: z.boolean().default(false).describe('Add a topology spread constraint over the pods'),
    topologyKey: text(RULES.qualifiedKey).default('topology.kubernetes.io/zone').describe('Node label whose values the pods spread over'),
    maxSkew: z.number().int().min(1).default(1).describe('Most pods one value may have beyond another'),
    whenUnsatisfiable: z.enum(['ScheduleAnyway', 'DoNotSchedule']).default('ScheduleAnyway').describe('Whether a pod that would break the skew is scheduled anyway'),
  }).prefault({}),
  metrics: z.strictObject({
    enabled: z.boolean().default(false).describe(`Render a ServiceMonitor (needs global.capabilities.prometheusOperator; ${notCronJob})`),
    port: text(RULES.dnsLabel, { allowEmpty: true }).default('').describe('Named port Prometheus scrapes ("" = the first of ports)'),
    path: absolutePath().default('/metrics').describe('Path Prometheus scrapes'),
    interval: duration().default('30s').describe('How often Prometheus scrapes'),
    labels: labelMap().default({}).describe('Extra ServiceMonitor labels (e.g. the one a Prometheus selects)'),
  }).prefault({}),
  slo: sloValues,
  securityContext: security({ runAsUser: 101, runAsGroup: 101, fsGroup: 101, readOnlyRootFilesystem: true }),
  pdb: pdb(),
  networkPolicy: networkPolicy(),
  serviceAccount: serviceAccount(),
  ...mesh({ backupProfile: 'app' }),
  appgear: appgearMeta({ tier: 'app', suite: 'apps', module: '', contractVersion: '' }),
  ...scheduling(),
}).superRefine((v, ctx) => {
  for (const p of appProblems(v)) ctx.addIssue({ code: 'custom', path: p.path, input: undefined, message: p.message, params: { complete: true } });
});

export type AppValues = z.output<typeof appValues>;
