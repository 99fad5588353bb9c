// PostgreSQL (core relational store) with an optional PostGIS image and extensions.
import { z } from 'zod';
import { defineComponent, externalSecretRule } from '../../dsl/component.ts';
import { withCheck } from '../../dsl/checks.ts';
import { text } from '../../dsl/primitives.ts';
import { RULES, defineRule } from '../../dsl/rules.ts';
import { chartBasics, image, persistence, probes, resources, secretRef, security, workloadBlocks } from '../../dsl/workload.ts';
import { CORE_MAINTAINERS, CORE_META, STANDARD_PROBES } from '../core-defaults.ts';

const ports = [{ name: 'postgres', port: 5432, appProtocol: 'postgresql' }];

const parameterName = defineRule({
  id: 'postgres-parameter',
  allowed: 'a postgresql.conf parameter name: a lowercase letter, then lowercase letters, digits, "_" and "."',
  pattern: '[a-z][a-z0-9_.]*',
  example: 'work_mem',
  counterExample: 'Shared Buffers',
});
const pgMemory = defineRule({
  id: 'postgres-memory',
  allowed: 'a PostgreSQL memory size: a whole number with kB, MB, GB or TB, such as "128MB"',
  pattern: '[0-9]+(kB|MB|GB|TB)',
  example: '2GB',
  counterExample: '2 gigs',
});
const memorySetting = (d: string, what: string) => z.union([text(pgMemory), z.number().int().min(0)]).default(d).describe(what);
const paramValue = z.union([z.string(), z.number(), z.boolean()]);

/** postgresql.conf: the settings we size are typed; any other parameter passes through as written. */
const config = withCheck(
  z.strictObject({
    shared_buffers: memorySetting('2GB', 'Memory for shared buffers (about a quarter of the memory limit)'),
    work_mem: memorySetting('64MB', 'Memory per sort or hash operation'),
    maintenance_work_mem: memorySetting('512MB', 'Memory for VACUUM, CREATE INDEX and similar'),
    max_connections: z.number().int().min(1).max(262143).default(500).describe('Most concurrent connections'),
    wal_level: z.enum(['minimal', 'replica', 'logical']).default('replica').describe('How much is written to the WAL'),
    archive_mode: z.enum(['off', 'on', 'always']).default('off').describe('WAL archiving'),
    max_wal_senders: z.number().int().min(0).max(262143).default(10).describe('Most concurrent WAL sender processes'),
    row_security: z.enum(['on', 'off']).default('on').describe('Row-level security policies'),
  }).catchall(paramValue),
  { kind: 'keys', rule: parameterName },
);

export const postgresValues = z.strictObject({
  ...chartBasics(),
  image: image({ registry: 'docker.io', repository: 'library/postgres', tag: '16.10' }),
  postgis: z.strictObject({
    enabled: z.boolean().default(false).describe('Run the PostGIS image and create the extensions below at first start'),
    image: image({ registry: 'docker.io', repository: 'postgis/postgis', tag: '16-3.5' }),
    extensions: z.array(text(RULES.sqlIdentifier)).min(1).default(['postgis'])
      .describe('Extensions created in the database when the data directory is initialised'),
  }).prefault({}),
  database: text(RULES.sqlIdentifier).default('appgear').describe('Database created at first start (POSTGRES_DB)'),
  credentials: secretRef({ keys: { username: 'username', password: 'password' }, remoteKey: 'kv/appgear/postgres/config' }),
  config: config.prefault({}).describe('postgresql.conf settings (listen_addresses is always "*"); other parameters pass through as written'),
  resources: resources({ requests: { cpu: '500m', memory: '2Gi' }, limits: { cpu: '2', memory: '4Gi' } }),
  persistence: persistence({ size: '200Gi', mountPath: '/var/lib/postgresql/data' }),
  securityContext: security({ runAsUser: 999, runAsGroup: 999, fsGroup: 999, readOnlyRootFilesystem: true }),
  probes: probes(STANDARD_PROBES),
  ...workloadBlocks({ ports, backupProfile: 'core-postgres', meta: CORE_META }),
});

export const postgres = defineComponent({
  id: 'postgres',
  chart: {
    name: 'core-postgres',
    version: '0.3.3',
    appVersion: '16.10',
    title: 'PostgreSQL',
    description: 'PostgreSQL for the AppGear core (optionally PostGIS), with credentials from a Secret or an ExternalSecret.',
    keywords: ['postgresql', 'postgis', 'database', 'appgear'],
    category: 'database',
    home: 'https://www.postgresql.org',
    maintainers: CORE_MAINTAINERS,
  },
  values: postgresValues,
  templatesDir: new URL('./templates/', import.meta.url),
  capabilities: {
    workloads: ['StatefulSet'],
    ports,
    secrets: [{ path: 'credentials', suffix: 'credentials' }],
    images: ['image', 'postgis.image'],
    crds: ['external-secrets.io/v1/ExternalSecret'],
    podSecurity: { level: 'restricted' },
    claims: { replicas: 1 },
    rules: [externalSecretRule('credentials')],
  },
  provides: (v, { key }) => ({
    postgresql: {
      instance: key,
      fullnameOverride: v.fullnameOverride,
      port: v.service.ports.postgres,
      database: v.database,
      credentials: { secretName: v.credentials.secretName, keys: v.credentials.keys },
    },
  }),
  notes: 'Credentials are read from the Secret named by credentials.secretName (keys credentials.keys.*).',
  scenarios: {
    postgis: { postgis: { enabled: true, extensions: ['postgis', 'postgis_topology'] } },
    'external-secret': {
      credentials: { externalSecret: { enabled: true } },
      global: { capabilities: { externalSecrets: true } },
    },
    minimal: {
      persistence: { enabled: false },
      resources: { requests: { cpu: '100m', memory: '256Mi' }, limits: { cpu: '500m', memory: '512Mi' } },
      config: { shared_buffers: '128MB', max_connections: 50 },
      pdb: { enabled: false },
    },
  },
});
