// `appgear-charts lint`: helm lint --strict of every generated chart, with its defaults and each scenario,
// on a scratch copy with the dependencies built (the output folder is only read).
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { findHelm, runHelm } from '../tools/helm.ts';

export async function lintCommand(out: string, flags: { quiet: boolean }): Promise<number> {
  const from = resolve(out);
  if (!existsSync(from)) {
    console.error(`appgear-charts: cannot lint ${out}: no such folder (run \`appgear-charts generate\` first)`);
    return 2;
  }
  const helm = await findHelm();
  const dir = mkdtempSync(join(tmpdir(), 'appgear-lint-'));
  try {
    cpSync(from, dir, { recursive: true });
    const charts = readdirSync(dir).filter((c) => existsSync(join(dir, c, 'Chart.yaml'))).sort();
    const chartYaml = (c: string) => readFileSync(join(dir, c, 'Chart.yaml'), 'utf8');
    // Sub-charts first: an umbrella packages them with their own dependencies.
    const order = [...charts.filter((c) => !/^\s+alias:/m.test(chartYaml(c))), ...charts.filter((c) => /^\s+alias:/m.test(chartYaml(c)))];
    let failed = 0;
    let runs = 0;
    for (const chart of order) {
      if (/^dependencies:/m.test(chartYaml(chart))) {
        const built = await runHelm(helm, ['dependency', 'build', join(dir, chart)]);
        if (built.exitCode !== 0) {
          console.error(`appgear-charts: helm dependency build ${chart} failed: ${built.stderr.trim().split('\n')[0]}`);
          return 2;
        }
      }
      const ci = join(dir, chart, 'ci');
      const scenarios = existsSync(ci) ? readdirSync(ci).filter((f) => f.endsWith('-values.yaml')).sort() : [];
      for (const values of [undefined, ...scenarios]) {
        const r = await runHelm(helm, ['lint', '--strict', join(dir, chart), ...(values ? ['--values', join(ci, values)] : [])]);
        runs++;
        const label = `${chart}${values ? ` (${values})` : ''}`;
        if (r.exitCode !== 0) {
          failed++;
          console.error(`appgear-charts: helm lint --strict ${label} failed:\n${(r.stdout + r.stderr).trim()}`);
        } else if (!flags.quiet) console.log(`  ok  ${label}`);
      }
    }
    console.log(`Linted ${charts.length} charts in ${runs} runs with Helm ${helm.version}: ${failed ? `${failed} failed` : 'all passed'}`);
    return failed ? 1 : 0;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
