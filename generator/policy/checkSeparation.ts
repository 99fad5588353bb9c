// Environments of a platform share nothing that identifies them: no two environments may serve the same host, read
// the same secret from the store (an ExternalSecret's store and remote key: the Vault path), or, when both install
// the same instance into the same namespace, name the same Secret. Staging reading production's database password
// or answering production's host is refused at generation time, with both places named.
import type { ValueProblem } from '../parse/formatIssues.ts';
import { placement } from '../parse/resolveDelivery.ts';
import { get, type ResolvedInstance, type ResolvedPlatform } from '../parse/resolvePlatform.ts';

/** Something an environment uses that no other environment may use. */
interface Claim { what: string; value: string; path: string; namespace?: string }

const on = (values: unknown, path: string | undefined) => path === undefined || get(values, path) === true;

/** The hosts and secrets one environment's instances use, with their value paths. */
function claimsOf(prefix: string, instances: ResolvedInstance[], namespaceOf: (key: string) => string | undefined): Claim[] {
  const out: Claim[] = [];
  for (const inst of instances.filter((i) => i.enabled)) {
    const caps = inst.component.spec.capabilities;
    const where = `${prefix}.${inst.key}`;
    for (const h of caps.hosts ?? []) {
      const host = get(inst.resolved, h.path);
      if (on(inst.resolved, h.enabledBy) && typeof host === 'string' && host) out.push({ what: 'host', value: host, path: `${where}.${h.path}` });
    }
    for (const s of caps.secrets) {
      if (!on(inst.resolved, s.enabledBy)) continue;
      const ref = get(inst.resolved, s.path) as { secretName?: string; externalSecret?: { enabled?: boolean; storeKind?: string; storeName?: string; remoteKey?: string } } | undefined;
      const ext = ref?.externalSecret;
      if (ext?.enabled && ext.remoteKey) {
        out.push({ what: 'secret path', value: `${ext.storeKind}/${ext.storeName}: ${ext.remoteKey}`, path: `${where}.${s.path}.externalSecret.remoteKey` });
      }
      const namespace = namespaceOf(inst.key);
      if (ref?.secretName && namespace) out.push({ what: 'Secret', value: ref.secretName, path: `${where}.${s.path}.secretName`, namespace });
    }
  }
  return out;
}

export function checkSeparation(p: ResolvedPlatform): ValueProblem[] {
  const problems: ValueProblem[] = [];
  const seen = new Map<string, { env: string; claim: Claim }>();
  for (const env of p.environments) {
    // Secret names collide only inside one namespace: known when a delivery module places the instance.
    const namespaceOf = (key: string) => (p.delivery ? placement(p.delivery, key, env.name)?.namespace : undefined);
    for (const claim of claimsOf(`environments.${env.name}.components`, env.instances, namespaceOf)) {
      const id = `${claim.what}\0${claim.namespace ?? ''}\0${claim.value}`;
      const first = seen.get(id);
      if (!first) {
        seen.set(id, { env: env.name, claim });
        continue;
      }
      if (first.env === env.name) continue;
      const inNamespace = claim.namespace ? ` in namespace ${claim.namespace}` : '';
      problems.push({
        file: p.file, path: claim.path,
        message: `expected a ${claim.what} of environment ${env.name} alone, found ${JSON.stringify(claim.value)}${inNamespace}, which environment ${first.env} uses too (${first.claim.path}); give each environment its own`,
      });
    }
  }
  return problems;
}
