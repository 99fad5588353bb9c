// The library chart every generated chart depends on: the helpers (names, labels, images, security, pods,
// storage, secrets), the shared objects (Service, PDB, NetworkPolicy, ServiceAccount, ExternalSecret,
// ScaledObject) and the install-time rule helpers. Written once, published and versioned like the others.
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const LIBRARY = {
  name: 'appgear-common',
  /** Bump on every change of the library's templates (the generator refuses a changed chart without a bump). */
  version: '0.1.3',
  description: 'Helpers and shared objects of the AppGear charts (a Helm library chart): names, labels, images, security contexts, pods, storage, secrets, Service, PodDisruptionBudget, NetworkPolicy, ServiceAccount, ExternalSecret, ScaledObject and the install-time value rules.',
  home: 'https://appgear.io',
  keywords: ['appgear', 'library', 'helpers'],
  maintainers: [{ name: 'AppGear Platform Team', email: 'platform@appgear.io' }],
} as const;

const TEMPLATES = new URL('./templates/', import.meta.url);

/** The library's hand-written template files (`_*.tpl`), by name. */
export function libraryTemplates(): [string, string][] {
  return readdirSync(fileURLToPath(TEMPLATES))
    .filter((f) => f.startsWith('_') && f.endsWith('.tpl'))
    .sort()
    .map((f) => [f, readFileSync(new URL(f, TEMPLATES), 'utf8')]);
}
