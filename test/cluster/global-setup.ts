// Before the cluster suites: remove what a killed earlier run left behind (releases own cluster-scoped
// objects such as StorageClasses, which would make the next install of the same chart fail).
import { helm, kubectl, must, TEST_LABEL } from './harness.ts';

export default async function setup() {
  // The Argo CD test's objects in "argocd" (argocd.test.ts): its release, what the ApplicationSets made, its Secrets.
  await helm(['uninstall', 'bootstrap', '--namespace', 'argocd', '--wait', '--timeout', '120s', '--ignore-not-found']);
  // No Argo CD runs now: the ApplicationSets first (they would make their Applications again), then the
  // Applications without the finalizers only Argo CD removes (a deletion would otherwise wait forever).
  await kubectl(['delete', 'applicationsets.argoproj.io', '-n', 'argocd', '-l', 'app.kubernetes.io/part-of=appgear', '--ignore-not-found']);
  const apps = JSON.parse((await must(kubectl(['get', 'applications.argoproj.io', '-n', 'argocd', '-l', 'app.kubernetes.io/part-of=appgear', '-o', 'json']), 'listing Applications')).stdout) as { items: { metadata: { name: string } }[] };
  for (const a of apps.items) {
    await kubectl(['patch', 'applications.argoproj.io', a.metadata.name, '-n', 'argocd', '--type', 'merge', '-p', '{"metadata":{"finalizers":null}}']);
  }
  await kubectl(['delete', 'applications.argoproj.io', '-n', 'argocd', '-l', 'app.kubernetes.io/part-of=appgear', '--ignore-not-found']);
  await kubectl(['delete', 'secret', 'cluster-kwok', 'appgear-charts-registry', '-n', 'argocd', '--ignore-not-found']);
  const nsList = JSON.parse((await must(kubectl(['get', 'namespaces', '-l', TEST_LABEL, '-o', 'json']), 'listing namespaces')).stdout);
  const stale = new Set<string>(nsList.items.map((n: any) => n.metadata.name));
  if (stale.size === 0) return;
  const releases = JSON.parse((await must(helm(['list', '--all-namespaces', '--all', '-o', 'json']), 'helm list')).stdout) as { name: string; namespace: string }[];
  for (const r of releases.filter((r) => stale.has(r.namespace))) {
    await helm(['uninstall', r.name, '--namespace', r.namespace, '--wait', '--timeout', '120s']);
  }
  await kubectl(['delete', 'namespace', '-l', TEST_LABEL, '--wait=false']);
}
