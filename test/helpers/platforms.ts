// Example platforms changed for a test, and the Helm switches their delivery implies.
import type { Platform } from '../../generator/dsl/platform.ts';
import { resolvePlatform } from '../../generator/parse/resolvePlatform.ts';

type Overlay = Record<string, Record<string, unknown>>;

/** `platform` with more changes in environment `env`, component by component, merged over the ones it has. */
export function withEnvironmentChanges(platform: Platform, env: string, changes: Overlay): Platform {
  const overlay = platform.environments[env] ?? {};
  const components = { ...(overlay.components as Overlay | undefined) };
  for (const [k, v] of Object.entries(changes)) components[k] = { ...(components[k] ?? {}), ...v };
  return { ...platform, environments: { ...platform.environments, [env]: { ...overlay, components } } } as Platform;
}

/**
 * `--set <key>.enabled=false` for the instances the other delivery modules install: the umbrella as Argo CD
 * installs the module that holds `instance`.
 */
export function otherModulesOff(file: string, platform: Platform, instance: string): string[] {
  const delivery = resolvePlatform(file, platform).delivery!;
  return delivery.modules.filter((m) => !m.instances.includes(instance)).flatMap((m) => m.instances).flatMap((k) => ['--set', `${k}.enabled=false`]);
}
