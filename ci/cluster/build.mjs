#!/usr/bin/env node
// Builds (once) and locates the pinned control-plane binaries, kwok, kwokctl and chart-testing.
//   node ci/cluster/build.mjs [k8s|etcd|kwok|ct|all]   build what is missing and print the paths
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ARGOCD, CT, ETCD, K8S, KWOK, VELERO } from './versions.mjs';
import { goBuildCached, log } from './gobuild.mjs';

// Staging repositories published as k8s.io/<name> v0.Y.Z; k8s.io/kubernetes points them at ./staging.
const STAGING = ['api', 'apiextensions-apiserver', 'apimachinery', 'apiserver', 'cli-runtime', 'client-go',
  'cloud-provider', 'cluster-bootstrap', 'code-generator', 'component-base', 'component-helpers',
  'controller-manager', 'cri-api', 'cri-client', 'csi-translation-lib', 'dynamic-resource-allocation',
  'endpointslice', 'externaljwt', 'kms', 'kube-aggregator', 'kube-controller-manager', 'kube-proxy',
  'kube-scheduler', 'kubectl', 'kubelet', 'metrics', 'mount-utils', 'pod-security-admission',
  'sample-apiserver', 'sample-cli-plugin', 'sample-controller'];

function k8sVersionFlags(v) {
  const [major, minor] = v.replace(/^v/, '').split('.');
  const vars = { gitVersion: v, gitMajor: major, gitMinor: minor, gitTreeState: 'clean', gitCommit: 'module-proxy-build', buildDate: '1970-01-01T00:00:00Z' };
  return ['k8s.io/component-base/version', 'k8s.io/client-go/pkg/version']
    .flatMap((pkg) => Object.entries(vars).map(([k, val]) => `-X ${pkg}.${k}=${val}`));
}

const SPECS = {
  k8s: {
    key: `kubernetes-${K8S.version}`,
    require: { 'k8s.io/kubernetes': K8S.version },
    replace: Object.fromEntries(STAGING.map((s) => [`k8s.io/${s}`, `k8s.io/${s} ${K8S.staging}`])),
    packages: {
      'k8s.io/kubernetes/cmd/kube-apiserver': 'kube-apiserver',
      'k8s.io/kubernetes/cmd/kube-controller-manager': 'kube-controller-manager',
      'k8s.io/kubernetes/cmd/kube-scheduler': 'kube-scheduler',
      'k8s.io/kubernetes/cmd/kubectl': 'kubectl',
    },
    ldflags: k8sVersionFlags(K8S.version),
  },
  etcd: {
    key: `etcd-${ETCD.version}`,
    require: { 'go.etcd.io/etcd/server/v3': ETCD.version },
    // server/v3's go.mod points its sibling modules at ../; use the published ones at the same tag.
    replace: Object.fromEntries(['api/v3', 'client/pkg/v3', 'client/v3', 'pkg/v3']
      .map((m) => [`go.etcd.io/etcd/${m}`, `go.etcd.io/etcd/${m} ${ETCD.version}`])),
    packages: { './cmd/etcd': 'etcd' },
    // etcd's own main lives in a module that is not meant to be required; etcdmain is the same entry point.
    main: { name: 'etcd', source: 'package main\n\nimport (\n\t"os"\n\n\t"go.etcd.io/etcd/server/v3/etcdmain"\n)\n\nfunc main() { etcdmain.Main(os.Args) }\n' },
  },
  kwok: {
    key: `kwok-${KWOK.version}`,
    require: { 'sigs.k8s.io/kwok': KWOK.version },
    packages: { 'sigs.k8s.io/kwok/cmd/kwok': 'kwok', 'sigs.k8s.io/kwok/cmd/kwokctl': 'kwokctl' },
    ldflags: [`-X sigs.k8s.io/kwok/pkg/consts.Version=${KWOK.version.replace(/^v/, '')}`],
  },
  argocd: {
    key: `argocd-${ARGOCD.version}`,
    require: { 'github.com/argoproj/argo-cd/v3': ARGOCD.version },
    // Copied from the replace block of argo-cd's go.mod at ARGOCD.version: a required module's replace
    // lines do not apply to the module that requires it, and without them the graph does not resolve.
    replace: {
      'github.com/golang/protobuf': 'github.com/golang/protobuf v1.5.4',
      'github.com/grpc-ecosystem/grpc-gateway': 'github.com/grpc-ecosystem/grpc-gateway v1.16.0',
      'golang.org/x/tools': 'golang.org/x/tools v0.35.0',
      'gopkg.in/yaml.v2': 'gopkg.in/yaml.v2 v2.4.0',
      'gopkg.in/yaml.v3': 'gopkg.in/yaml.v3 v3.0.1',
      ...Object.fromEntries([...STAGING, 'legacy-cloud-providers']
        .map((s) => [`k8s.io/${s}`, `k8s.io/${s} ${ARGOCD.kubernetes}`])),
    },
    // One multi-call binary: it acts as the component named by ARGOCD_BINARY_NAME (or argv[0]).
    packages: { 'github.com/argoproj/argo-cd/v3/cmd': 'argocd' },
    ldflags: [`-X github.com/argoproj/argo-cd/v3/common.version=${ARGOCD.version.replace(/^v/, '')}`,
      `-X github.com/argoproj/argo-cd/v3/common.kubectlVersion=${ARGOCD.kubernetes}`],
  },
  velero: {
    key: `velero-${VELERO.version}`,
    require: { 'github.com/vmware-tanzu/velero': VELERO.version },
    replace: {
      'github.com/kopia/kopia': VELERO.kopia,
      // The proxy does not serve k8s.io/cli-runtime v0.33.12 (Velero's pin; v0.33.11 neither): the nearest
      // served patch of the same minor, used only by the CLI's output printing.
      'k8s.io/cli-runtime': 'k8s.io/cli-runtime v0.33.10',
    },
    // One binary: `velero server` and the CLI the runbook's commands use.
    packages: { 'github.com/vmware-tanzu/velero/cmd/velero': 'velero' },
    ldflags: [`-X github.com/vmware-tanzu/velero/pkg/buildinfo.Version=${VELERO.version}`, '-X github.com/vmware-tanzu/velero/pkg/buildinfo.GitTreeState=clean'],
  },
  'velero-plugin-for-aws': {
    key: `velero-plugin-for-aws-${VELERO.awsPlugin}`,
    require: { 'github.com/vmware-tanzu/velero-plugin-for-aws': VELERO.awsPlugin },
    packages: { 'github.com/vmware-tanzu/velero-plugin-for-aws/velero-plugin-for-aws': 'velero-plugin-for-aws' },
  },
  ct: {
    key: `ct-${CT.version}`,
    require: { 'github.com/helm/chart-testing/v3': CT.version },
    packages: { 'github.com/helm/chart-testing/v3/ct': 'ct' },
    ldflags: [`-X github.com/helm/chart-testing/v3/ct/cmd.Version=${CT.version}`, '-X github.com/helm/chart-testing/v3/ct/cmd.GitCommit=module-proxy-build'],
  },
};

/** Build one group if missing; returns {name: absolute path}. */
export function ensureBuilt(group) {
  const spec = SPECS[group];
  if (!spec) throw new Error(`unknown build group "${group}" (known: ${Object.keys(SPECS).join(', ')})`);
  const dir = goBuildCached(spec);
  return Object.fromEntries(Object.values(spec.packages).map((b) => [b, join(dir, b)]));
}

/** Paths of every binary, building what is missing (k8s takes ~15-25 min on 2 cores the first time). */
export function ensureAll() {
  return Object.assign({}, ...Object.keys(SPECS).map(ensureBuilt));
}


if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const groups = process.argv[2] && process.argv[2] !== 'all' ? [process.argv[2]] : Object.keys(SPECS);
  try {
    for (const g of groups) for (const [name, path] of Object.entries(ensureBuilt(g))) console.log(`${name} ${path}`);
  } catch (err) {
    log(`error: ${err.message}`);
    process.exitCode = 1;
  }
}
