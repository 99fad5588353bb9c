// Redis (core cache / KV) with AOF persistence and an optional password from a Secret.
import { z } from 'zod';
import { defineComponent, externalSecretRule } from '../../dsl/component.ts';
import { chartBasics, image, persistence, probes, resources, secretRef, security, workloadBlocks } from '../../dsl/workload.ts';
import { text } from '../../dsl/primitives.ts';
import { defineRule } from '../../dsl/rules.ts';
import { CORE_MAINTAINERS, CORE_META, STANDARD_PROBES } from '../core-defaults.ts';

const ports = [{ name: 'redis', port: 6379, appProtocol: 'redis' }];

const redisMemory = defineRule({
  id: 'redis-memory',
  allowed: 'a Redis memory size: a whole number, optionally with k, kb, m, mb, g or gb, such as "768mb"',
  pattern: '[0-9]+([kKmMgG][bB]?)?',
  example: '768mb',
  counterExample: '768 MB',
});

export const redisValues = z.strictObject({
  ...chartBasics(),
  image: image({ registry: 'docker.io', repository: 'library/redis', tag: '7.4.5' }),
  auth: z.strictObject({
    enabled: z.boolean().default(false).describe('Require a password (read from the credentials Secret)'),
  }).prefault({}),
  credentials: secretRef({ keys: { password: 'password' }, remoteKey: 'kv/appgear/redis/config' }),
  aof: z.strictObject({
    enabled: z.boolean().default(true).describe('Append-only file persistence (appendonly yes)'),
    fsync: z.enum(['always', 'everysec', 'no']).default('everysec').describe('appendfsync policy'),
  }).prefault({}),
  maxmemory: text(redisMemory, { allowEmpty: true }).default('')
    .describe('maxmemory ("" leaves Redis unbounded within the container limit)'),
  maxmemoryPolicy: z.enum([
    'noeviction', 'allkeys-lru', 'allkeys-lfu', 'allkeys-random', 'volatile-lru', 'volatile-lfu', 'volatile-random', 'volatile-ttl',
  ]).default('noeviction').describe('Eviction policy when maxmemory is reached'),
  resources: resources({ requests: { cpu: '200m', memory: '512Mi' }, limits: { cpu: '1', memory: '1Gi' } }),
  persistence: persistence({ size: '20Gi', mountPath: '/data' }),
  securityContext: security({ runAsUser: 999, runAsGroup: 999, fsGroup: 999, readOnlyRootFilesystem: true }),
  probes: probes(STANDARD_PROBES),
  ...workloadBlocks({ ports, backupProfile: 'core-redis', meta: CORE_META }),
});

export const redis = defineComponent({
  id: 'redis',
  chart: {
    name: 'core-redis',
    version: '0.3.3',
    appVersion: '7.4.5',
    title: 'Redis',
    description: 'Redis cache and key-value store for the AppGear core, with AOF persistence and an optional password.',
    keywords: ['redis', 'cache', 'key-value', 'appgear'],
    category: 'database',
    home: 'https://redis.io',
    maintainers: CORE_MAINTAINERS,
  },
  values: redisValues,
  templatesDir: new URL('./templates/', import.meta.url),
  capabilities: {
    workloads: ['StatefulSet'],
    ports,
    secrets: [{ path: 'credentials', suffix: 'credentials', enabledBy: 'auth.enabled' }],
    images: ['image'],
    crds: ['external-secrets.io/v1/ExternalSecret'],
    podSecurity: { level: 'restricted' },
    claims: { replicas: 1 },
    rules: [externalSecretRule('credentials')],
  },
  provides: (v, { key }) => ({ resp: { instance: key, fullnameOverride: v.fullnameOverride, port: v.service.ports.redis } }),
  notes: 'With auth.enabled the password is read from the credentials Secret (key credentials.keys.password).',
  scenarios: {
    auth: { auth: { enabled: true }, credentials: { secretName: 'redis-auth' } },
    cache: { aof: { enabled: false }, persistence: { enabled: false }, maxmemory: '768mb', maxmemoryPolicy: 'allkeys-lru' },
  },
});
