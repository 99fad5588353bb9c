// A component test's fixture platform: its problems as the generator reports them, and its chart set written
// to a temporary folder the way `generate` writes it (after the policy stage, which must find nothing).
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { expect } from 'vitest';
import type { Platform } from '../../generator/dsl/platform.ts';
import { buildChartSet } from '../../generator/model/buildChartSet.ts';
import { ValuesError } from '../../generator/parse/formatIssues.ts';
import { resolvePlatform } from '../../generator/parse/resolvePlatform.ts';
import { checkPlatforms } from '../../generator/policy/checkPolicies.ts';
import { renderChartSet } from '../../generator/render/renderChartSet.ts';

/** "<path>: <message>" for each problem the generator finds in the platform module `file`; [] when it is valid. */
export function problemsOf(file: string, platform: Platform): string[] {
  try {
    resolvePlatform(file, platform);
  } catch (err) {
    if (err instanceof ValuesError) return err.problems.map((p) => `${p.path}: ${p.message}`);
    throw err;
  }
  return [];
}

/** The platform's charts written into a new temporary folder (named after `prefix`); returns the folder. */
export async function generateFixture(file: string, platform: Platform, prefix: string): Promise<string> {
  const out = mkdtempSync(join(tmpdir(), `appgear-${prefix}-`));
  const resolved = resolvePlatform(file, platform);
  expect(checkPlatforms([resolved]).problems).toEqual([]);
  for (const [path, body] of await renderChartSet(buildChartSet([resolved]), out, out)) {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, body);
  }
  return out;
}
