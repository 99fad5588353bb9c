// `appgear-charts environments`: print, per platform, the values each environment changes. Validation only:
// it renders no chart and needs no version bump.
import type { GenerateOptions } from '../generate.ts';

export async function environmentsCommand(opts: GenerateOptions): Promise<number> {
  const { buildAll } = await import('../generate.ts');
  const { environmentTable, environmentTableMarkdown } = await import('../render/renderEnvironments.ts');
  const set = await buildAll(opts);
  for (const u of set.umbrellas) {
    const names = u.environments.map((e) => e.name);
    console.log(`${u.name} ${u.version} (${u.sourceFile}): ${names.length ? `environments ${names.join(', ')}` : 'no environments'}`);
    if (names.length) console.log(`${environmentTableMarkdown(environmentTable(u))}\n`);
  }
  return 0;
}
