// Adding a component is its folder plus one registry line: a copy of the package gets the fixture component
// (test/fixtures/components/echo) that way, generates its chart, and the chart's cross-field rules (one of
// each kind of the union) are refused at generation time by the CLI and at install time by Helm 3 and 4.
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO, helmRun, helms, scratchCharts } from '../helpers/helm.ts';

let pkg = '';
let cache = '';
const REGISTRY_LINE = "export { echo } from './echo/index.ts';\n";

function files(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out.set(relative(dir, p), readFileSync(p, 'utf8'));
    }
  };
  walk(dir);
  return out;
}

const platform = (components: string, extra = '') => `import { definePlatform, echo } from 'appgear-charts';
export default definePlatform({ name: 'demo', version: '0.1.0', description: 'Echo.', ${extra} components: { ${components} } });
`;

async function generate(values: string, out: string) {
  const dir = mkdtempSync(join(pkg, 'values-'));
  writeFileSync(join(dir, 'demo.ts'), values);
  const r = await execa('node', [join(pkg, 'bin/appgear-charts.mjs'), 'generate', '--values', dir, '--out', out], { cwd: pkg, reject: false, env: { APPGEAR_CHARTS_CACHE_DIR: cache } });
  return { exitCode: r.exitCode ?? -1, stdout: String(r.stdout), stderr: String(r.stderr) };
}

beforeAll(() => {
  pkg = mkdtempSync(join(tmpdir(), 'appgear-add-component-'));
  cache = join(pkg, '.cache');
  for (const f of ['generator', 'bin', 'package.json']) cpSync(join(REPO, f), join(pkg, f), { recursive: true });
  symlinkSync(join(REPO, 'node_modules'), join(pkg, 'node_modules'));
  const before = files(join(pkg, 'generator'));
  // The whole change: the component's folder, and one line in the registry.
  cpSync(join(REPO, 'test/fixtures/components/echo'), join(pkg, 'generator/components/echo'), { recursive: true });
  writeFileSync(join(pkg, 'generator/components/registry.ts'), readFileSync(join(pkg, 'generator/components/registry.ts'), 'utf8') + REGISTRY_LINE);
  const after = files(join(pkg, 'generator'));
  const changed = [...after.keys()].filter((f) => before.get(f) !== after.get(f));
  expect(changed.filter((f) => !f.startsWith('components/echo/'))).toEqual(['components/registry.ts']);
  const added = after.get('components/registry.ts')!.split('\n').filter((l) => !before.get('components/registry.ts')!.split('\n').includes(l));
  expect(added).toEqual([REGISTRY_LINE.trim()]);
});

afterAll(() => rmSync(pkg, { recursive: true, force: true }));

describe('adding a component', () => {
  it('is its folder and one registry line: the new chart generates and lints', async () => {
    const out = join(pkg, 'out-ok');
    const r = await generate(platform("web: echo({ text: 'hi' })"), out);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^Generated 3 charts \(1 umbrella, 1 sub-chart, 1 library\)/);
    expect(readdirSync(out).sort()).toEqual(['.appgear-charts.json', 'Chart.lock', 'appgear-common', 'demo', 'fixture-echo']);
    const helm = helms()[1]!;
    const dir = await scratchCharts(helm, out);
    for (const chart of ['fixture-echo', 'demo']) {
      const lint = await helmRun(helm, ['lint', '--strict', join(dir, chart)]);
      expect(lint.exitCode, lint.stdout + lint.stderr).toBe(0);
    }
    const t = await helmRun(helm, ['template', 'core', join(dir, 'demo')]);
    expect(t.stdout).toContain('kind: Deployment');
    expect(t.stdout).toContain('"-text=hi"');
  });
});

/** One mistake per kind of cross-field rule: the values (generation time), the --set (install time), the words. */
const RULES = [
  { kind: 'implies', values: 'metrics: { enabled: true }', set: ['--set', 'metrics.enabled=true'], path: 'metrics.enabled', says: 'metrics.enabled needs the Prometheus Operator: expected global.capabilities.prometheusOperator to be true, found false' },
  { kind: 'exactlyOne', values: "routes: [{ name: 'a', default: true }, { name: 'b', default: true }]", set: ['--set', 'routes[0].name=a', '--set', 'routes[0].default=true', '--set', 'routes[1].name=b', '--set', 'routes[1].default=true'], path: 'routes', says: 'one route answers unknown paths: expected exactly one item of routes with default: true, found 2' },
  { kind: 'atMostOne', values: 'logging: { debug: true, quiet: true }', set: ['--set', 'logging.debug=true', '--set', 'logging.quiet=true'], path: 'logging.debug', says: 'expected at most one of logging.debug, logging.trace, logging.quiet set to true, found 2' },
  { kind: 'oneOf', values: "tls: { enabled: true, secretName: 'x' }, mode: 'plain'", set: ['--set', 'tls.enabled=true', '--set', 'tls.secretName=x'], path: 'mode', says: 'expected one of "tls", "mutual" when tls.enabled is true, found "plain"' },
  { kind: 'requiredWhen', values: "tls: { enabled: true }, mode: 'tls'", set: ['--set', 'tls.enabled=true', '--set', 'mode=tls'], path: 'tls.secretName', says: 'expected a value when tls.enabled is true, found ""' },
];

describe('each kind of cross-field rule', () => {
  it.each(RULES)('$kind: refused at generation time, naming the value', async (rule) => {
    const out = join(pkg, `out-${rule.kind}`);
    const r = await generate(platform(`web: echo({ ${rule.values} })`), out);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain(`demo.ts: components.web.${rule.path}: ${rule.says}`);
  });

  describe.each(helms())('$name at install time', (helm) => {
    let dir = '';
    beforeAll(async () => {
      const out = join(pkg, `out-install-${helm.name}`);
      mkdirSync(out, { recursive: true });
      const r = await generate(platform("web: echo({})"), out);
      expect(r.exitCode, r.stderr).toBe(0);
      dir = await scratchCharts(helm, out);
    });

    it.each(RULES)('$kind: refused with --set, naming the value', async (rule) => {
      const r = await helmRun(helm, ['template', 'core', join(dir, 'fixture-echo'), ...rule.set]);
      expect(r.exitCode).not.toBe(0);
      expect(r.stderr).toContain(`- ${rule.path}: ${rule.says}`);
    });

    it('accepts the values that keep every rule', async () => {
      const r = await helmRun(helm, ['template', 'core', join(dir, 'fixture-echo'), '--set', 'tls.enabled=true', '--set', 'tls.secretName=x', '--set', 'mode=tls']);
      expect(r.exitCode, r.stderr).toBe(0);
    });
  });
});
