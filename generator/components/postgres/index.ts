// PostgreSQL (core relational store) with an optional PostGIS image and extensions.
import { z } from 'zod';
import { defineComponent, externalSecretRule } from '../../dsl/component.ts';
import { chartBasics, image, persistence, probes, resources, secretRef, security, workloadBlocks } from '../../dsl/workload.ts';
import { CORE_META, STANDARD_PROBES } from '../core-defaults.ts';

const ports = [{ name: 'postgres', port: 5432, appProtocol: 'postgresql' }];

const paramName = z.string().regex(/^[a-z][a-z0-9_.]*$/);
const paramValue = z.union([z.string(), z.number(), z.boolean()]);

export const postgresValues = z.strictObject({
  ...chartBasics(),
  image: image({ registry: 'docker.io', repository: 'library/postgres', tag: '16.10' }),
  postgis: z.strictObject({
    enabled: z.boolean().default(false).describe('Run the PostGIS image and create the extensions below at first start'),
    image: image({ registry: 'docker.io', repository: 'postgis/postgis', tag: '16-3.5' }),
    extensions: z.array(z.string().regex(/^[a-z_][a-z0-9_]*$/)).min(1).default(['postgis'])
      .describe('Extensions created in the database when the data directory is initialised'),
  }).prefault({}),
  database: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]{0,62}$/).default('appgear').describe('Database created at first start (POSTGRES_DB)'),
  credentials: secretRef({ keys: { username: 'username', password: 'password' }, remoteKey: 'kv/appgear/postgres/config' }),
  config: z.record(paramName, paramValue).default({
    shared_buffers: '2GB',
    work_mem: '64MB',
    maintenance_work_mem: '512MB',
    max_connections: 500,
    wal_level: 'replica',
    archive_mode: 'off',
    max_wal_senders: 10,
    row_security: 'on',
  }).describe('postgresql.conf settings (listen_addresses is always "*")'),
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
    version: '0.1.0',
    appVersion: '16.10',
    title: 'PostgreSQL',
    description: 'PostgreSQL for the AppGear core (optionally PostGIS), with credentials from a Secret or an ExternalSecret.',
    keywords: ['postgresql', 'postgis', 'database', 'appgear'],
    category: 'database',
    home: 'https://www.postgresql.org',
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
    provides: ['postgresql'],
    rules: [externalSecretRule('credentials')],
  },
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
