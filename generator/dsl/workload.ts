// Value blocks every workload chart shares. Each builder takes the component's defaults,
// so one schema yields values.yaml, values.schema.json, README rows and TS types.
import { z } from 'zod';
import { withCheck } from './checks.ts';
import {
  absolutePath, annotationMap, cpu, dnsLabel, duration, imageDigest, imageTag, k8sName, k8sObject, labelMap, labelValue, memory,
  port, storageSize, text,
} from './primitives.ts';
import { RULES } from './rules.ts';

export interface ImageDefaults { registry: string; repository: string; tag: string }

/** Container image: registry/repository:tag[@digest]; `global.imageRegistry` wins over `registry`. */
export const image = (d: ImageDefaults) =>
  z.strictObject({
    registry: text(RULES.imageRegistry, { allowEmpty: true }).default(d.registry).describe('Image registry (overridden by global.imageRegistry when set; "" for the runtime\'s default registry)'),
    repository: text(RULES.imageRepository).default(d.repository).describe('Image repository'),
    tag: imageTag().default(d.tag).describe('Image tag, pinned (never "latest")'),
    digest: imageDigest().default('').describe('Image digest (sha256:...); when set it is used with the tag'),
    pullPolicy: z.enum(['IfNotPresent', 'Always', 'Never']).default('IfNotPresent').describe('Image pull policy'),
  }).prefault({});

export interface ResourceDefaults {
  requests: { cpu: string; memory: string; 'ephemeral-storage'?: string };
  limits: { cpu: string; memory: string; 'ephemeral-storage'?: string };
}

/** Scratch space (emptyDir, logs, image layers written to) when a component does not say otherwise. */
const EPHEMERAL = { request: '50Mi', limit: '1Gi' };

const resourceList = (d: ResourceDefaults['requests'], ephemeral: string, what: string) =>
  z.strictObject({
    cpu: cpu().default(d.cpu).describe(`CPU ${what}`),
    memory: memory().default(d.memory).describe(`Memory ${what}`),
    'ephemeral-storage': memory().default(d['ephemeral-storage'] ?? ephemeral).describe(`Ephemeral storage ${what} (scratch volumes, logs)`),
  }).prefault({});

/** Requests and limits: always all three, on every container; no request above its limit. */
export const resources = (d: ResourceDefaults) =>
  withCheck(
    z.strictObject({
      requests: resourceList(d.requests, EPHEMERAL.request, 'request'),
      limits: resourceList(d.limits, EPHEMERAL.limit, 'limit'),
    }),
    { kind: 'requestsWithinLimits', quantities: ['cpu', 'memory', 'ephemeral-storage'] },
  ).prefault({});

export interface PersistenceDefaults { size: string; storageClass?: string; mountPath: string }

/** Persistent storage through the StatefulSet's volumeClaimTemplates. */
export const persistence = (d: PersistenceDefaults) =>
  z.strictObject({
    enabled: z.boolean().default(true).describe('Keep data on a PersistentVolumeClaim (an emptyDir otherwise)'),
    storageClass: k8sName({ optional: true }).default(d.storageClass ?? '').describe('StorageClass of the claim ("" uses the cluster default; derived from a storage instance the instance uses)'),
    accessModes: z.array(z.enum(['ReadWriteOnce', 'ReadWriteOncePod', 'ReadWriteMany', 'ReadOnlyMany'])).min(1)
      .default(['ReadWriteOnce']).describe('Access modes of the claim'),
    size: storageSize().default(d.size).describe('Requested size of the claim'),
    mountPath: absolutePath().default(d.mountPath).describe('Where the data volume is mounted'),
    retentionPolicy: z.strictObject({
      whenDeleted: z.enum(['Retain', 'Delete']).default('Retain').describe('What happens to claims when the StatefulSet is deleted'),
      whenScaled: z.enum(['Retain', 'Delete']).default('Retain').describe('What happens to claims when the StatefulSet is scaled down'),
    }).prefault({}),
  }).prefault({});

/** A PodDisruptionBudget for voluntary disruptions. */
export const pdb = () =>
  z.strictObject({
    enabled: z.boolean().default(true).describe('Create a PodDisruptionBudget'),
    maxUnavailable: z.union([z.number().int().min(0), text(RULES.percentage)]).default(1)
      .describe('Pods that may be unavailable at once (number or percentage)'),
    unhealthyPodEvictionPolicy: z.enum(['AlwaysAllow', 'IfHealthyBudget']).default('AlwaysAllow')
      .describe('Whether pods that are running but not ready may be evicted even when the budget is spent (AlwaysAllow lets a node drain past a stuck pod)'),
  }).prefault({});

/** Default-deny NetworkPolicy with allow rules for the declared ports. */
export const networkPolicy = () =>
  z.strictObject({
    enabled: z.boolean().default(true).describe('Create a default-deny NetworkPolicy with allow rules for the service ports'),
    allowSameNamespace: z.boolean().default(true).describe('Allow ingress from every pod in the release namespace'),
    allowedNamespaces: z.array(dnsLabel()).default([]).describe('Other namespaces whose pods may connect'),
    allowedPodLabels: labelMap().default({}).describe('Only pods with these labels may connect (empty: any pod allowed above)'),
    extraIngress: z.array(k8sObject()).default([]).describe('Extra NetworkPolicy ingress rules, verbatim'),
    extraEgress: z.array(k8sObject()).default([]).describe('Extra NetworkPolicy egress rules, verbatim (DNS is always allowed)'),
  }).prefault({});

/** The pod's ServiceAccount. */
export const serviceAccount = () =>
  z.strictObject({
    create: z.boolean().default(true).describe('Create a ServiceAccount for the pods'),
    name: k8sName({ optional: true }).default('').describe('ServiceAccount name (default: the release fullname)'),
    automountToken: z.boolean().default(false).describe('Mount the API token into pods (off: datastores never call the API)'),
    annotations: annotationMap().default({}).describe('ServiceAccount annotations'),
  }).prefault({});

export interface SecurityDefaults { runAsUser: number; runAsGroup: number; fsGroup: number; readOnlyRootFilesystem: boolean }

/** Pod and container security: the Pod Security "restricted" essentials are always rendered. */
export const security = (d: SecurityDefaults) =>
  z.strictObject({
    runAsUser: z.number().int().min(1).default(d.runAsUser).describe('UID the containers run as (non-root)'),
    runAsGroup: z.number().int().min(1).default(d.runAsGroup).describe('GID the containers run as'),
    fsGroup: z.number().int().min(1).default(d.fsGroup).describe('Group that owns mounted volumes'),
    readOnlyRootFilesystem: z.boolean().default(d.readOnlyRootFilesystem).describe('Mount the container root filesystem read-only'),
  }).prefault({});

export interface ProbeDefaults { initialDelaySeconds: number; periodSeconds: number; timeoutSeconds: number; failureThreshold: number }

const probe = (d: ProbeDefaults, what: string) =>
  z.strictObject({
    enabled: z.boolean().default(true).describe(`Enable the ${what} probe`),
    initialDelaySeconds: z.number().int().min(0).default(d.initialDelaySeconds).describe('Seconds before the first probe'),
    periodSeconds: z.number().int().min(1).default(d.periodSeconds).describe('Seconds between probes'),
    timeoutSeconds: z.number().int().min(1).default(d.timeoutSeconds).describe('Seconds before a probe times out'),
    failureThreshold: z.number().int().min(1).default(d.failureThreshold).describe('Failures before the probe gives up'),
  }).prefault({});

/** Liveness, readiness and startup probe timings (the checks themselves are the component's). */
export const probes = (d: { liveness: ProbeDefaults; readiness: ProbeDefaults; startup: ProbeDefaults }) =>
  z.strictObject({
    liveness: probe(d.liveness, 'liveness'),
    readiness: probe(d.readiness, 'readiness'),
    startup: probe(d.startup, 'startup'),
  }).prefault({});

/** A toleration, as the pod spec has it; `effect` and `operator` are checked against Kubernetes' values. */
const toleration = () =>
  z.strictObject({
    key: text(RULES.qualifiedKey, { allowEmpty: true }).optional().describe('Taint key ("" with operator Exists matches every taint)'),
    operator: z.enum(['Exists', 'Equal']).optional().describe('How the value is compared'),
    value: text(RULES.labelValue).optional().describe('Taint value (with operator Equal)'),
    effect: z.enum(['NoSchedule', 'PreferNoSchedule', 'NoExecute']).optional().describe('Taint effect to tolerate ("" or unset: every effect)'),
    tolerationSeconds: z.number().int().optional().describe('How long a NoExecute taint is tolerated'),
  });

/** Where pods may run. */
export const scheduling = () => ({
  nodeSelector: labelMap().default({}).describe('Node labels the pods must match'),
  tolerations: z.array(toleration()).default([]).describe('Tolerations of the pods'),
  affinity: k8sObject().default({}).describe('Affinity rules, verbatim'),
  priorityClassName: k8sName({ optional: true }).default('').describe('PriorityClass of the pods'),
  podAnnotations: annotationMap().default({}).describe('Extra pod annotations'),
  podLabels: labelMap().default({}).describe('Extra pod labels'),
});

export interface AppgearDefaults { tier: string; suite: string; module: string; contractVersion: string }

/** The appgear.io/* tier and suite labels and the module annotations of this component. */
export const appgearMeta = (d: AppgearDefaults) =>
  z.strictObject({
    tier: labelValue().default(d.tier).describe('appgear.io/tier label'),
    suite: labelValue().default(d.suite).describe('appgear.io/suite label'),
    module: labelValue().default(d.module).describe('appgear.io/module annotation'),
    contractVersion: z.string().default(d.contractVersion).describe('appgear.io/contract-version annotation (any text)'),
  }).prefault({});

/** Istio sidecar injection and the backup labels of the storage document. */
export const mesh = (d: { backupProfile: string; sidecarInject?: boolean }) => ({
  istio: z.strictObject({
    sidecarInject: z.boolean().default(d.sidecarInject ?? true).describe('Set sidecar.istio.io/inject on the pods (mTLS STRICT needs it)'),
  }).prefault({}),
  backup: z.strictObject({
    enabled: z.boolean().default(true).describe('Label the workload and its claims for backups (appgear.io/backup-enabled)'),
    profile: labelValue().default(d.backupProfile).describe('appgear.io/backup-profile label of the claims'),
  }).prefault({}),
});

export interface SecretRefDefaults { keys: Record<string, string>; remoteKey: string }

/**
 * The one secret-reference shape of every component: a Secret that exists, or one that an
 * ExternalSecret (external-secrets.io, usually a Vault ClusterSecretStore) creates under the same name.
 * Values never hold the secret itself.
 */
export const secretRef = (d: SecretRefDefaults) => {
  const keyNames = Object.keys(d.keys) as [string, ...string[]];
  const keys = z.strictObject(
    Object.fromEntries(keyNames.map((k) => [k, text(RULES.secretKey).default(d.keys[k]!).describe(`Key in the Secret that holds the ${k}`)])),
  ).prefault({});
  return z.strictObject({
    secretName: k8sName({ optional: true }).default('').describe('Secret to read; "" means "<fullname>-<purpose>" (see the chart README)'),
    keys,
    externalSecret: z.strictObject({
      enabled: z.boolean().default(false).describe('Create the Secret with an ExternalSecret (needs global.capabilities.externalSecrets)'),
      storeKind: z.enum(['ClusterSecretStore', 'SecretStore']).default('ClusterSecretStore').describe('Kind of the secret store'),
      storeName: k8sName().default('vault').describe('Name of the secret store'),
      remoteKey: z.string().min(1).default(d.remoteKey).describe('Path of the secret in the store (e.g. Vault KV)'),
      refreshInterval: duration().default('1h').describe('How often the ExternalSecret re-reads the store'),
    }).prefault({}),
  }).prefault({});
};

/** Fields every chart has at its top level. */
export const chartBasics = () => ({
  nameOverride: text(RULES.dnsLabel, { allowEmpty: true }).default('').describe('Replaces the chart name in object names and the app.kubernetes.io/name label'),
  fullnameOverride: text(RULES.dnsLabel, { allowEmpty: true }).default('').describe('Replaces the full object name prefix ("<release>-<chart>")'),
  commonLabels: labelMap().default({}).describe('Extra labels on every object'),
});

/** The client Service: its type, one port value per declared port, annotations. */
export const service = (ports: readonly { name: string; port: number }[]) =>
  z.strictObject({
    type: z.enum(['ClusterIP', 'NodePort', 'LoadBalancer']).default('ClusterIP').describe('Service type'),
    ports: z.strictObject(
      Object.fromEntries(ports.map((p) => [portKey(p.name), port().default(p.port).describe(`Service port for ${p.name}`)])),
    ).prefault({}),
    annotations: annotationMap().default({}).describe('Service annotations'),
  }).prefault({});

/** Value key of a port name: "amqp-tls" -> "amqpTls". */
export const portKey = (name: string) => name.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());

export interface KedaDefaults {
  maxReplicaCount: number;
  /** The most replicas the workload can run at all (e.g. 1 for a server that owns its volume), if any. */
  ceiling?: number;
}

/**
 * KEDA scale-to-zero defaults of the storage document (minReplicaCount 0, cooldownPeriod 120,
 * pollingInterval 15): on by default, rendered only when global.capabilities.keda is set. The
 * component adds the fields its triggers read (its `<chart>.keda.triggers` template).
 */
export const keda = <E extends z.ZodRawShape>(d: KedaDefaults, triggerFields: E) =>
  withCheck(
    z.strictObject({
      enabled: z.boolean().default(true).describe('Render a ScaledObject when global.capabilities.keda is true'),
      minReplicaCount: z.number().int().min(0).default(0).describe('Fewest replicas KEDA scales to (0: scale to zero)'),
      maxReplicaCount: (d.ceiling === undefined ? z.number().int().min(1) : z.number().int().min(1).max(d.ceiling))
        .default(d.maxReplicaCount).describe(d.ceiling === undefined ? 'Most replicas KEDA scales to' : `Most replicas KEDA scales to (at most ${d.ceiling})`),
      cooldownPeriod: z.number().int().min(0).default(120).describe('Seconds after the last active trigger before scaling to zero'),
      pollingInterval: z.number().int().min(1).default(15).describe('Seconds between trigger checks'),
      ...triggerFields,
      extraTriggers: z.array(k8sObject()).default([])
        .describe('More KEDA triggers, verbatim (a target at zero can only be woken by a trigger that does not query it)'),
    }),
    { kind: 'notAbove', lower: 'minReplicaCount', upper: 'maxReplicaCount' },
  ).prefault({} as never);

/**
 * The blocks every pod-running chart has beside its own values: Service, PDB, NetworkPolicy,
 * ServiceAccount, mesh and backup switches, appgear.io labels and scheduling.
 */
export const workloadBlocks = (d: { ports: readonly { name: string; port: number }[]; backupProfile: string; meta: AppgearDefaults }) => ({
  service: service(d.ports),
  pdb: pdb(),
  networkPolicy: networkPolicy(),
  serviceAccount: serviceAccount(),
  ...mesh({ backupProfile: d.backupProfile }),
  appgear: appgearMeta(d.meta),
  ...scheduling(),
});
