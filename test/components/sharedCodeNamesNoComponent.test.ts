// Shared code never names a component: outside each component's folder (and its one registry line), no code
// holds a component's id or chart name as a string, imports a component's folder, or calls its factory.
// Components reach each other only through declared, typed dependencies.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { components } from '../../generator/components/index.ts';
import { REPO } from '../helpers/helm.ts';

const SHARED = ['generator', 'bin', 'ci'];
const EXTENSIONS = /\.(ts|mjs|tpl|hbs)$/;

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? sources(p) : EXTENSIONS.test(name) ? [p] : [];
  });
}

/** Code without its comments (they may give examples), in every syntax the sources use. */
const code = (text: string) => text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/\{\{-?\s*\/\*[\s\S]*?\*\/\s*-?\}\}/g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1');

const ids = components.map((c) => c.spec.id);
const chartNames = components.map((c) => c.spec.chart.name);
const own = (file: string) => ids.some((id) => file.startsWith(`generator/components/${id}/`)) || file === 'generator/components/registry.ts';

/**
 * The strings that would name a component in a file. ci/ pins upstream projects by their own names (Velero's
 * CRDs and binaries), which may equal a component's id; what a CI script could single out is a chart, by its
 * name, so there only chart names count.
 */
const namesIn = (file: string) => (file.startsWith('ci/') ? chartNames : [...ids, ...chartNames]);

function findNames(file: string, text: string): string[] {
  const hits: string[] = [];
  const body = code(text);
  for (const n of namesIn(file)) {
    if (new RegExp(`(['"\`])${n}\\1`).test(body)) hits.push(`${file}: the string "${n}"`);
  }
  for (const id of ids) {
    if (new RegExp(`components/${id}/`).test(body)) hits.push(`${file}: imports components/${id}/`);
    if (new RegExp(`\\b${id}\\(`).test(body)) hits.push(`${file}: calls ${id}(`);
  }
  return hits;
}

describe('shared code', () => {
  const files = SHARED.flatMap((d) => sources(join(REPO, d))).map((f) => relative(REPO, f)).filter((f) => !own(f));

  it('is what this check reads', () => {
    expect(files.length).toBeGreaterThan(40);
    expect(files).toContain('generator/render/renderSubchart.ts');
    expect(files).toContain('ci/cluster/e2e-kind.mjs');
  });

  it('names no component (ids and chart names), imports none, calls none', () => {
    const hits = files.flatMap((f) => findNames(f, readFileSync(join(REPO, f), 'utf8')));
    expect(hits).toEqual([]);
  });

  it('would notice a component named in shared code', () => {
    expect(findNames('x.ts', "const n = 'postgres';")).toEqual(['x.ts: the string "postgres"']);
    expect(findNames('x.ts', "if (chart === 'core-ceph') skip();")).toEqual(['x.ts: the string "core-ceph"']);
    expect(findNames('x.ts', "import { redis } from '../components/redis/index.ts';")).toEqual(['x.ts: imports components/redis/']);
    expect(findNames('x.ts', '// e.g. "postgres"\nconst a = 1;')).toEqual([]);
    expect(findNames('ci/x.mjs', "if (chart === 'core-ceph') skip();")).toEqual(['ci/x.mjs: the string "core-ceph"']);
    expect(findNames('ci/x.mjs', "import { redis } from '../generator/components/redis/index.ts';")).toEqual(['ci/x.mjs: imports components/redis/']);
  });
});
