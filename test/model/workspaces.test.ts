// Workspaces in the DSL: per-workspace suites (a chart each workspace gets its own release of), tenants with
// their workspaces' defaults, and the workspace list; each workspace's values computed from them and checked
// against the suite chart's schema, every mistake refused with the workspace's path and nothing resolved.
import { describe, expect, it } from 'vitest';
import { definePlatform, factory, redis, redpanda } from '../../generator/index.ts';
import { ValuesError } from '../../generator/parse/formatIssues.ts';
import { buildChartSet } from '../../generator/model/buildChartSet.ts';
import { resolvePlatform } from '../../generator/parse/resolvePlatform.ts';

const FILE = 'values-src/ws.ts';

const platform = (over: { tenants?: unknown; workspaces?: unknown; suites?: unknown } = {}) => definePlatform({
  name: 'ws',
  version: '1.0.0',
  description: 'Workspaces.',
  components: { redis: redis(), redpanda: redpanda() },
  suites: (over.suites ?? { factory: factory({ ingress: { domain: 'factory.example.com' } }, { uses: ['redis', 'redpanda'] }) }) as never,
  tenants: (over.tenants ?? {
    acme: { workspaces: { backup: true } },
    globex: { workspaces: { suites: { factory: { parts: ['codeServer'], values: { codeServer: { persistence: { size: '50Gi' } } } } } } },
  }) as never,
  workspaces: (over.workspaces ?? [
    { id: 'alpha', tenant: 'acme' },
    { id: 'beta', tenant: 'globex', suites: { factory: { values: { codeServer: { persistence: { size: '80Gi' } } } } } },
    { id: 'gamma', tenant: 'globex', backup: true, suites: { factory: { parts: [] } } },
  ]) as never,
});

function problems(over: Parameters<typeof platform>[0]): string[] {
  try {
    resolvePlatform(FILE, platform(over));
  } catch (err) {
    if (err instanceof ValuesError) return err.problems.map((p) => `${p.path}: ${p.message}`);
    throw err;
  }
  return [];
}

describe('workspaces', () => {
  const { workspaces } = resolvePlatform(FILE, platform());

  it('resolves each suite with what it uses among the components, and lists the tenants', () => {
    expect(workspaces.suites.map((s) => [s.key, s.component.spec.chart.name, s.uses])).toEqual([['factory', 'factory', ['redis', 'redpanda']]]);
    expect(workspaces.tenants).toEqual(['acme', 'globex']);
  });

  it('gives every workspace a release of each suite in ws-<id>-<suite>, with its tenant\'s defaults under its own values', () => {
    const [alpha, beta, gamma] = workspaces.workspaces;
    expect(alpha).toMatchObject({ id: 'alpha', tenant: 'acme', backup: true });
    expect(alpha!.releases.map((r) => [r.suite, r.namespace, r.parts])).toEqual([['factory', 'ws-alpha-factory', ['codeServer', 'builder', 'multiplayer']]]);
    // Tenant and workspace ids in global, the backup label on every object, every part on (the chart's default).
    expect(alpha!.releases[0]!.values).toEqual({
      global: { tenantId: 'acme', workspaceId: 'alpha', commonLabels: { 'appgear.io/backup-enabled': 'true' } },
      backup: { enabled: true },
      codeServer: { enabled: true }, builder: { enabled: true }, multiplayer: { enabled: true },
    });
    // globex's default parts and size; beta's own size over them; no backup.
    expect(beta!.backup).toBe(false);
    expect(beta!.releases[0]!.parts).toEqual(['codeServer']);
    expect(beta!.releases[0]!.values).toEqual({
      global: { tenantId: 'globex', workspaceId: 'beta' },
      backup: { enabled: false },
      codeServer: { enabled: true, persistence: { size: '80Gi' } }, builder: { enabled: false }, multiplayer: { enabled: false },
    });
    // No parts: no release of the suite.
    expect(gamma).toMatchObject({ id: 'gamma', backup: true, releases: [] });
  });

  it('refuses a duplicate id, an id that is no DNS label, one too long for its namespace, an unknown tenant, suite or part, and values the chart refuses', () => {
    expect(problems({ workspaces: [{ id: 'alpha', tenant: 'acme' }, { id: 'alpha', tenant: 'globex' }] }))
      .toEqual(['workspaces[1].id: expected an id no other workspace has, found "alpha", the id of workspaces[0] too']);
    expect(problems({ workspaces: [{ id: 'Alpha_1', tenant: 'acme' }] })[0]).toMatch(/^workspaces\[0\]\.id: expected a DNS label.*found "Alpha_1"/);
    const long = 'a'.repeat(53);
    expect(problems({ workspaces: [{ id: long, tenant: 'acme' }] }))
      .toEqual([`workspaces[0].id: expected an id of at most 52 characters (its namespace "ws-<id>-factory" is a name of at most 63), found "${long}" (53 characters)`]);
    expect(problems({ workspaces: [{ id: 'alpha', tenant: 'initech' }] }))
      .toEqual(['workspaces[0].tenant: expected one of the platform\'s tenants ("acme", "globex"), found "initech"']);
    expect(problems({ workspaces: [{ id: 'alpha', tenant: 'acme', suites: { factroy: {} } }] }))
      .toEqual(['workspaces[0].suites.factroy: expected one of the platform\'s suites ("factory"), found "factroy"']);
    expect(problems({ workspaces: [{ id: 'alpha', tenant: 'acme', suites: { factory: { parts: ['codeServer', 'ide'] } } }] }))
      .toEqual(['workspaces[0].suites.factory.parts[1]: expected one of the parts of suite "factory" ("codeServer", "builder", "multiplayer"), found "ide"']);
    expect(problems({ tenants: { acme: { workspaces: { suites: { factory: { parts: ['editor'] } } } } }, workspaces: [] }))
      .toEqual(['tenants.acme.workspaces.suites.factory.parts[0]: expected one of the parts of suite "factory" ("codeServer", "builder", "multiplayer"), found "editor"']);
    const bad = problems({ workspaces: [{ id: 'alpha', tenant: 'acme', suites: { factory: { values: { codeServer: { persistence: { size: 'lots' } } } } } }] });
    expect(bad).toHaveLength(1);
    expect(bad[0]).toMatch(/^workspaces\[0\]\.suites\.factory\.values\.codeServer\.persistence\.size: expected .*found "lots"/);
    expect(problems({ workspaces: [{ id: 'alpha', tenant: 'acme', suites: { factory: { values: { global: { tenantId: 'x' } } } } }] })[0])
      .toContain('workspaces[0].suites.factory.values.global: global settings belong in the platform\'s global block');
    // A tenant's bad default is the tenant's, reported once (and checked without workspaces too).
    const tenantBad = { acme: { workspaces: { suites: { factory: { values: { codeServer: { persistence: { size: 'lots' } } } } } } } };
    expect(problems({ tenants: tenantBad, workspaces: [{ id: 'a', tenant: 'acme' }, { id: 'b', tenant: 'acme' }] }).map((p) => p.split(':')[0]))
      .toEqual(['tenants.acme.workspaces.suites.factory.values.codeServer.persistence.size']);
    expect(problems({ tenants: tenantBad, workspaces: [] })).toHaveLength(1);
    expect(problems({ tenants: { Acme: {} }, workspaces: [] })[0]).toMatch(/^tenants \(key "Acme"\): expected a DNS label/);
    expect(problems({ suites: { redis: redis() }, workspaces: [] }))
      .toEqual(['suites.redis: expected a suite name no component of the platform has, found "redis" (a key of components too)']);
    expect(problems({ suites: {}, tenants: { acme: {} }, workspaces: [{ id: 'alpha', tenant: 'acme' }] }))
      .toEqual(['workspaces: expected suites for the workspaces to get (the platform\'s suites), found none']);
  });

  it('reports every workspace\'s problems at once', () => {
    expect(problems({ workspaces: [{ id: 'a', tenant: 'nope' }, { id: 'b', tenant: 'acme', suites: { factory: { parts: ['x'] } } }] })).toHaveLength(2);
  });
});

describe('a suite\'s uses across releases (the bootstrap\'s workspaceValues)', () => {
  // The brokers in a module of their own, renamed and moved in staging; the suite's Redis port given by hand.
  const delivered = (suiteValues: Record<string, unknown> = {}) => buildChartSet([resolvePlatform(FILE, definePlatform({
    name: 'ws',
    version: '1.0.0',
    description: 'Workspaces.',
    components: { redis: redis(), redpanda: redpanda({ fullnameOverride: 'events' }) },
    environments: { staging: {}, production: { components: { redis: { enabled: false } } } },
    suites: { factory: factory(suiteValues as never, { uses: ['redis', 'redpanda'] }) },
    tenants: { acme: {} },
    workspaces: [{ id: 'alpha', tenant: 'acme' }],
    delivery: {
      source: { kind: 'oci', registry: 'registry.example.com/ws' },
      modules: { brokers: { releaseName: 'data', namespace: 'brokers' } },
      environments: { staging: { generator: { kind: 'cluster' }, namespaces: { brokers: 'brokers-staging' } }, production: { generator: { kind: 'cluster' } } },
    } as never,
  }))]).bootstraps[0]!.defaults.environments as Record<string, { workspaceValues: Record<string, any> }>;

  it('derives each used instance\'s Service address where its module runs in the environment', () => {
    const envs = delivered();
    expect(envs.staging!.workspaceValues).toEqual({
      factory: { multiplayer: { redis: { host: 'data-redis.brokers-staging.svc.cluster.local', port: 6379 }, redpanda: { brokers: [{ host: 'events.brokers-staging.svc.cluster.local', port: 9092 }] } } },
    });
    // Redis is switched off in production: nothing is derived from it (the chart's default stays).
    expect(envs.production!.workspaceValues).toEqual({ factory: { multiplayer: { redpanda: { brokers: [{ host: 'events.brokers.svc.cluster.local', port: 9092 }] } } } });
  });

  it('leaves what the suite\'s values set themselves', () => {
    const envs = delivered({ multiplayer: { redis: { port: 6380 } } });
    expect(envs.staging!.workspaceValues.factory.multiplayer.redis).toEqual({ host: 'data-redis.brokers-staging.svc.cluster.local' });
  });

  it('derives nothing inside the umbrella release (no address: a suite is never part of it)', () => {
    expect(factory.spec.derive!({ uses: [{ key: 'redis', provides: { resp: { instance: 'redis', fullnameOverride: '', port: 6379 } } }] })).toEqual({});
  });
});
