// Kubernetes kinds that live outside namespaces, with their API group: what an AppProject's
// clusterResourceWhitelist names. A chart's cluster-scoped kinds are read from its templates with this table.
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export interface GroupKind { group: string; kind: string }

export const CLUSTER_SCOPED: Record<string, string> = {
  Namespace: '',
  PersistentVolume: '',
  StorageClass: 'storage.k8s.io',
  CSIDriver: 'storage.k8s.io',
  VolumeSnapshotClass: 'snapshot.storage.k8s.io',
  ClusterRole: 'rbac.authorization.k8s.io',
  ClusterRoleBinding: 'rbac.authorization.k8s.io',
  CustomResourceDefinition: 'apiextensions.k8s.io',
  PriorityClass: 'scheduling.k8s.io',
  IngressClass: 'networking.k8s.io',
  ValidatingWebhookConfiguration: 'admissionregistration.k8s.io',
  MutatingWebhookConfiguration: 'admissionregistration.k8s.io',
  ClusterSecretStore: 'external-secrets.io',
  ClusterIssuer: 'cert-manager.io',
};

const cache = new Map<string, GroupKind[]>();

/** The cluster-scoped kinds a templates folder renders (its `kind:` lines), sorted. */
export function clusterScopedKinds(templatesDir: URL): GroupKind[] {
  const key = templatesDir.href;
  if (!cache.has(key)) {
    const kinds = new Set<string>();
    for (const f of readdirSync(fileURLToPath(templatesDir)).filter((n) => n.endsWith('.hbs'))) {
      const source = readFileSync(new URL(f, templatesDir), 'utf8');
      for (const m of source.matchAll(/^kind:\s*([A-Za-z]+)\s*$/gm)) if (m[1]! in CLUSTER_SCOPED) kinds.add(m[1]!);
    }
    cache.set(key, [...kinds].sort().map((kind) => ({ group: CLUSTER_SCOPED[kind]!, kind })));
  }
  return cache.get(key)!;
}

/** Unique by group and kind, sorted by kind then group. */
export function uniqueKinds(list: GroupKind[]): GroupKind[] {
  const m = new Map(list.map((g) => [`${g.kind}\0${g.group}`, g]));
  return [...m.keys()].sort().map((k) => m.get(k)!);
}

