// Bad platform modules are refused by the generator with file, value path, expected and found.
import { describe, expect, it } from 'vitest';
import { definePlatform, postgres, qdrant, redis } from '../../generator/index.ts';
import { ValuesError } from '../../generator/parse/formatIssues.ts';
import { resolvePlatform } from '../../generator/parse/resolvePlatform.ts';
import { buildChartSet } from '../../generator/model/buildChartSet.ts';

const FILE = 'values-src/broken.ts';
const base = { name: 'appgear', version: '0.1.0', description: 'test platform' };

function problemsOf(spec: unknown): string[] {
  try {
    const resolved = resolvePlatform(FILE, definePlatform(spec as never));
    buildChartSet([resolved]);
  } catch (err) {
    if (err instanceof ValuesError) return err.message.split('\n');
    throw err;
  }
  return [];
}

const cases: { what: string; spec: unknown; expect: RegExp }[] = [
  { what: 'malformed storage size', spec: { ...base, components: { postgres: postgres({ persistence: { size: '200GB' } }) } },
    expect: /^values-src\/broken\.ts: components\.postgres\.persistence\.size: expected a storage size above zero with a unit, such as "20Gi" or "500Mi", found "200GB"$/ },
  { what: 'wrong type', spec: { ...base, components: { redis: redis({ persistence: { enabled: 'yes' as never } }) } },
    expect: /components\.redis\.persistence\.enabled: expected boolean, found "yes"$/ },
  { what: 'unknown key', spec: { ...base, components: { qdrant: qdrant({ persistance: {} } as never) } },
    expect: /components\.qdrant\.persistance: expected one of the keys of components\.qdrant \(see its chart's values\), found the unknown key "persistance"; check the spelling$/ },
  { what: '"latest" tag', spec: { ...base, components: { postgres: postgres({ image: { tag: 'latest' } }) } },
    expect: /components\.postgres\.image\.tag: expected a pinned image tag: .*never "latest", found "latest"/ },
  { what: 'bad enum', spec: { ...base, components: { redis: redis({ aof: { fsync: 'sometimes' as never } }) } },
    expect: /components\.redis\.aof\.fsync: expected one of "always", "everysec", "no", found "sometimes"$/ },
  { what: 'inline password', spec: { ...base, components: { postgres: postgres({ credentials: { password: 'hunter2' } } as never) } },
    expect: /components\.postgres\.credentials\.password: expected one of the keys of components\.postgres\.credentials .*found the unknown key "password"/ },
  { what: 'bad global topology', spec: { ...base, global: { topology: 'C' as never }, components: {} },
    expect: /^values-src\/broken\.ts: global\.topology: expected one of "A", "B", found "C"$/ },
  { what: 'tenant id not a label value', spec: { ...base, global: { tenantId: 'Global Tenant' }, components: {} },
    expect: /global\.tenantId: expected a label value: .*, found "Global Tenant"$/ },
  { what: 'chart version not SemVer', spec: { ...base, version: '1.0', components: {} },
    expect: /: version: expected a SemVer 2 version like "0\.1\.0", found "1\.0"$/ },
  { what: 'requests above limits (cross-field check)', spec: { ...base, components: { postgres: postgres({ resources: { requests: { memory: '8Gi' } } }) } },
    expect: /components\.postgres\.resources\.requests\.memory: the memory request "8Gi" is above the limit "4Gi"; expected a request no higher than its limit$/ },
  { what: 'ExternalSecret without the capability (cross-field rule)', spec: { ...base, components: { postgres: postgres({ credentials: { externalSecret: { enabled: true } } }) } },
    expect: /components\.postgres\.credentials\.externalSecret\.enabled: .*expected global\.capabilities\.externalSecrets to be true, found false/ },
  { what: 'component key with capitals', spec: { ...base, components: { analyticsDb: postgres() } },
    expect: /components\.analyticsDb: expected a key like "db"/ },
  { what: 'component key with a dash', spec: { ...base, components: { 'my-db': postgres() } },
    expect: /components\.my-db: expected a key like "db"/ },
  { what: 'not a component instance', spec: { ...base, components: { postgres: { size: '1Gi' } } },
    expect: /components\.postgres: expected a component instance/ },
  { what: 'global inside a component', spec: { ...base, components: { redis: redis({ global: { tenantId: 'x' } } as never) } },
    expect: /components\.redis\.global: global settings belong in the platform's global block/ },
  { what: 'malformed quantity in an array item', spec: { ...base, components: { qdrant: qdrant({ networkPolicy: { allowedNamespaces: ['ok', 'Not OK'] } }) } },
    expect: /components\.qdrant\.networkPolicy\.allowedNamespaces\[1\]: expected a DNS label: lowercase letters/ },
  { what: 'bad value in an environment', spec: { ...base, components: { postgres: postgres() }, environments: { staging: { components: { postgres: { persistence: { size: '10GB' } } } } } },
    expect: /^values-src\/broken\.ts: environments\.staging\.components\.postgres\.persistence\.size: expected a storage size above zero with a unit, such as "20Gi" or "500Mi", found "10GB"$/ },
  { what: 'environment changing a component the platform lacks', spec: { ...base, components: { postgres: postgres() }, environments: { staging: { components: { mysql: {} } } } },
    expect: /environments\.staging\.components\.mysql: expected one of the platform's components \(postgres\), found "mysql"$/ },
  { what: 'environment name with capitals', spec: { ...base, components: {}, environments: { Staging: {} } },
    expect: /environments\.Staging: expected an environment name like "staging"/ },
  { what: 'environment switch not a boolean', spec: { ...base, components: { redis: redis() }, environments: { dev: { components: { redis: { enabled: 'no' } } } } },
    expect: /environments\.dev\.components\.redis\.enabled: expected true or false, found "no"$/ },
  { what: 'environment breaking a cross-field rule', spec: {
    ...base,
    global: { capabilities: { externalSecrets: true } },
    components: { postgres: postgres({ credentials: { externalSecret: { enabled: true } } }) },
    environments: { dev: { global: { capabilities: { externalSecrets: false } } } },
  }, expect: /environments\.dev\.components\.postgres\.credentials\.externalSecret\.enabled: .*expected global\.capabilities\.externalSecrets to be true, found false/ },
  { what: 'environment breaking a cross-field check', spec: { ...base, components: { postgres: postgres() }, environments: { dev: { components: { postgres: { resources: { requests: { memory: '8Gi' } } } } } } },
    expect: /environments\.dev\.components\.postgres\.resources\.requests\.memory: the memory request "8Gi" is above the limit "4Gi"/ },
];

describe('values-src validation', () => {
  it('covers at least 10 kinds of bad input', () => expect(cases.length).toBeGreaterThanOrEqual(10));

  it('accepts a valid platform', () => {
    expect(problemsOf({ ...base, components: { postgres: postgres(), redis: redis(), qdrant: qdrant() } })).toEqual([]);
  });

  it.each(cases)('$what', ({ spec, expect: pattern }) => {
    const problems = problemsOf(spec);
    expect(problems.length, 'expected the platform to be refused').toBeGreaterThan(0);
    expect(problems.some((p) => pattern.test(p)), problems.join('\n')).toBe(true);
  });

  it('reports a base problem once, not again for every environment', () => {
    const problems = problemsOf({
      ...base,
      components: { postgres: postgres({ resources: { requests: { memory: '8Gi' } } }) },
      environments: { dev: {}, qa: {} },
    });
    const reported = problems.filter((p) => p.includes('the memory request "8Gi" is above the limit "4Gi"'));
    expect(reported).toHaveLength(1);
    expect(reported[0]).toMatch(/^values-src\/broken\.ts: components\.postgres\.resources\.requests\.memory: /);
  });

  it('reports every problem of a module at once', () => {
    const problems = problemsOf({
      ...base,
      global: { topology: 'Z' as never },
      components: { postgres: postgres({ persistence: { size: 'x' } }), redis: redis({ aof: { fsync: 'never' as never } }) },
    });
    expect(problems.length).toBe(3);
  });
});
