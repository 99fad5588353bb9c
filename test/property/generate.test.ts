// Property tests of generation: (a) random valid platforms generate and every chart passes
// `helm lint --strict`; (b) a random single change of one value of a valid platform is either refused with
// a ValuesError naming the file and a value path for every problem, or generates charts that lint.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolvePlatform } from '../../generator/parse/resolvePlatform.ts';
import { moduleSource, type PlatformData } from '../corpus/platform.ts';
import { helms } from '../helpers/helm.ts';
import { SEED, replacements, validPlatform } from './arbitraries.ts';
import { FILE, type Keys, Linter, dotted, generateInProcess, leafPaths, setAt, toPlatform } from './pipeline.ts';

const PLATFORMS = 12;
const MUTATIONS = { types: 80, strings: 150, numbers: 60 };

const [helm3, helm4] = helms();
const linters = { both: new Linter([helm4!, helm3!]), helm4: new Linter([helm4!]) };
const typesCwd = mkdtempSync(join(tmpdir(), 'appgear-property-types-'));
const counts = { platforms: 0, refused: 0, accepted: 0 };

afterAll(() => {
  const mutations = counts.refused + counts.accepted;
  console.log(`property: seed ${SEED} (PROPERTY_SEED reproduces); ${counts.platforms} random platforms linted with Helm 3 and 4 and rendered `
    + `(${linters.both.helmRuns} helm runs, ${linters.both.skipped} charts already linted with the same content); ${mutations} mutations: `
    + `${counts.refused} refused with a path, ${counts.accepted} accepted, linted and rendered with Helm 4`);
  Object.values(linters).forEach((l) => l.dispose());
  rmSync(typesCwd, { recursive: true, force: true });
});

const reproduce = (p: PlatformData) => `\n--- values module ---\n${moduleSource(p)}`;

describe('(a) random valid platforms', () => {
  it(`generate, and every chart passes helm lint --strict (${PLATFORMS} platforms, seed ${SEED})`, async () => {
    await fc.assert(
      fc.asyncProperty(validPlatform, async (p) => {
        const out = await generateInProcess(p, typesCwd);
        expect('refused' in out ? out.refused : [], reproduce(p)).toEqual([]);
        if ('files' in out) expect(await linters.both.lint(out), reproduce(p)).toEqual([]);
        counts.platforms++;
      }),
      { seed: SEED, numRuns: PLATFORMS, endOnFailure: true },
    );
  });
});

/** Every value of a valid platform one may change: each instance's resolved values, global, overlays, identity. */
function targets(p: PlatformData): Keys[] {
  const resolved = resolvePlatform(FILE, toPlatform(p));
  return [
    ['name'], ['version'], ['description'],
    ...leafPaths(resolved.global).map((k) => ['global', ...k]),
    ...resolved.instances.flatMap((i) => {
      const { global: _, enabled: __, ...own } = i.resolved;
      return leafPaths(own).map((k) => ['components', i.key, ...k]);
    }),
    ...leafPaths(p.environments).filter((k) => k.length).map((k) => ['environments', ...k]),
  ];
}

function mutate(p: PlatformData, at: Keys, value: unknown): PlatformData {
  const m = structuredClone(p);
  const [head, ...rest] = at;
  if (head === 'components') setAt(m.components[rest[0] as string]!.values, rest.slice(1), value);
  else if (head === 'global' || head === 'environments') setAt(m[head], rest, value);
  else (m as unknown as Record<string, unknown>)[head as string] = value;
  return m;
}

describe('(b) one value of a valid platform changed', () => {
  // A few random valid platforms whose charts lint, each mutated many times (their dependencies are built once).
  const pool: PlatformData[] = [];
  beforeAll(async () => {
    for (const p of fc.sample(validPlatform, { numRuns: 24, seed: SEED + 1 })) {
      const out = await generateInProcess(p, typesCwd);
      if ('files' in out && (await linters.helm4.lint(out)).length === 0) pool.push(p);
      if (pool.length === 4) break;
    }
  });

  it('has valid platforms whose charts lint to start from', () => {
    expect(pool.length, 'none of 24 random valid platforms generated charts that lint: see (a)').toBeGreaterThan(0);
  });

  it.each(Object.entries(MUTATIONS))('to %s (%i runs): refused with file and path, or charts that lint', async (kind, numRuns) => {
    const mutation = fc.constantFrom(...pool).chain((p) => fc.record({
      platform: fc.constant(p),
      at: fc.constantFrom(...targets(p)),
      value: replacements[kind as keyof typeof replacements],
    }));
    await fc.assert(
      fc.asyncProperty(mutation, async ({ platform, at, value }) => {
        const changed = mutate(platform, at, value);
        const why = `${dotted(at)} = ${fc.stringify(value)}${reproduce(changed)}`;
        const out = await generateInProcess(changed, typesCwd); // any exception but ValuesError fails the property
        if ('refused' in out) {
          expect(out.refused.length, why).toBeGreaterThan(0);
          for (const problem of out.refused) {
            expect(problem.file, why).toBe(FILE);
            expect(problem.path, `a problem without a value path: ${problem.message}\n${why}`).not.toBe('');
          }
          counts.refused++;
          return;
        }
        expect(await linters.helm4.lint(out), why).toEqual([]);
        counts.accepted++;
      }),
      { seed: SEED, numRuns, endOnFailure: true },
    );
  });
});
