// The values of the Factory chart (module 09): one release per workspace, its tenant and workspace taken from
// `global` (the labels every chart carries), with three parts that are switched on or off one by one: the
// code-server CDE, the native build service and the multiplayer WebSocket gateway.
import { z } from 'zod';
import { annotationMap, dnsLabel, k8sName, port, storageSize, text } from '../../dsl/primitives.ts';
import { RULES, defineRule } from '../../dsl/rules.ts';
import {
  type ImageDefaults, type ResourceDefaults, appgearMeta, chartBasics, image, keda, mesh, networkPolicy, pdb, probes, resources, scheduling,
  secretRef, security, serviceAccount,
} from '../../dsl/workload.ts';
import { STANDARD_PROBES } from '../core-defaults.ts';

const hostname = defineRule({
  id: 'dns-host',
  allowed: 'a DNS host name such as "factory.example.com": lowercase letters, digits, "-" and ".", each part starting and ending with a letter or digit, at most 253 characters',
  pattern: '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*',
  maxLength: 253,
  example: 'factory.example.com',
  counterExample: 'Factory Host',
});

const vaultPath = defineRule({
  id: 'vault-path',
  allowed: 'a Vault path such as "addon-factory-vscode/config" or "auth/kubernetes-ws": letters, digits, "-", "_" and ".", in parts joined by "/", not starting or ending with "/"',
  pattern: '[A-Za-z0-9._-]+(/[A-Za-z0-9._-]+)*',
  maxLength: 512,
  example: 'addon-factory-vscode/config',
  counterExample: '/kv/config/',
});

const metricName = defineRule({
  id: 'prometheus-metric',
  allowed: 'a Prometheus metric name such as "builder_pending_jobs": letters, digits, "_" and ":", not starting with a digit',
  pattern: '[a-zA-Z_:][a-zA-Z0-9_:]*',
  maxLength: 200,
  example: 'builder_pending_jobs',
  counterExample: 'pending jobs',
});

/** A broker of a list: Helm fills no defaults in list items, so both fields are required. */
const broker = z.strictObject({
  host: text(hostname).describe('Broker host'),
  port: port().describe('Broker port (Kafka API)'),
});

/** The Prometheus trigger of a part: a metric summed over the workspace (label workspace_id). */
const prometheusTrigger = (metric: string, what: string) => ({
  metric: text(metricName).default(metric).describe(`Metric of ${what}, summed over the workspace (its workspace_id label)`),
  threshold: z.number().int().min(1).default(1).describe('Metric value per replica before KEDA scales out'),
});

/** Files the Vault agent writes into /vault/secrets/<name>, each read from a path below the workspace's folder. */
const vaultSecrets = (d: Record<string, string>) =>
  z.record(dnsLabel(), text(vaultPath)).default(d)
    .describe('Vault secrets of the part: file name in /vault/secrets -> path below "<kvMount>/<tenant>/<workspace>/"');

interface PartDefaults { image: ImageDefaults; resources: ResourceDefaults }

/** What every part has: a switch, a pinned image, a replica count without KEDA, requests and limits, probes. */
const part = (what: string, d: PartDefaults) => ({
  enabled: z.boolean().default(true).describe(`Render ${what}`),
  image: image(d.image),
  replicas: z.number().int().min(0).default(1).describe('Replicas when no ScaledObject is rendered (KEDA owns the count otherwise)'),
  resources: resources(d.resources),
  probes: probes(STANDARD_PROBES),
});

const egressPorts = (d: number[], what: string) => z.array(port()).default(d).describe(`TCP ports the pods may reach at any address (${what})`);

export const factoryValues = z.strictObject({
  ...chartBasics(),
  vault: z.strictObject({
    enabled: z.boolean().default(true).describe('Inject the Vault agent into the pods (annotations of the Vault agent injector); secrets are never values'),
    role: text(RULES.labelValue, { allowEmpty: true }).default('').describe('Vault Kubernetes-auth role ("" = "<tenant>-<workspace>-factory", from global.tenantId and global.workspaceId)'),
    kvMount: dnsLabel().default('kv').describe('Mount of the KV secrets engine; paths are "<kvMount>/<tenant>/<workspace>/<secret>"'),
    kvVersion: z.enum(['v1', 'v2']).default('v2').describe('KV engine version (v2 reads through "<kvMount>/data/...")'),
    authPath: text(vaultPath, { allowEmpty: true }).default('').describe('Path of the Kubernetes auth method ("" = the injector\'s default, auth/kubernetes)'),
    namespace: dnsLabel().default('security').describe('Namespace Vault runs in (the NetworkPolicy lets the agents reach it)'),
    port: port().default(8200).describe('Vault\'s port'),
    agentResources: resources({ requests: { cpu: '50m', memory: '64Mi' }, limits: { cpu: '250m', memory: '128Mi' } }),
  }).prefault({}),
  prometheus: z.strictObject({
    serverAddress: text(RULES.httpUrl).default('http://core-prometheus.observability.svc.cluster.local:9090').describe('Prometheus the KEDA triggers query'),
  }).prefault({}),
  ingress: z.strictObject({
    enabled: z.boolean().default(true).describe('Route /vscode and /multiplayer through Kong (Ingress, ingressClassName kong; never a Traefik IngressRoute)'),
    host: text(hostname, { allowEmpty: true }).default('').describe('Host of the routes ("" = "<workspace>.<domain>", the workspace id lowercased with "_" and "." as "-")'),
    domain: text(hostname).default('factory.dev.appgear.local').describe('Domain below which each workspace gets its host'),
    tlsSecretName: k8sName({ optional: true }).default('').describe('Secret with the host\'s certificate ("" = no tls section: TLS ends at the edge)'),
    controllerNamespace: dnsLabel().default('kong').describe('Namespace of the Kong proxy (the only namespace allowed to the routed ports)'),
    annotations: annotationMap().default({}).describe('Extra Ingress annotations (e.g. konghq.com/plugins)'),
  }).prefault({}),
  codeServer: z.strictObject({
    ...part('the code-server CDE (addon-factory-vscode)', {
      image: { registry: 'docker.io', repository: 'codercom/code-server', tag: '4.102.2' },
      resources: { requests: { cpu: '250m', memory: '512Mi', 'ephemeral-storage': '256Mi' }, limits: { cpu: '2', memory: '4Gi', 'ephemeral-storage': '2Gi' } },
    }),
    persistence: z.strictObject({
      storageClass: k8sName().default('ceph-filesystem').describe('StorageClass of the workspace claim cde-workspace (ReadWriteMany; never an emptyDir: scale to zero would lose uncommitted work)'),
      size: storageSize().default('20Gi').describe('Size of the workspace claim'),
      mountPath: text(RULES.absolutePath).default('/home/coder').describe('Where the claim is mounted (the home: the project, settings and extensions persist)'),
    }).prefault({}),
    ingress: z.strictObject({
      enabled: z.boolean().default(true).describe('Route the path to code-server (with ingress.enabled)'),
      path: text(RULES.absolutePath).default('/vscode').describe('Path prefix, stripped by Kong before code-server sees it'),
    }).prefault({}),
    vaultSecrets: vaultSecrets({ 'cde-config': 'addon-factory-vscode/config' }),
    egressPorts: egressPorts([22, 443], 'git over SSH and HTTPS, package registries'),
    // One server per workspace: its home is one claim, and two servers on one home corrupt its state.
    replicas: z.number().int().min(0).max(1).default(1).describe('Replicas when no ScaledObject is rendered: 0 or 1 (one server per workspace home)'),
    keda: keda({ maxReplicaCount: 1, ceiling: 1 }, prometheusTrigger('addon_factory_vscode_active_sessions', 'active sessions')),
  }).prefault({}),
  builder: z.strictObject({
    ...part('the native build service (addon-factory-tauri-builder)', {
      image: { registry: 'docker.io', repository: 'appgear/tauri-reactnative-builder', tag: '0.1.0' },
      resources: { requests: { cpu: '500m', memory: '1Gi', 'ephemeral-storage': '2Gi' }, limits: { cpu: '4', memory: '8Gi', 'ephemeral-storage': '20Gi' } },
    }),
    artifacts: z.strictObject({
      endpoint: text(RULES.httpUrl).default('http://ceph-rgw.appgear-core.svc.cluster.local').describe('S3 endpoint the builds are published to (Ceph RGW)'),
      bucket: text(RULES.s3Bucket).default('factory-artifacts').describe('Bucket of the artifacts'),
      region: dnsLabel().default('us-east-1').describe('S3 region (Ceph RGW takes any)'),
      forcePathStyle: z.boolean().default(true).describe('Path-style addressing (Ceph RGW, MinIO)'),
      credentials: secretRef({ keys: { accessKeyId: 'access-key-id', secretAccessKey: 'secret-access-key' }, remoteKey: 'kv/appgear/addon-factory-tauri/s3' }),
    }).prefault({}),
    vaultSecrets: vaultSecrets({ 'builder-config': 'addon-factory-tauri/config' }),
    egressPorts: egressPorts([443], 'toolchains and package registries'),
    keda: keda({ maxReplicaCount: 5 }, prometheusTrigger('builder_pending_jobs', 'pending builds')),
  }).prefault({}),
  multiplayer: z.strictObject({
    ...part('the multiplayer WebSocket gateway (addon-factory-multiplayer)', {
      image: { registry: 'docker.io', repository: 'appgear/multiplayer-gateway', tag: '0.1.0' },
      resources: { requests: { cpu: '250m', memory: '512Mi' }, limits: { cpu: '2', memory: '4Gi' } },
    }),
    redis: z.strictObject({
      host: text(hostname).default('core-redis.appgear-core.svc.cluster.local').describe('Redis host of the presence and lock backplane (through Argo CD: derived from the RESP instance the suite uses, where it runs in the environment)'),
      port: port().default(6379).describe('Redis port'),
    }).prefault({}),
    redpanda: z.strictObject({
      brokers: z.array(broker).min(1).default([{ host: 'core-redpanda.appgear-core.svc.cluster.local', port: 9092 }])
        .describe('Kafka-API brokers of the edit event stream (each item: host and port, both required; through Argo CD: derived from the Kafka-API instance the suite uses)'),
    }).prefault({}),
    ingress: z.strictObject({
      enabled: z.boolean().default(true).describe('Route the path to the gateway (with ingress.enabled)'),
      path: text(RULES.absolutePath).default('/multiplayer').describe('Path prefix, stripped by Kong before the gateway sees it'),
      // Kong closes an upstream connection idle for longer than its read timeout: WebSockets need hours.
      readTimeoutMs: z.number().int().min(1).default(3600000).describe('Kong read timeout towards the gateway, in milliseconds (konghq.com/read-timeout)'),
      writeTimeoutMs: z.number().int().min(1).default(3600000).describe('Kong write timeout towards the gateway, in milliseconds (konghq.com/write-timeout)'),
      connectTimeoutMs: z.number().int().min(1).default(10000).describe('Kong connect timeout, in milliseconds (konghq.com/connect-timeout)'),
    }).prefault({}),
    vaultSecrets: vaultSecrets({}),
    keda: keda({ maxReplicaCount: 5 }, prometheusTrigger('multiplayer_active_sessions', 'active sessions')),
  }).prefault({}),
  securityContext: security({ runAsUser: 1000, runAsGroup: 1000, fsGroup: 1000, readOnlyRootFilesystem: true }),
  serviceAccount: serviceAccount(),
  pdb: pdb(),
  networkPolicy: networkPolicy(),
  ...mesh({ backupProfile: 'factory-cde' }),
  appgear: appgearMeta({ tier: 'addon', suite: 'factory', module: 'mod9-suite-factory', contractVersion: 'v0.1' }),
  ...scheduling(),
});

export type FactoryValues = z.output<typeof factoryValues>;
