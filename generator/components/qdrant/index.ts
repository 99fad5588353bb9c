// Qdrant (vector database for RAG): HTTP 6333 and gRPC 6334, optional API key from a Secret.
import { z } from 'zod';
import { defineComponent, externalSecretRule } from '../../dsl/component.ts';
import { chartBasics, image, persistence, probes, resources, secretRef, security, workloadBlocks } from '../../dsl/workload.ts';
import { CORE_MAINTAINERS, CORE_META, STANDARD_PROBES } from '../core-defaults.ts';

const ports = [
  { name: 'http', port: 6333, appProtocol: 'http' },
  { name: 'grpc', port: 6334, appProtocol: 'grpc' },
];

export const qdrantValues = z.strictObject({
  ...chartBasics(),
  image: image({ registry: 'docker.io', repository: 'qdrant/qdrant', tag: 'v1.15.4-unprivileged' }),
  apiKey: z.strictObject({
    enabled: z.boolean().default(false).describe('Require an API key (read from the credentials Secret)'),
  }).prefault({}),
  credentials: secretRef({ keys: { apiKey: 'api-key' }, remoteKey: 'kv/appgear/qdrant/config' }),
  logLevel: z.enum(['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR']).default('INFO').describe('Qdrant log level'),
  telemetryDisabled: z.boolean().default(true).describe('Turn off anonymous usage telemetry'),
  resources: resources({ requests: { cpu: '500m', memory: '4Gi' }, limits: { cpu: '4', memory: '8Gi' } }),
  persistence: persistence({ size: '200Gi', mountPath: '/qdrant/storage' }),
  securityContext: security({ runAsUser: 1000, runAsGroup: 2000, fsGroup: 3000, readOnlyRootFilesystem: true }),
  probes: probes(STANDARD_PROBES),
  ...workloadBlocks({ ports, backupProfile: 'core-qdrant', meta: CORE_META }),
});

export const qdrant = defineComponent({
  id: 'qdrant',
  chart: {
    name: 'core-qdrant',
    version: '0.3.3',
    appVersion: '1.15.4',
    title: 'Qdrant',
    description: 'Qdrant vector database for AppGear RAG workloads, with HTTP and gRPC and an optional API key.',
    keywords: ['qdrant', 'vector-database', 'rag', 'appgear'],
    category: 'database',
    home: 'https://qdrant.tech',
    maintainers: CORE_MAINTAINERS,
  },
  values: qdrantValues,
  templatesDir: new URL('./templates/', import.meta.url),
  capabilities: {
    workloads: ['StatefulSet'],
    ports,
    secrets: [{ path: 'credentials', suffix: 'credentials', enabledBy: 'apiKey.enabled' }],
    images: ['image'],
    crds: ['external-secrets.io/v1/ExternalSecret'],
    podSecurity: { level: 'restricted' },
    claims: { replicas: 1 },
    rules: [externalSecretRule('credentials')],
  },
  notes: 'With apiKey.enabled clients send the key from the credentials Secret in the "api-key" header.',
  scenarios: {
    'api-key': {
      apiKey: { enabled: true },
      credentials: { externalSecret: { enabled: true, remoteKey: 'kv/appgear/qdrant/api' } },
      global: { capabilities: { externalSecrets: true } },
    },
    small: {
      persistence: { size: '10Gi' },
      resources: { requests: { cpu: '250m', memory: '512Mi' }, limits: { cpu: '1', memory: '1Gi' } },
    },
  },
});
