// RabbitMQ (task broker): AMQP 5672 and management 15672, credentials and Erlang cookie from Secrets.
import { z } from 'zod';
import { defineComponent, externalSecretRule } from '../../dsl/component.ts';
import { chartBasics, image, keda, persistence, probes, resources, secretRef, security, workloadBlocks } from '../../dsl/workload.ts';
import { CORE_MAINTAINERS, CORE_META, STANDARD_PROBES } from '../core-defaults.ts';

const ports = [
  { name: 'amqp', port: 5672, appProtocol: 'amqp' },
  { name: 'management', port: 15672, appProtocol: 'http' },
];

export const rabbitmqValues = z.strictObject({
  ...chartBasics(),
  image: image({ registry: 'docker.io', repository: 'library/rabbitmq', tag: '4.1.4-management' }),
  credentials: secretRef({ keys: { username: 'username', password: 'password' }, remoteKey: 'kv/appgear/rabbitmq/config' }),
  erlangCookie: secretRef({ keys: { cookie: 'erlang-cookie' }, remoteKey: 'kv/appgear/rabbitmq/config' }),
  vhost: z.string().min(1).default('/').describe('Default virtual host (RABBITMQ_DEFAULT_VHOST)'),
  keda: keda({ maxReplicaCount: 1 }, {
    queueName: z.string().min(1).default('tasks').describe('Queue whose length drives scaling'),
    queueLength: z.number().int().min(1).default(20).describe('Messages per replica before scaling out'),
  }),
  resources: resources({ requests: { cpu: '500m', memory: '1Gi' }, limits: { cpu: '2', memory: '2Gi' } }),
  persistence: persistence({ size: '100Gi', mountPath: '/var/lib/rabbitmq' }),
  // Since RabbitMQ 3.9 the image's entrypoint writes no configuration: data, cookie and logs go to volumes.
  securityContext: security({ runAsUser: 999, runAsGroup: 999, fsGroup: 999, readOnlyRootFilesystem: true }),
  probes: probes({
    ...STANDARD_PROBES,
    liveness: { ...STANDARD_PROBES.liveness, periodSeconds: 30, timeoutSeconds: 20 },
    readiness: { ...STANDARD_PROBES.readiness, periodSeconds: 10, timeoutSeconds: 20 },
  }),
  ...workloadBlocks({ ports, backupProfile: 'core-rabbitmq', meta: CORE_META }),
});

export const rabbitmq = defineComponent({
  id: 'rabbitmq',
  chart: {
    name: 'core-rabbitmq',
    version: '0.3.3',
    appVersion: '4.1.4',
    title: 'RabbitMQ',
    description: 'RabbitMQ task broker for the AppGear core, with credentials and Erlang cookie from Secrets or ExternalSecrets.',
    keywords: ['rabbitmq', 'amqp', 'broker', 'appgear'],
    category: 'streaming-messaging',
    home: 'https://www.rabbitmq.com',
    maintainers: CORE_MAINTAINERS,
  },
  values: rabbitmqValues,
  templatesDir: new URL('./templates/', import.meta.url),
  capabilities: {
    workloads: ['StatefulSet'],
    ports,
    secrets: [{ path: 'credentials', suffix: 'credentials' }, { path: 'erlangCookie', suffix: 'erlang-cookie' }],
    images: ['image'],
    crds: ['external-secrets.io/v1/ExternalSecret'],
    podSecurity: { level: 'restricted' },
    rules: [externalSecretRule('credentials'), externalSecretRule('erlangCookie')],
    autoscaling: { kind: 'StatefulSet', auth: { secret: 'credentials', suffix: 'credentials', parameters: { username: 'username', password: 'password' } } },
    claims: { replicas: 1 },
  },
  provides: (v, { key }) => ({
    amqp: { instance: key, fullnameOverride: v.fullnameOverride, port: v.service.ports.amqp, credentials: { secretName: v.credentials.secretName, keys: v.credentials.keys } },
  }),
  notes: 'The management UI listens on the management port; credentials come from the credentials Secret.',
  scenarios: {
    'external-secrets': {
      credentials: { externalSecret: { enabled: true } },
      erlangCookie: { externalSecret: { enabled: true, remoteKey: 'kv/appgear/rabbitmq/cookie' } },
      global: { capabilities: { externalSecrets: true } },
    },
    keda: { global: { capabilities: { keda: true } }, keda: { queueName: 'jobs', queueLength: 50 } },
    small: { persistence: { size: '8Gi' }, resources: { requests: { cpu: '250m', memory: '512Mi' }, limits: { cpu: '1', memory: '1Gi' } } },
  },
});
