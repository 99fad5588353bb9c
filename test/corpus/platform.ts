// The corpus' own platform module, as data: the reference platform's shape (every component, capabilities,
// two environments, a per-workspace suite with a tenant and a workspace), kept here so that the corpus does not
// move when values-src/ is edited. A case changes one value of a fresh copy and writes it as a values module
// with `moduleSource`.
import { components } from '../../generator/components/index.ts';

export interface InstanceData {
  /** Component id, e.g. "postgres" (the factory the module calls). */
  component: string;
  values: Record<string, unknown>;
  enabled?: boolean;
  /** Keys of the instances it uses (derives values from). */
  uses?: string[];
}

export interface PlatformData {
  name: string;
  version: string;
  description: string;
  global: Record<string, unknown>;
  components: Record<string, InstanceData>;
  environments: Record<string, Record<string, unknown>>;
  /** How Argo CD installs it (the bootstrap chart), when given. */
  delivery?: Record<string, unknown>;
  /** Per-workspace suites keyed by suite name, each an instance of a component; none when not given. */
  suites?: Record<string, InstanceData>;
  tenants?: Record<string, Record<string, unknown>>;
  workspaces?: Record<string, unknown>[];
}

/** File name of the module inside the scratch repository, as the CLI prints it. */
export const MODULE_FILE = 'values-src/platform.ts';

export function basePlatform(): PlatformData {
  return {
    name: 'appgear',
    version: '0.1.0',
    description: 'Corpus platform: every component, with capabilities and environments.',
    global: { tenantId: 'global', capabilities: { externalSecrets: true, keda: true, snapshots: true, rook: true, argocd: true } },
    components: {
      ceph: { component: 'ceph', values: { operator: { argocdApplication: { enabled: true } } } },
      postgres: { component: 'postgres', values: { persistence: { size: '200Gi' }, credentials: { externalSecret: { enabled: true } } }, uses: ['ceph'] },
      redis: { component: 'redis', values: { persistence: { size: '20Gi' } }, uses: ['ceph'] },
      qdrant: { component: 'qdrant', values: { persistence: { size: '50Gi' } }, uses: ['ceph'] },
      rabbitmq: { component: 'rabbitmq', values: { persistence: { size: '10Gi' } }, uses: ['ceph'] },
      redpanda: { component: 'redpanda', values: { replicas: 3, persistence: { size: '100Gi' } }, uses: ['ceph'] },
      backup: { component: 'backup', values: { logical: { schedule: '0 3 * * *' } }, uses: ['ceph', 'postgres', 'redis', 'qdrant', 'rabbitmq', 'redpanda'] },
      dr: { component: 'velero', values: {}, uses: ['ceph'] },
    },
    environments: {
      // Staging reads its own Vault path: environments may not share one.
      staging: { components: { postgres: { persistence: { size: '10Gi' }, credentials: { externalSecret: { remoteKey: 'kv/appgear/staging/postgres/config' } } }, redpanda: { replicas: 1 } } },
      production: {},
    },
    delivery: { source: { kind: 'oci', registry: 'registry.example.com/appgear' } },
    suites: { factory: { component: 'factory', values: {}, uses: ['redis', 'redpanda'] } },
    tenants: { acme: { workspaces: { backup: true } } },
    workspaces: [{ id: 'alpha', tenant: 'acme' }],
  };
}

/** The platform as a values module (TypeScript; esbuild strips nothing here, wrong types stay wrong). */
export function moduleSource(p: PlatformData): string {
  const known = new Set(components.map((c) => c.spec.id));
  const used = [...new Set([...Object.values(p.components), ...Object.values(p.suites ?? {})].map((i) => i.component))].sort();
  for (const id of used) if (!known.has(id)) throw new Error(`unknown component ${id}`);
  const call = ([key, i]: [string, InstanceData]) => {
    const options = instanceOptions(i);
    return `    ${JSON.stringify(key)}: ${i.component}(${JSON.stringify(i.values)}${Object.keys(options).length ? `, ${JSON.stringify(options)}` : ''}),`;
  };
  const instances = Object.entries(p.components).map(call);
  return [
    '// Written by test/corpus or test/property: a platform module under test.',
    `import { definePlatform, ${used.join(', ')} } from 'appgear-charts';`,
    '',
    'export default definePlatform({',
    `  name: ${JSON.stringify(p.name)},`,
    `  version: ${JSON.stringify(p.version)},`,
    `  description: ${JSON.stringify(p.description)},`,
    `  global: ${JSON.stringify(p.global)},`,
    '  components: {',
    ...instances,
    '  },',
    `  environments: ${JSON.stringify(p.environments)},`,
    ...(p.delivery ? [`  delivery: ${JSON.stringify(p.delivery)},`] : []),
    ...(p.suites ? ['  suites: {', ...Object.entries(p.suites).map(call), '  },'] : []),
    ...(p.tenants ? [`  tenants: ${JSON.stringify(p.tenants)},`] : []),
    ...(p.workspaces ? [`  workspaces: ${JSON.stringify(p.workspaces)},`] : []),
    '} as any);',
    '',
  ].join('\n');
}

/** The second argument of a component function: `{ enabled, uses }`, each when given. */
export const instanceOptions = (i: InstanceData) => ({ ...(i.enabled === undefined ? {} : { enabled: i.enabled }), ...(i.uses ? { uses: i.uses } : {}) });

/** Sets `value` at a dotted path ("a.b.c"; "[0]" for an array item), creating objects and arrays on the way. */
export function setPath(root: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split(/\.|(?=\[)/).map((k) => (/^\[\d+\]$/.test(k) ? Number(k.slice(1, -1)) : k));
  let cur: any = root;
  keys.forEach((k, i) => {
    if (i === keys.length - 1) {
      cur[k] = value;
      return;
    }
    if (cur[k] === null || typeof cur[k] !== 'object') cur[k] = typeof keys[i + 1] === 'number' ? [] : {};
    cur = cur[k];
  });
}
