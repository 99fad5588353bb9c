// `appgear-charts generate [--check]`: validate, render and publish the charts (or compare them with the disk).
import type { GenerateOptions, GenerateResult } from '../generate.ts';
import { showPath } from '../write/outputPaths.ts';
import type { WriteReport } from '../write/writeFiles.ts';

function summary(r: GenerateResult, ms: number, verb: string, written?: WriteReport, cwd = process.cwd()): string {
  const subs = r.set.subcharts.length;
  const ums = r.set.umbrellas.length;
  const boots = r.set.bootstraps.length;
  const lines = [
    `${verb} ${subs + ums + boots + 1} charts (${ums} umbrella${ums === 1 ? '' : 's'}, ${subs} sub-chart${subs === 1 ? '' : 's'}, ${boots ? `${boots} bootstrap${boots === 1 ? '' : 's'}, ` : ''}1 library), ${r.objects} object templates, ${r.files.size} files, ${(r.bytes / 1024).toFixed(1)} KiB in ${ms.toFixed(0)} ms`,
    ...r.set.umbrellas.map((u) => `  ${u.name} ${u.version}: ${u.dependencies.map((d) => `${d.key} (${d.chart.name} ${d.chart.version})`).join(', ')}; library ${u.library.name} ${u.library.version}`),
    ...r.set.bootstraps.map((b) => `  ${b.name} ${b.version}: Argo CD AppProjects and ApplicationSets for ${b.delivery.environments.map((e) => `${e.name} (${e.generator.kind})`).join(', ')}; modules ${b.delivery.modules.map((m) => m.name).join(', ')}${suitesOf(b.defaults)}`),
    ...r.set.exceptions.map((e) => `  policy exception: ${e}`),
    ...(written ? [`  ${showPath(cwd, written.out, true)}: ${written.written} files written, ${written.removed} removed, ${written.unchanged} unchanged`] : []),
  ];
  return lines.join('\n');
}

export async function generateCommand(opts: GenerateOptions, flags: { check: boolean; quiet: boolean }): Promise<number> {
  // Loaded only for real work, so --help and usage errors answer at once.
  const { check, generate } = await import('../generate.ts');
  const t0 = performance.now();
  if (!flags.check) {
    const r = await generate(opts);
    if (!flags.quiet) console.log(summary(r, performance.now() - t0, 'Generated', r.written));
    return 0;
  }
  const r = await check(opts);
  const { changed, added, removed, conflicts, leftAlone, interrupted } = r.drift;
  if (interrupted) console.error(`appgear-charts: note: ${interrupted}`);
  const alone = leftAlone.length && !flags.quiet ? [`Not generated, left alone (${leftAlone.length}):`, ...leftAlone.map((f) => `  ${f}`)] : [];
  const total = changed.length + added.length + removed.length + conflicts.length;
  if (total === 0) {
    if (!flags.quiet) console.log([summary(r, performance.now() - t0, 'Up to date:'), ...alone].join('\n'));
    return 0;
  }
  console.error(`appgear-charts: ${total} generated files differ from what values-src/ and generator/ produce:`);
  for (const f of changed) console.error(`  changed  ${f}`);
  for (const f of added) console.error(`  missing  ${f}`);
  for (const f of removed) console.error(`  extra    ${f}`);
  for (const f of conflicts) console.error(`  not ours ${f} (a file the generator did not write is in the way; generate refuses it without --force)`);
  console.error('Run `npm run generate` and commit the result (generated files are never edited by hand).');
  if (alone.length) console.log(alone.join('\n'));
  return 1;
}

/** ", suite factory (factory 0.1.0) for 2 workspaces" of a bootstrap's values; "" without suites. */
function suitesOf(values: Record<string, unknown>): string {
  const suites = Object.entries((values.suites ?? {}) as Record<string, { chart: string; version: string }>);
  if (suites.length === 0) return '';
  const workspaces = ((values.workspaces ?? []) as unknown[]).length;
  return `; ${suites.map(([k, s]) => `suite ${k} (${s.chart} ${s.version})`).join(', ')} for ${workspaces} workspace${workspaces === 1 ? '' : 's'}`;
}
