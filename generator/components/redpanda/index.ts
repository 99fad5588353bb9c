// Redpanda (Kafka-compatible streaming): a 3-broker StatefulSet, Kafka 9092, admin 9644, RPC 33145.
import { z } from 'zod';
import { defineComponent } from '../../dsl/component.ts';
import { chartBasics, image, keda, persistence, probes, resources, security, workloadBlocks } from '../../dsl/workload.ts';
import { text } from '../../dsl/primitives.ts';
import { defineRule } from '../../dsl/rules.ts';
import { CORE_MAINTAINERS, CORE_META, STANDARD_PROBES } from '../core-defaults.ts';

const ports = [
  { name: 'kafka', port: 9092, appProtocol: 'kafka' },
  { name: 'admin', port: 9644, appProtocol: 'http' },
  { name: 'rpc', port: 33145, appProtocol: 'tcp' },
];

const seastarMemory = defineRule({
  id: 'seastar-memory',
  allowed: 'a Seastar memory size: a whole number with K, M, G or T, such as "4G"',
  pattern: '[0-9]+[KMGT]',
  example: '4G',
  counterExample: '4Gi',
});

export const redpandaValues = z.strictObject({
  ...chartBasics(),
  image: image({ registry: 'docker.io', repository: 'redpandadata/redpanda', tag: 'v25.2.9' }),
  replicas: z.number().int().min(1).max(9).default(3).describe('Number of brokers (the seed list follows it)'),
  smp: z.number().int().min(1).default(2).describe('Cores Redpanda uses (--smp); keep within the CPU limit'),
  memory: text(seastarMemory).default('4G').describe('Memory Redpanda uses (--memory); keep below the memory limit'),
  reserveMemory: text(seastarMemory).default('0M').describe('Memory reserved for the OS (--reserve-memory)'),
  overprovisioned: z.boolean().default(true).describe('Share cores with other processes (--overprovisioned)'),
  logLevel: z.enum(['error', 'warn', 'info', 'debug', 'trace']).default('info').describe('Default log level'),
  antiAffinity: z.enum(['soft', 'hard']).default('soft').describe('Spread brokers over nodes: preferred (soft) or required (hard)'),
  keda: keda({ maxReplicaCount: 3 }, {
    consumerGroup: z.string().min(1).default('appgear-consumers').describe('Consumer group whose lag drives scaling'),
    topic: z.string().min(1).default('appgear-events').describe('Topic whose lag drives scaling'),
    lagThreshold: z.number().int().min(1).default(100).describe('Lag per replica before scaling out'),
  }),
  resources: resources({ requests: { cpu: '2', memory: '4Gi' }, limits: { cpu: '4', memory: '8Gi' } }),
  persistence: persistence({ size: '500Gi', mountPath: '/var/lib/redpanda/data' }),
  securityContext: security({ runAsUser: 101, runAsGroup: 101, fsGroup: 101, readOnlyRootFilesystem: true }),
  probes: probes(STANDARD_PROBES),
  ...workloadBlocks({ ports, backupProfile: 'core-redpanda', meta: CORE_META }),
});

export const redpanda = defineComponent({
  id: 'redpanda',
  chart: {
    name: 'core-redpanda',
    version: '0.3.3',
    appVersion: '25.2.9',
    title: 'Redpanda',
    description: 'Redpanda, Kafka-compatible streaming for the AppGear core: a broker StatefulSet spread over nodes.',
    keywords: ['redpanda', 'kafka', 'streaming', 'appgear'],
    category: 'streaming-messaging',
    home: 'https://redpanda.com',
    maintainers: CORE_MAINTAINERS,
  },
  values: redpandaValues,
  templatesDir: new URL('./templates/', import.meta.url),
  capabilities: {
    workloads: ['StatefulSet'],
    ports,
    secrets: [],
    images: ['image'],
    crds: [],
    podSecurity: { level: 'restricted' },
    rules: [],
    autoscaling: { kind: 'StatefulSet' },
    claims: { replicas: 'replicas' },
  },
  provides: (v, { key }) => ({ kafka: { instance: key, fullnameOverride: v.fullnameOverride, port: v.service.ports.kafka } }),
  notes: 'Clients bootstrap from the Service on the kafka port; brokers advertise their per-pod headless names.',
  scenarios: {
    single: {
      replicas: 1, smp: 1, memory: '1G', persistence: { size: '20Gi' },
      resources: { requests: { cpu: '500m', memory: '1536Mi' }, limits: { cpu: '1', memory: '2Gi' } },
    },
    'hard-anti-affinity': { antiAffinity: 'hard', global: { capabilities: { keda: true } } },
  },
});
