// `appgear-charts environments`: print, per platform, the values each environment changes, then what each
// namespace's quota holds in each environment. Validation only: it renders no chart and needs no version bump.
import type { GenerateOptions } from '../generate.ts';

export async function environmentsCommand(opts: GenerateOptions): Promise<number> {
  const { resolveAll } = await import('../generate.ts');
  const { buildChartSet } = await import('../model/buildChartSet.ts');
  const { quotaReport } = await import('../policy/checkQuotas.ts');
  const { environmentTable, environmentTableMarkdown } = await import('../render/renderEnvironments.ts');
  const { platforms, exceptions } = await resolveAll(opts);
  const set = buildChartSet(platforms, { exceptions });
  for (const u of set.umbrellas) {
    const names = u.environments.map((e) => e.name);
    console.log(`${u.name} ${u.version} (${u.sourceFile}): ${names.length ? `environments ${names.join(', ')}` : 'no environments'}`);
    if (names.length) console.log(`${environmentTableMarkdown(environmentTable(u))}\n`);
    const quotas = quotaReport(platforms.find((p) => p.name === u.name)!);
    if (quotas.length) {
      console.log('| Environment | Namespace | Quota: used of hard |\n|---|---|---|');
      for (const q of quotas) console.log(`| ${q.environment || 'values.yaml'} | ${q.namespace} | ${q.usage.map((x) => `${x.key} ${x.shown}`).join(', ')} |`);
      console.log('');
    }
  }
  return 0;
}
