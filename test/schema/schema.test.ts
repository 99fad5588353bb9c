// The emitted values.schema.json files keep the promises ARCHITECTURE.md makes for them.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { allRules } from '../../generator/dsl/rules.ts';
import '../../generator/components/registry.ts';
import { CHARTS, chartNames, isBootstrap } from '../helpers/helm.ts';

type Node = { [k: string]: unknown };
const schemaOf = (chart: string): Node => JSON.parse(readFileSync(join(CHARTS, chart, 'values.schema.json'), 'utf8'));

function* walk(node: unknown, path = '#'): Generator<[string, Node]> {
  if (!node || typeof node !== 'object') return;
  if (!Array.isArray(node)) yield [path, node as Node];
  for (const [k, v] of Object.entries(node)) yield* walk(v, `${path}/${k}`);
}

describe.each(chartNames())('%s values.schema.json', (chart) => {
  const schema = schemaOf(chart);
  const nodes = [...walk(schema)];

  it('is draft-07 and self-contained (only internal #/definitions refs, each resolving)', () => {
    expect(schema.$schema).toBe('http://json-schema.org/draft-07/schema#');
    for (const [p, n] of nodes.filter(([, n]) => '$ref' in n)) {
      expect(n.$ref, p).toMatch(/^#\/definitions\/[a-z0-9-]+$/);
      expect((schema.definitions as Node)[(n.$ref as string).split('/')[2]!], p).toBeTruthy();
    }
  });

  it('checks each value once: the umbrella leaves an instance\'s values to its sub-chart\'s own schema', () => {
    const text = readFileSync(join(CHARTS, chart, 'values.schema.json'), 'utf8');
    expect(text.length).toBeLessThan(5 * 1024 * 1024);
    if (chart !== 'appgear') return;
    expect(schema.definitions).toBeUndefined();
    expect(schema.additionalProperties).toBe(false);
    // Helm adds the library's key to the values too: allowed, described, never checked further.
    expect((schema.properties as Record<string, Node>)['appgear-common']).toMatchObject({ type: 'object' });
    const instances = Object.entries(schema.properties as Record<string, Node>).filter(([k]) => k !== 'global' && k !== 'appgear-common');
    // One per instance of the reference platform, under the chart its component writes.
    const deps = (parse(readFileSync(join(CHARTS, chart, 'Chart.yaml'), 'utf8')) as { dependencies: { name: string; alias?: string }[] }).dependencies
      .filter((d) => d.alias);
    expect(instances.map(([k]) => k).sort()).toEqual(deps.map((d) => d.alias!).sort());
    expect(instances.length).toBe(9);
    for (const [key, node] of instances) {
      expect(Object.keys(node.properties as Node), key).toEqual(['enabled']);
      const sub = deps.find((d) => d.alias === key)!.name;
      expect(node.description, key).toBe(`Values of the ${sub} chart, checked by that chart's values.schema.json`);
    }
  });

  it('prints no regular expression: string rules are named by format (checked by the guard), never a pattern', () => {
    const known = new Set([...allRules().map((r) => r.id), 'regex']);
    const formats = nodes.filter(([, n]) => typeof n.format === 'string').map(([p, n]) => [p, n.format as string]);
    expect(nodes.filter(([, n]) => 'pattern' in n || 'patternProperties' in n).map(([p]) => p)).toEqual([]);
    expect(formats.length).toBeGreaterThan(chart === 'appgear' ? 3 : 5);
    for (const [p, f] of formats) expect(known.has(f!), `${p}: ${f}`).toBe(true);
  });

  it('closes the chart\'s own objects, keeps free-form maps open', () => {
    expect(schema.additionalProperties).toBe(false);
    // The umbrella's instance entries stay open: the sub-chart's own schema closes them.
    const instance = chart === 'appgear' ? /^#\/properties\/(?!global$)[a-z0-9]+$/ : /^$/;
    for (const [p, n] of nodes) {
      // Closed, unless the object declares what its other keys hold (postgresql.conf: any parameter).
      const declaredCatchAll = typeof n.additionalProperties === 'object' && n.additionalProperties !== null;
      if (n.type === 'object' && n.properties && !/\/global$/.test(p) && !instance.test(p) && !declaredCatchAll) expect(n.additionalProperties, p).toBe(false);
    }
  });

  it('allows global (and enabled in sub-charts)', () => {
    const props = schema.properties as Node;
    expect(props.global).toBeTruthy();
    if (isBootstrap(chart)) {
      // Always the root of its release: it checks global itself, in full, and is nobody's dependency.
      expect((props.global as Node).additionalProperties).toBe(false);
      expect(props.enabled).toBeUndefined();
    } else if (chart !== 'appgear') {
      expect((props.enabled as Node).type).toBe('boolean');
      // A sub-chart's schema leaves global to the root of the release (the umbrella's schema, or its own
      // guard when installed alone), so a mistake in global is reported once.
      expect(props.global).toEqual({ type: 'object', description: expect.stringContaining('templates/validate/values.yaml') });
    }
  });

  it('requires every key values.yaml gives a default, so `--set key=null` (Helm deletes the default) is refused', () => {
    const defaults = parse(readFileSync(join(CHARTS, chart, 'values.yaml'), 'utf8')) as Record<string, unknown>;
    const required = new Set((schema.required as string[] | undefined) ?? []);
    for (const key of Object.keys(defaults)) {
      // global belongs to the root of the release; an umbrella's instance keys switch sub-charts on and off.
      if (key === 'global' || (chart === 'appgear' && key !== 'global')) continue;
      expect(required.has(key), `${key} has a default and is not required`).toBe(true);
    }
    // Nested too: every object with defaulted keys lists them.
    const nested = nodes.filter(([p, n]) => p !== '#' && n.type === 'object' && n.properties && Array.isArray(n.required));
    expect(nested.length).toBeGreaterThan(chart === 'appgear' ? 1 : 3);
  });

  it('keeps enums', () => {
    // Every chart with a Service has its type as an enum; the umbrella has global.topology, the bootstrap source.kind.
    const hasEnum = nodes.some(([, n]) => Array.isArray(n.enum));
    expect(hasEnum).toBe(true);
  });
});
