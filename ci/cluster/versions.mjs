// The one source of versions for the cluster layers (CRD versions are in crds.mjs, the linters' in
// ci/linters/versions.mjs): the local control plane, kind and its node images, kubectl, Helm and ct.
// .github/workflows/charts.yaml repeats some of them (a workflow cannot import this file);
// test/ci/workflows.test.ts fails when it differs from here.
import { join } from 'node:path';
import { CACHE_DIR, VERSIONS } from '../tools.mjs';

/**
 * The local control plane (npm run cluster:up / test:cluster): kube-apiserver, kube-controller-manager,
 * kube-scheduler and kubectl built from k8s.io/kubernetes at this version. One minor only: see
 * ci/cluster/VALIDATION.md ("Kubernetes minors") for why. It must be one of SUPPORTED_MINORS.
 */
export const K8S = { version: 'v1.35.4', staging: 'v0.35.4' };

/**
 * The Kubernetes minors the charts support, oldest first: every chart's `kubeVersion` states this range
 * (KUBE_VERSION_RANGE, written by generator/render/renderChartYaml.ts) and the users' workflow runs
 * `ct install --upgrade` on kind once per minor, with KIND.nodeImages[minor].
 */
export const SUPPORTED_MINORS = ['1.34', '1.35', '1.36', '1.37'];

/** The SemVer range of SUPPORTED_MINORS as Chart.yaml's kubeVersion (`-0` admits providers' pre-release suffixes such as `-eks-…`). */
export const KUBE_VERSION_RANGE = (() => {
  const [major, oldest] = SUPPORTED_MINORS[0].split('.');
  const newest = Number(SUPPORTED_MINORS[SUPPORTED_MINORS.length - 1].split('.')[1]);
  return `>=${major}.${oldest}.0-0 <${major}.${newest + 1}.0-0`;
})();

/**
 * kind and the node images built for that release. kind supports a node image only with the release that
 * built it, and only by digest (a tag can be re-pushed for another release), so every image carries the
 * digest from the release notes of KIND.version ("Images pre-built for this release"); the 1.37 one is also
 * kind's own default (pkg/apis/config/defaults/image.go in sigs.k8s.io/kind v0.33.0).
 * `kubectl` is the client the workflow installs with each cluster: the cluster's own version, so the client
 * is never outside kubectl's one-minor skew.
 */
export const KIND = {
  version: 'v0.33.0',
  /** The GitHub Action that installs kind in the workflow (pinned release; its `version:` input is KIND.version). */
  action: 'helm/kind-action@v1.14.0',
  nodeImages: {
    '1.34': { tag: 'v1.34.11', digest: 'sha256:44e222ee2132dab25ff87301682f89eb82c7880ea3a1bf543bfe9708fd08d67d' },
    '1.35': { tag: 'v1.35.8', digest: 'sha256:07b2536e30b803ed61d1677a79df6115f798ce64c80f9e22f6ed45afd09323c0' },
    '1.36': { tag: 'v1.36.4', digest: 'sha256:099e049362a1526b2db71494e1947aae99bd16290d7c895f2b7ea312e3cbfaed' },
    '1.37': { tag: 'v1.37.0', digest: 'sha256:a1ed56cfb0e7b93589bdf97c8cd566405a265939e3620fc4f5de89adff580ae5' },
  },
};

/** `kindest/node:<tag>@<digest>` of a supported minor. */
export function kindNodeImage(minor) {
  const image = KIND.nodeImages[minor];
  if (!image) throw new Error(`no kind node image for Kubernetes ${minor}: supported minors are ${SUPPORTED_MINORS.join(', ')} (ci/cluster/versions.mjs)`);
  return `kindest/node:${image.tag}@${image.digest}`;
}

/** The minor ("1.35") of a version such as "v1.35.4". */
export const minorOf = (version) => /^v?(\d+\.\d+)\./.exec(version)?.[1];

/** Helm in the workflow: the pinned Helm 3 of ci/tools.mjs (ct drives Helm 3). */
export const HELM = { version: VERSIONS.helm3 };
export const ETCD = { version: 'v3.6.16' };
export const KWOK = { version: 'v0.8.0' };
export const CT = { version: 'v3.14.0' };
/**
 * Argo CD for the delivery tests (application controller, repo-server, ApplicationSet controller run as
 * processes). The 3.2 line is the newest buildable from the module proxy: from 3.4 on the module reaches
 * gitops-engine through `replace => ./gitops-engine`, which a proxy build cannot follow, and the proxy does
 * not serve that gitops-engine version. v3.2.12 does not compile (controller/cache/info.go calls
 * settings.ValidateExternalURL, which that tag lacks). `kubernetes` is the k8s.io staging version its
 * go.mod pins with `replace` lines, copied into the wrapper module. The CRDs come from the same module
 * version (crds.mjs), so the controllers and the schema they write agree.
 */
export const ARGOCD = { version: 'v3.2.11', kubernetes: 'v0.34.0' };
/**
 * Velero for the backup-and-restore round trip: the server (github.com/vmware-tanzu/velero, the version the
 * core-dr chart deploys and whose CRDs crds.mjs installs) and its AWS object-store plugin, run as processes.
 * Velero's go.mod replaces kopia with a fork; a required module's replace lines do not carry over, so the
 * wrapper module repeats it (`kopia`).
 */
export const VELERO = {
  version: 'v1.18.3',
  awsPlugin: 'v1.14.3',
  kopia: 'github.com/project-velero/kopia v0.0.0-20251230033609-d946b1e75197',
};
/**
 * The S3-compatible server the round trip backs up to, on 127.0.0.1: moto's server mode from PyPI, maintained
 * and installed in seconds into a virtualenv. A real object store built from Go (SeaweedFS's `weed mini`) would
 * add about ten minutes to a cold run, past its budget; Velero only needs the S3 object API here.
 */
export const S3_SERVER = { pkg: 'moto', version: '5.2.5', extras: 'server', bin: 'moto_server' };
// Python tools chart-testing shells out to.
export const PY = { yamllint: '1.38.0', yamale: '6.1.0' };

// CRD versions live in crds.mjs next to the paths inside each module.

export const CLUSTER_NAME = 'appgear';
/** Where the kind-less cluster lives: kwokctl's own working directory, outside the repository. */
export const KWOK_HOME = join(CACHE_DIR, '..', 'kwok');

export { CACHE_DIR };
