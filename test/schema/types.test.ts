// The TS types generated back from each values.schema.json compile the reference values,
// the chart defaults and every scenario, and refuse a wrong value: the schema says what the DSL says.
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { execa } from 'execa';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { typeName } from '../../generator/render/renderChartSet.ts';
import { renderAll } from '../../generator/generate.ts';
import { CHARTS, REPO, chartNames, scenarioFiles } from '../helpers/helm.ts';

function workdir(): string {
  mkdirSync(join(REPO, 'test/.tmp'), { recursive: true });
  return mkdtempSync(join(REPO, 'test/.tmp/types-'));
}

async function tsc(dir: string, source: string) {
  writeFileSync(join(dir, 'check.ts'), source);
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({
    compilerOptions: { strict: true, noEmit: true, module: 'NodeNext', moduleResolution: 'NodeNext', target: 'ES2022', skipLibCheck: false, types: [] },
    files: ['check.ts'],
  }));
  const r = await execa(join(REPO, 'node_modules/.bin/tsc'), ['-p', dir], { reject: false });
  return { exitCode: r.exitCode, output: String(r.stdout) + String(r.stderr) };
}

const importOf = (dir: string, chart: string) =>
  `import type { ${typeName(chart)} } from '${relative(dir, join(CHARTS, chart, 'values.js'))}';`;

describe('generated TS types', () => {
  it('type-check the reference values, every default, every scenario and every resolved instance', async () => {
    const dir = workdir();
    const { set } = await renderAll({ cwd: REPO });
    const lines: string[] = [];
    let n = 0;
    const add = (chart: string, value: unknown) => lines.push(`export const v${n++}: ${typeName(chart)} = ${JSON.stringify(value)};`);
    for (const chart of chartNames()) {
      lines.push(importOf(dir, chart));
      add(chart, parse(readFileSync(join(CHARTS, chart, 'values.yaml'), 'utf8')));
      for (const f of scenarioFiles(chart)) add(chart, parse(readFileSync(join(CHARTS, chart, 'ci', f), 'utf8')) ?? {});
    }
    for (const u of set.umbrellas) for (const d of u.dependencies) add(d.chart.name, { ...d.given, global: u.global });
    expect(n).toBeGreaterThan(10);
    const r = await tsc(dir, lines.join('\n'));
    expect(r.output).toBe('');
    expect(r.exitCode).toBe(0);
  });

  it('refuse values the schema refuses (wrong type, unknown key, bad enum)', async () => {
    const dir = workdir();
    const source = [
      importOf(dir, 'appgear'),
      `export const a: AppgearValues = { postgres: { persistence: { size: 200 } } };`,
      `export const b: AppgearValues = { redis: { persistance: {} } };`,
      `export const c: AppgearValues = { global: { topology: 'C' } };`,
    ].join('\n');
    const r = await tsc(dir, source);
    expect(r.exitCode).not.toBe(0);
    expect(r.output).toMatch(/check\.ts\(2,.*number.*not assignable to type 'string'/);
    expect(r.output).toMatch(/check\.ts\(3,.*'persistance' does not exist/);
    expect(r.output).toMatch(/check\.ts\(4,.*"C".*not assignable/);
  });

  it('exist for every chart', () => {
    for (const chart of chartNames()) expect(readdirSync(join(CHARTS, chart))).toContain('values.d.ts');
  });
});

describe('types cache', () => {
  it('reuses a previous file only when neither the schema nor the body changed', async () => {
    const { emitTypes, emitTypesCached } = await import('../../generator/schema/emitTypes.ts');
    const schema = JSON.parse(readFileSync(join(CHARTS, 'core-redis', 'values.schema.json'), 'utf8'));
    const dir = workdir();
    const file = join(dir, 'values.d.ts');
    const fresh = await emitTypes(schema, 'CoreRedisValues');
    writeFileSync(file, fresh);
    expect(await emitTypesCached(schema, 'CoreRedisValues', file)).toBe(fresh);
    writeFileSync(file, `${fresh}export type HandEdit = 1;\n`);
    expect(await emitTypesCached(schema, 'CoreRedisValues', file)).toBe(fresh);
    const changed = { ...schema, properties: { ...schema.properties, extra: { type: 'string' } } };
    writeFileSync(file, fresh);
    expect(await emitTypesCached(changed, 'CoreRedisValues', file)).toContain('extra?: string');
  });
});
