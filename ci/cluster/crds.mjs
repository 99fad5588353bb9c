// CRDs of the integrations the charts render custom resources for, taken at pinned versions from each
// project's published Go module (the module zip carries the CRD YAML) at install time; never committed.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { log, requireGo } from './gobuild.mjs';
import { ARGOCD } from './versions.mjs';

/** module@version, and the CRD files inside it (a directory means every *.yaml in it). */
export const CRD_SOURCES = [
  { name: 'external-secrets', module: 'github.com/external-secrets/external-secrets', version: 'v1.3.2', paths: ['config/crds/bases'] },
  // The version of the Argo CD the delivery tests run (versions.mjs says why that one), so the CRDs match it.
  { name: 'argo-cd', module: 'github.com/argoproj/argo-cd/v3', version: ARGOCD.version, paths: ['manifests/crds'] },
  { name: 'keda', module: 'github.com/kedacore/keda/v2', version: 'v2.21.0', paths: ['config/crd/bases'] },
  { name: 'velero', module: 'github.com/vmware-tanzu/velero', version: 'v1.18.3', paths: ['config/crd/v1/bases', 'config/crd/v2alpha1/bases'] },
  { name: 'rook-ceph', module: 'github.com/rook/rook', version: 'v1.18.8', paths: ['deploy/examples/crds.yaml'] },
  // The snapshot CRDs live in the separately versioned client module of external-snapshotter.
  { name: 'csi-snapshots', module: 'github.com/kubernetes-csi/external-snapshotter/client/v8', version: 'v8.7.0', paths: ['config/crd'] },
  { name: 'cert-manager', module: 'github.com/cert-manager/cert-manager', version: 'v1.21.2', paths: ['deploy/crds'] },
  { name: 'istio', module: 'istio.io/api', version: 'v1.31.1', paths: ['kubernetes/customresourcedefinitions.gen.yaml'] },
  { name: 'prometheus-operator', module: 'github.com/prometheus-operator/prometheus-operator', version: 'v0.85.0', paths: ['example/prometheus-operator-crd'] },
];

/** Download (or find in GOMODCACHE) one module version; returns its extracted directory. */
export function moduleDir(module, version) {
  requireGo();
  const r = spawnSync('go', ['mod', 'download', '-json', `${module}@${version}`], { encoding: 'utf8', env: { ...process.env, GOTOOLCHAIN: 'local', GOFLAGS: '-mod=mod' } });
  let info;
  try {
    info = JSON.parse(r.stdout);
  } catch {
    throw new Error(`go mod download ${module}@${version} failed: ${r.stderr.trim()}`);
  }
  if (info.Error || !info.Dir) throw new Error(`go mod download ${module}@${version} failed: ${info.Error ?? 'no directory'} (is the Go module proxy reachable?)`);
  return info.Dir;
}

function crdFiles(dir, paths) {
  return paths.flatMap((p) => {
    const full = join(dir, p);
    if (!p.endsWith('.yaml')) {
      return readdirSync(full).filter((f) => f.endsWith('.yaml') && f !== 'kustomization.yaml').sort().map((f) => join(full, f));
    }
    return [full];
  });
}

/** Only the CustomResourceDefinition documents (some files also carry other kinds). */
function crdDocuments(file) {
  return readFileSync(file, 'utf8').split(/^---\s*$/m).filter((doc) => /^kind:\s*CustomResourceDefinition\s*$/m.test(doc));
}

/** Install every source's CRDs with server-side apply (some are larger than client-side apply's annotation limit). */
export function installCrds(kubectl) {
  const t0 = Date.now();
  // A ConfigMap records what was installed, so a rerun on the same cluster skips the downloads and applies.
  const pins = CRD_SOURCES.map((s) => `${s.module}@${s.version}:${s.paths.join(',')}`).join('\n');
  const marker = kubectl(['get', 'configmap', 'appgear-crds', '-n', 'kube-system', '-o', 'jsonpath={.data.sources}'], { allowFail: true });
  if (marker.status === 0 && marker.stdout === pins) {
    log(`CRDs already installed: ${CRD_SOURCES.map((s) => `${s.name} ${s.version}`).join(', ')}`);
    return;
  }
  const installed = [];
  for (const src of CRD_SOURCES) {
    const dir = moduleDir(src.module, src.version);
    const docs = crdFiles(dir, src.paths).flatMap(crdDocuments);
    if (docs.length === 0) throw new Error(`${src.module}@${src.version} carries no CRDs under ${src.paths.join(', ')}`);
    kubectl(['apply', '--server-side', '--force-conflicts', '--field-manager=appgear-crds', '-f', '-'], { input: docs.map((d) => `---\n${d.trim()}\n`).join('') });
    installed.push(`${src.name} ${src.version} (${docs.length})`);
  }
  kubectl(['wait', '--for=condition=Established', 'crd', '--all', '--timeout=120s']);
  const cm = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'appgear-crds', namespace: 'kube-system' }, data: { sources: pins } };
  kubectl(['apply', '--server-side', '--force-conflicts', '--field-manager=appgear-crds', '-f', '-'], { input: JSON.stringify(cm) });
  log(`CRDs installed from Go modules in ${((Date.now() - t0) / 1000).toFixed(1)} s: ${installed.join(', ')}`);
}
