// Bad install-time values must be refused by Helm itself, through values.schema.json (shapes, types,
// enums) or the chart's guard (value rules, cross-field rules), naming the field, in both Helm lines.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Helm, helmRun, helms, scratchCharts } from '../helpers/helm.ts';

interface Case { what: string; chart: string; values: unknown; names: string }

const cases: Case[] = [
  { what: 'malformed storage size', chart: 'core-postgres', values: { persistence: { size: '200GB' } }, names: 'persistence.size' },
  { what: 'malformed memory quantity', chart: 'core-postgres', values: { resources: { limits: { memory: '4 gigs' } } }, names: 'resources.limits.memory' },
  { what: '"latest" image tag', chart: 'core-postgres', values: { image: { tag: 'latest' } }, names: 'image.tag' },
  { what: 'inline password instead of a secret reference', chart: 'core-postgres', values: { credentials: { password: 'hunter2' } }, names: 'password' },
  { what: 'wrong type (string for boolean)', chart: 'core-postgres', values: { persistence: { enabled: 'true' } }, names: '/persistence/enabled' },
  { what: 'unknown top-level key (typo)', chart: 'core-postgres', values: { persistance: { size: '10Gi' } }, names: 'persistance' },
  { what: 'bad enum (service type)', chart: 'core-postgres', values: { service: { type: 'Ingress' } }, names: '/service/type' },
  { what: 'bad global enum (topology)', chart: 'core-postgres', values: { global: { topology: 'C' } }, names: 'global.topology' },
  { what: 'tenant id that is no label value', chart: 'core-redis', values: { global: { tenantId: 'Global Tenant' } }, names: 'global.tenantId' },
  { what: 'root user id', chart: 'core-redis', values: { securityContext: { runAsUser: 0 } }, names: '/securityContext/runAsUser' },
  { what: 'malformed image digest', chart: 'core-redis', values: { image: { digest: 'md5:abc' } }, names: 'image.digest' },
  { what: 'bad enum (AOF fsync)', chart: 'core-redis', values: { aof: { fsync: 'sometimes' } }, names: '/aof/fsync' },
  { what: 'port out of range', chart: 'core-qdrant', values: { service: { ports: { http: 70000 } } }, names: '/service/ports/http' },
  { what: 'namespace that is no DNS label', chart: 'core-qdrant', values: { networkPolicy: { allowedNamespaces: ['Kube System'] } }, names: 'networkPolicy.allowedNamespaces[0]' },
  { what: 'malformed duration', chart: 'core-qdrant', values: { credentials: { externalSecret: { refreshInterval: '1 hour' } } }, names: 'credentials.externalSecret.refreshInterval' },
  { what: 'bad enum (log level)', chart: 'core-qdrant', values: { logLevel: 'verbose' }, names: '/logLevel' },
  { what: 'postgresql.conf key that is no parameter name', chart: 'core-postgres', values: { config: { 'Shared Buffers': '1GB' } }, names: 'config (key "Shared Buffers")' },
  { what: 'empty access modes', chart: 'core-postgres', values: { persistence: { accessModes: [] } }, names: '/persistence/accessModes' },
  { what: 'inline Erlang cookie', chart: 'core-rabbitmq', values: { erlangCookie: { cookie: 'abc' } }, names: 'cookie' },
  { what: 'malformed memory quantity (broker)', chart: 'core-rabbitmq', values: { resources: { requests: { memory: 'lots' } } }, names: 'resources.requests.memory' },
  { what: 'broker count of zero', chart: 'core-redpanda', values: { replicas: 0 }, names: '/replicas' },
  { what: 'Seastar memory in Kubernetes units', chart: 'core-redpanda', values: { memory: '4Gi' }, names: 'memory' },
  { what: 'bad enum (anti-affinity)', chart: 'core-redpanda', values: { antiAffinity: 'strict' }, names: '/antiAffinity' },
  { what: 'even monitor count', chart: 'core-ceph', values: { cluster: { monCount: 2 } }, names: '/cluster/monCount' },
  { what: 'operator namespace that is no DNS label', chart: 'core-ceph', values: { operator: { namespace: 'Rook_Ceph' } }, names: 'operator.namespace' },
  { what: 'unpinned upstream chart version', chart: 'core-ceph', values: { operator: { argocdApplication: { targetRevision: '1.x' } } }, names: 'operator.argocdApplication.targetRevision' },
  { what: 'bad enum (reclaim policy)', chart: 'core-ceph', values: { storageClasses: { block: { reclaimPolicy: 'Keep' } } }, names: '/storageClasses/block/reclaimPolicy' },
  { what: 'malformed cron schedule', chart: 'core-backup', values: { logical: { schedule: 'nightly' } }, names: 'logical.schedule' },
  { what: 'inline S3 secret key', chart: 'core-backup', values: { logical: { s3Credentials: { secretAccessKey: 'abc' } } }, names: 'secretAccessKey' },
  { what: 'snapshot target with zero replicas', chart: 'core-backup', values: { snapshots: { targets: [{ instance: 'postgres', replicas: 0 }] } }, names: '/snapshots/targets/0/replicas' },
  { what: 'release name that is no DNS label', chart: 'appgear-bootstrap', values: { modules: { 'core-data-brokers': { releaseName: 'Core' } } }, names: 'modules.core-data-brokers.releaseName' },
  { what: 'wrong type (sync policy)', chart: 'appgear-bootstrap', values: { syncPolicy: { prune: 'yes please' } }, names: '/syncPolicy/prune' },
  { what: 'cluster server that is no URL', chart: 'appgear-bootstrap', values: { environments: { staging: { generator: { clusters: [{ name: 'eu1', server: 'eu1.example.com' }] } } } }, names: 'environments.staging.generator.clusters[0].server' },
  { what: 'OCI registry with oci:// and capitals', chart: 'appgear-bootstrap', values: { source: { oci: { registry: 'oci://Registry.example.com' } } }, names: 'source.oci.registry' },
  { what: 'bad enum (generator kind)', chart: 'appgear-bootstrap', values: { environments: { production: { generator: { kind: 'static' } } } }, names: '/environments/production/generator/kind' },
  { what: 'environment namespace that is no DNS label', chart: 'appgear-bootstrap', values: { environments: { staging: { namespaces: { 'core-data-brokers': 'Staging NS' } } } }, names: 'environments.staging.namespaces.core-data-brokers' },
  { what: 'bad size through the umbrella', chart: 'appgear', values: { postgres: { persistence: { size: 'big' } } }, names: 'postgres.persistence.size' },
  { what: 'unknown component in the umbrella', chart: 'appgear', values: { mysql: { enabled: true } }, names: 'mysql' },
  { what: 'misspelt capability in the umbrella', chart: 'appgear', values: { global: { capabilities: { istoi: true } } }, names: 'istoi' },
];

describe.each(helms())('$name rejects bad values', (helm: Helm) => {
  let dir = '';
  const valuesDir = mkdtempSync(join(tmpdir(), 'appgear-bad-values-'));
  beforeAll(async () => {
    dir = await scratchCharts(helm);
  });

  it('covers at least 15 kinds of bad value', () => {
    expect(cases.length).toBeGreaterThanOrEqual(15);
  });

  it('accepts the defaults it is compared against', async () => {
    for (const chart of new Set(cases.map((c) => c.chart))) {
      const r = await helmRun(helm, ['template', 'core', join(dir, chart)]);
      expect(r.exitCode, r.stderr).toBe(0);
    }
  });

  it.each(cases)('$chart: $what', async (c) => {
    const file = join(valuesDir, `${c.chart}-${c.what.replace(/\W+/g, '-')}.yaml`);
    writeFileSync(file, stringify(c.values));
    const r = await helmRun(helm, ['template', 'core', join(dir, c.chart), '--values', file]);
    expect(r.exitCode).not.toBe(0);
    expect(r.stderr).toMatch(/don't meet the specifications of the schema|break the chart's rules/);
    expect(r.stderr).toContain(c.names);
    // Plain words: never the regular expression behind a rule.
    expect(r.stderr).not.toMatch(/\^\(|\[a-z0-9\]|does not match pattern/);
  });

  it.each([
    ['core-ceph', { operator: { argocdApplication: { enabled: true } } }, 'operator.argocdApplication.enabled needs Argo CD'],
  ])('%s refuses an integration whose capability is off (template guard)', async (chart, values, message) => {
    const file = join(valuesDir, `${chart}-guard.yaml`);
    writeFileSync(file, stringify(values));
    const r = await helmRun(helm, ['template', 'core', join(dir, chart), '--values', file]);
    expect(r.exitCode).not.toBe(0);
    expect(r.stderr).toContain(message);
  });

  it.each([
    ['a list generator without clusters', { environments: { staging: { generator: { kind: 'list', clusters: [] } } } }, 'environments.staging.generator.clusters: expected at least one cluster when generator.kind is "list", found []'],
    ['a git generator without its repository', { environments: { production: { generator: { kind: 'git', git: { files: 'clusters/*.yaml' } } } } }, 'environments.production.generator.git.repoURL: expected a repository URL when generator.kind is "git", found ""'],
    ['a git source without its repository', { source: { kind: 'git' } }, 'source.git.repoURL: expected a repository URL when source.kind is "git", found ""'],
    ['an OCI source without a chart version', { source: { oci: { version: '' } } }, 'source.oci.version: expected the chart version to install when source.kind is "oci", found ""'],
  ])('appgear-bootstrap refuses %s (template guard, in words)', async (what, values, message) => {
    const file = join(valuesDir, `bootstrap-${what.replace(/\W+/g, '-')}.yaml`);
    writeFileSync(file, stringify(values));
    const r = await helmRun(helm, ['template', 'appgear-bootstrap', join(dir, 'appgear-bootstrap'), '--values', file]);
    expect(r.exitCode).not.toBe(0);
    expect(r.stderr).toContain("appgear-bootstrap: 1 value(s) break the chart's rules:");
    expect(r.stderr).toContain(message);
  });

  it('refuses an ExternalSecret without the external-secrets capability (template guard)', async () => {
    const file = join(valuesDir, 'guard.yaml');
    writeFileSync(file, stringify({ credentials: { externalSecret: { enabled: true } }, global: { capabilities: { externalSecrets: false } } }));
    const r = await helmRun(helm, ['template', 'core', join(dir, 'core-postgres'), '--values', file]);
    expect(r.exitCode).not.toBe(0);
    expect(r.stderr).toContain('credentials.externalSecret.enabled needs the external-secrets operator');
    expect(r.stderr).toContain('global.capabilities.externalSecrets=true');
  });
});
