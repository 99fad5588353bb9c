// Environment overlays: `values-<env>.yaml` with `helm -f` must give exactly what the platform module
// says the environment is (its overlay merged onto the platform's values), in Helm 3 and Helm 4.
import { mkdtempSync, readdirSync, readFileSync, writeFileSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { definePlatform, postgres, redis, type Platform } from '../../generator/index.ts';
import { buildChartSet } from '../../generator/model/buildChartSet.ts';
import { renderChartSet } from '../../generator/render/renderChartSet.ts';
import { valuesDiff } from '../../generator/render/renderEnvironments.ts';
import { renderValuesYaml } from '../../generator/render/renderValuesYaml.ts';
import { deepMerge, resolvePlatform } from '../../generator/parse/resolvePlatform.ts';
import { CHARTS, type Helm, REPO, helmRun, helms, scratchCharts } from '../helpers/helm.ts';
import { cli, scratchRepo } from '../helpers/workspace.ts';

/** Every platform module of values-src/ with environments: its umbrella, the release the README installs, its environments. */
const PLATFORMS = await Promise.all(readdirSync(join(REPO, 'values-src')).filter((f) => f.endsWith('.ts')).sort().map(async (f) => {
  const platform = (await import(/* @vite-ignore */ `../../values-src/${f}`)).default as Platform;
  return { file: `values-src/${f}`, platform, name: platform.name, release: platform.name === 'appgear' ? 'core' : platform.name };
}));
const WITH_ENVS = PLATFORMS.filter((p) => Object.keys(p.platform.environments).length > 0);
const CASES = WITH_ENVS.flatMap((p) => Object.keys(p.platform.environments).map((env) => ({ ...p, env, id: `${p.name} ${env}` })));

/** The environment written out as a platform of its own: overlay merged onto the base, no environments. */
function platformFor(p: Platform, env: string): Platform {
  const overlay = p.environments[env]!;
  const changes = (overlay.components ?? {}) as Record<string, { enabled?: boolean } & Record<string, unknown>>;
  return definePlatform({
    ...p,
    global: deepMerge(p.global, { environment: env, ...overlay.global }),
    components: Object.fromEntries(Object.entries(p.components).map(([key, inst]) => {
      const { enabled, ...change } = changes[key] ?? {};
      return [key, { ...inst, values: deepMerge(inst.values, change), enabled: enabled ?? inst.enabled }];
    })),
    environments: {},
    // Its delivery names the environments this platform no longer has (and installs nothing here).
    delivery: undefined,
  });
}

describe('the platforms\' environments', () => {
  it('has both example platforms, each with staging and production', () => {
    expect(WITH_ENVS.map((p) => p.name)).toEqual(['appgear', 'robson']);
    for (const p of WITH_ENVS) expect(Object.keys(p.platform.environments), p.name).toEqual(['staging', 'production']);
  });

  it.each(WITH_ENVS.map((p) => [p.name, p] as const))('%s: a values file per environment, in the umbrella, and an Environments table in its README', (name, p) => {
    const defaults = parse(readFileSync(join(CHARTS, name, 'values.yaml'), 'utf8'));
    for (const env of Object.keys(p.platform.environments)) {
      const values = parse(readFileSync(join(CHARTS, name, `values-${env}.yaml`), 'utf8'));
      // global.environment defaults to the environment's name (written only where values.yaml differs).
      expect(deepMerge(defaults, values ?? {}).global.environment, env).toBe(env);
    }
    const readme = readFileSync(join(CHARTS, name, 'README.md'), 'utf8');
    expect(readme).toContain('| Value | Default | staging | production |');
    if (name === 'appgear') {
      expect(readme).toContain('| `redpanda.replicas` | `3` | `1` | = |');
      expect(readme).toContain('| `backup.logical.retentionDays` | `14` | `7` | `30` |');
    } else {
      // The staging document's "Diferenças Staging vs Production": values.yaml is production.
      expect(readme).toContain('| `backend.workload.replicas` | `3` | `2` | = |');
      expect(readme).toContain('| `backend.resources.limits.cpu` | `"1000m"` | `"500m"` | = |');
      expect(readme).toContain('| `postgres.persistence.size` | `"50Gi"` | `"10Gi"` | = |');
      expect(readme).toContain('| `redis.persistence.size` | `"20Gi"` | `"5Gi"` | = |');
      expect(readme).toContain('| `frontend.ingress.host` | `"rbx.ia.br"` | `"staging.rbx.ia.br"` | = |');
    }
  });

  it('prints the same tables with `appgear-charts environments`, one per platform', async () => {
    const r = await cli(REPO, 'environments');
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toContain('appgear 0.');
    expect(r.stdout).toContain('(values-src/appgear.ts): environments staging, production');
    expect(r.stdout).toContain('| `postgres.persistence.size` | `"200Gi"` | `"10Gi"` | = |');
    expect(r.stdout).toContain('robson 0.');
    expect(r.stdout).toContain('(values-src/robson.ts): environments staging, production');
    expect(r.stdout).toContain('| `postgres.persistence.size` | `"50Gi"` | `"10Gi"` | = |');
    expect(r.stdout).toContain('| `backend.image.tag` | `"sha-8c1d2e4"` | `"staging-8c1d2e4"` | = |');
  });

  it('prints the table of an edit before any chart is regenerated (it renders and writes nothing)', async () => {
    const dir = scratchRepo();
    expect((await cli(dir, 'generate', '--quiet')).exitCode).toBe(0);
    const src = join(dir, 'values-src/appgear.ts');
    writeFileSync(src, readFileSync(src, 'utf8').replace("postgres: { persistence: { size: '10Gi' },", "postgres: { persistence: { size: '12Gi' },"));
    const r = await cli(dir, 'environments');
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toContain('| `postgres.persistence.size` | `"200Gi"` | `"12Gi"` | = |');
    // generate, by contrast, wants the umbrella's version bumped for the changed values-staging.yaml.
    expect((await cli(dir, 'generate')).stderr).toContain('chart appgear changed');
    rmSync(dir, { recursive: true, force: true });
  });
});

describe.each(helms())('$name with values-<env>.yaml', (helm: Helm) => {
  let charts = '';
  const scratch: string[] = [];

  beforeAll(async () => {
    charts = await scratchCharts(helm);
    scratch.push(charts);
  });
  afterAll(() => scratch.forEach((d) => rmSync(d, { recursive: true, force: true })));

  it.each(CASES)('$id: helm lint --strict passes', async ({ name, env }) => {
    const r = await helmRun(helm, ['lint', '--strict', join(charts, name), '-f', join(charts, name, `values-${env}.yaml`)]);
    expect(r.exitCode, r.stdout + r.stderr).toBe(0);
  });

  it.each(CASES)('$id: renders exactly what a platform with the merged values renders', async ({ name, env, file, platform, release }) => {
    // The environment as a platform of its own, rendered by the generator to a scratch folder.
    const own = mkdtempSync(join(tmpdir(), `appgear-env-${name}-${env}-`));
    scratch.push(own);
    const set = buildChartSet([resolvePlatform(file, platformFor(platform, env))]);
    for (const [path, body] of await renderChartSet(set, 'charts', own)) {
      mkdirSync(dirname(join(own, path)), { recursive: true });
      writeFileSync(join(own, path), body);
    }
    const ownCharts = await scratchCharts(helm, join(own, 'charts'));
    scratch.push(ownCharts);

    const args = ['template', release, '--namespace', `${name}-${env}`];
    const viaFile = await helmRun(helm, [...args, join(charts, name), '-f', join(charts, name, `values-${env}.yaml`)]);
    const direct = await helmRun(helm, [...args, join(ownCharts, name)]);
    expect(viaFile.exitCode, viaFile.stderr).toBe(0);
    expect(direct.exitCode, direct.stderr).toBe(0);
    expect(viaFile.stdout.length).toBeGreaterThan(10_000);
    expect(viaFile.stdout).toBe(direct.stdout);
    // And the environment really differs from the defaults where the module says it does.
    const plain = await helmRun(helm, [...args, join(charts, name)]);
    if (env === 'staging') {
      expect(plain.stdout).not.toBe(viaFile.stdout);
      expect(viaFile.stdout).toMatch(/storage: "?10Gi"?\n/);
      if (name === 'appgear') expect(viaFile.stdout).toMatch(/name: "?core-redpanda"?\n[\s\S]*?replicas: 1\n/);
      else {
        expect(viaFile.stdout).toMatch(/kind: Deployment\nmetadata:\n {2}name: "?robson-backend"?\n[\s\S]*?replicas: 2\n/);
        expect(viaFile.stdout).toContain('image: "ghcr.io/ldamasio/rbs-backend-monolith:staging-8c1d2e4"');
        expect(viaFile.stdout).not.toContain(':sha-8c1d2e4');
      }
    } else if (name === 'robson') {
      // values.yaml is production: its file changes nothing.
      expect(plain.stdout).toBe(viaFile.stdout);
      expect(viaFile.stdout).toMatch(/kind: Deployment\nmetadata:\n {2}name: "?robson-backend"?\n[\s\S]*?replicas: 3\n/);
    }
  });
});

describe('values files of a module that shares one object in two places', () => {
  it('write the object out at each place, never as a YAML anchor and alias', () => {
    const shared = { name: 'DATABASE_URL', value: 'postgres://$(POSTGRES_HOST)' };
    const text = renderValuesYaml({ a: { env: [shared] }, b: { env: [shared] } }, {}, ['header']);
    expect(text).not.toMatch(/[&*]a\d/);
    expect(parse(text)).toEqual({ a: { env: [shared] }, b: { env: [shared] } });
    expect(text.match(/name: DATABASE_URL/g)).toHaveLength(2);
    // The example platform does so (one DATABASE_URL for the backend and the stop monitor).
    for (const f of ['values.yaml', 'values-staging.yaml']) expect(readFileSync(join(CHARTS, 'robson', f), 'utf8'), f).not.toMatch(/^\s*(- )?[&*]a\d/m);
  });
});

describe('valuesDiff (what -f must carry for Helm to merge base into next)', () => {
  it('keeps only changes, replaces arrays whole, and removes keys with null', () => {
    const base = { a: { b: 1, c: [1, 2], d: 'x' }, e: true, gone: { x: 1 } };
    const next = { a: { b: 1, c: [1, 3], d: 'y' }, e: true, added: { z: 0 } };
    expect(valuesDiff(base, next)).toEqual({ a: { c: [1, 3], d: 'y' }, added: { z: 0 }, gone: null });
    expect(valuesDiff(base, base)).toEqual({});
  });

  it('types an overlay from the platform\'s own components (unknown keys do not compile)', () => {
    const p = definePlatform({
      name: 'typed',
      version: '0.1.0',
      description: 'overlay typing',
      components: { db: postgres(), cache: redis() },
      environments: {
        // @ts-expect-error "sise" is not a postgres persistence value
        dev: { components: { db: { persistence: { sise: '1Gi' } } } },
        // @ts-expect-error "db2" is not a component of this platform
        qa: { components: { db2: {} } },
        ok: { components: { db: { persistence: { size: '1Gi' } }, cache: { enabled: false } } },
      },
    });
    expect(Object.keys(p.environments)).toEqual(['dev', 'qa', 'ok']);
  });
});
