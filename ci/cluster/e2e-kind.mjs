#!/usr/bin/env node
// npm run e2e:kind: the users' CI pipeline locally (ct lint, then ct install --upgrade on kind with real
// images). Needs docker, kind, kubectl, helm, go and python3; says exactly which is missing otherwise.
//   node ci/cluster/e2e-kind.mjs            create the kind cluster, prepare it, ct lint, ct install --upgrade
//   node ci/cluster/e2e-kind.mjs prepare    only prepare the cluster in the current kube context (the workflow)
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { install, lint, REPO } from './ct.mjs';
import { installCrds } from './crds.mjs';
import { log } from './gobuild.mjs';
import { K8S } from './versions.mjs';

export const KIND_NODE_IMAGE = process.env.KIND_NODE_IMAGE ?? `kindest/node:${K8S.version}`;
const CLUSTER = 'appgear-charts';
// Charts that cannot become Ready on kind: they need a running Rook-Ceph cluster (and own the "ceph-block"
// StorageClass). The kwok layer (npm run test:cluster) installs them against the real API server instead.
export const KIND_EXCLUDED = ['appgear', 'core-ceph'];

function has(cmd, args) {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  return r.status === 0;
}

function requireTools() {
  const missing = [
    ['docker', ['info'], 'a running Docker daemon (docker info failed): install Docker and start it'],
    ['kind', ['version'], 'kind (https://kind.sigs.k8s.io/docs/user/quick-start/#installation)'],
    ['kubectl', ['version', '--client'], 'kubectl on PATH'],
    ['go', ['version'], 'Go 1.25+ (CRDs are taken from the integrations\' Go modules)'],
    ['python3', ['--version'], 'python3 with venv (yamllint/yamale for ct lint)'],
  ].filter(([cmd, args]) => !has(cmd, args));
  if (missing.length) {
    throw new Error(`e2e:kind cannot run here; missing:\n${missing.map(([c, , how]) => `  - ${c}: ${how}`).join('\n')}\n(npm run test:cluster runs the same charts on a local control plane without containers)`);
  }
}

function kubectl(args, { input, allowFail = false } = {}) {
  const r = spawnSync('kubectl', args, { input, encoding: 'utf8', maxBuffer: 64 << 20 });
  if (r.status !== 0 && !allowFail) throw new Error(`kubectl ${args.join(' ')} failed: ${(r.stderr || r.stdout).trim()}`);
  return r;
}

/** What the integrations would provide on a real cluster: their CRDs and namespaces; plus the ct namespace. */
export function prepare() {
  installCrds(kubectl);
  const items = [
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'argocd' } },
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'ct', labels: { 'pod-security.kubernetes.io/enforce': 'restricted', 'pod-security.kubernetes.io/warn': 'restricted' } } },
    // kind's local-path provisioner stands in for Rook's RBD driver under the class name the charts use.
    { apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', metadata: { name: 'ceph-block' }, provisioner: 'rancher.io/local-path', volumeBindingMode: 'WaitForFirstConsumer', reclaimPolicy: 'Delete' },
  ];
  kubectl(['apply', '--server-side', '-f', '-'], { input: JSON.stringify({ apiVersion: 'v1', kind: 'List', items }) });
}

function main() {
  requireTools();
  if (!has('kind', ['get', 'kubeconfig', '--name', CLUSTER])) {
    log(`creating kind cluster ${CLUSTER} with ${KIND_NODE_IMAGE}`);
    const r = spawnSync('kind', ['create', 'cluster', '--config', join(REPO, 'ci/kind-config.yaml'), '--image', KIND_NODE_IMAGE, '--wait', '5m'], { stdio: 'inherit' });
    if (r.status !== 0) throw new Error(`kind create cluster failed (exit ${r.status}); is ${KIND_NODE_IMAGE} a published node image? Set KIND_NODE_IMAGE to one from kind's release notes`);
  }
  kubectl(['config', 'use-context', `kind-${CLUSTER}`]);
  prepare();
  lint();
  install({ namespace: 'ct', excluded: KIND_EXCLUDED, env: { CT_PRINT_LOGS: 'true' } });
  log(`e2e:kind passed; delete the cluster with: kind delete cluster --name ${CLUSTER}`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  try {
    if (process.argv[2] === 'prepare') prepare();
    else main();
  } catch (err) {
    log(`error: ${err.message}`);
    process.exitCode = 1;
  }
}
