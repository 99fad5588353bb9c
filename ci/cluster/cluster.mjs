#!/usr/bin/env node
// A real Kubernetes control plane (kube-apiserver, controller-manager, scheduler, etcd built from the Go
// module proxy) with kwok fake nodes, run by `kwokctl --runtime binary`. No container engine is involved.
//   node ci/cluster/cluster.mjs up      create (or reuse) the cluster, fake nodes and the integrations' CRDs
//   node ci/cluster/cluster.mjs down    delete it
//   node ci/cluster/cluster.mjs env     print `export KUBECONFIG=...` for a shell
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureBuilt } from './build.mjs';
import { installCrds } from './crds.mjs';
import { log } from './gobuild.mjs';
import { CLUSTER_NAME, K8S, KWOK_HOME } from './versions.mjs';

export const KUBECONFIG = join(KWOK_HOME, 'kubeconfig');
const ZONES = ['zone-a', 'zone-b', 'zone-c'];

/** Paths of kubectl, kwokctl and the control-plane binaries (built on first use). */
export function controlPlaneBinaries() {
  return { ...ensureBuilt('k8s'), ...ensureBuilt('etcd'), ...ensureBuilt('kwok') };
}

function kwokEnv(tools) {
  return {
    ...process.env,
    KWOK_WORKDIR: KWOK_HOME,
    KWOK_KUBE_VERSION: K8S.version,
    KWOK_KUBECTL_BINARY: tools.kubectl,
    KUBECONFIG,
  };
}

export function kubectl(args, { input, allowFail = false } = {}) {
  const { kubectl: bin } = ensureBuilt('k8s');
  const r = spawnSync(bin, ['--kubeconfig', KUBECONFIG, ...args], { input, encoding: 'utf8', maxBuffer: 64 << 20 });
  if (r.status !== 0 && !allowFail) throw new Error(`kubectl ${args.join(' ')} failed: ${(r.stderr || r.stdout).trim()}`);
  return r;
}

export function isUp() {
  if (!existsSync(KUBECONFIG)) return false;
  return kubectl(['get', '--raw', '/readyz', '--request-timeout=5s'], { allowFail: true }).status === 0;
}

function nodesAndNamespaces() {
  // kwok-controller takes over nodes with this annotation and reports them Ready; no taint, so chart pods
  // schedule without tolerations. One node per zone for topology spread and hard anti-affinity.
  const nodes = ZONES.map((zone, i) => ({
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name: `kwok-node-${i}`,
      annotations: { 'kwok.x-k8s.io/node': 'fake', 'node.alpha.kubernetes.io/ttl': '0' },
      labels: { 'kubernetes.io/hostname': `kwok-node-${i}`, 'kubernetes.io/os': 'linux', 'kubernetes.io/arch': 'amd64', 'topology.kubernetes.io/zone': zone, type: 'kwok' },
    },
    // Real nodes report ephemeral storage; the charts request it, so fake nodes must offer it too.
    status: { allocatable: { cpu: '32', memory: '128Gi', 'ephemeral-storage': '500Gi', pods: '110' }, capacity: { cpu: '32', memory: '128Gi', 'ephemeral-storage': '500Gi', pods: '110' } },
  }));
  // Namespaces an Argo CD and a Rook operator installation provide: Applications live in "argocd", Ceph
  // custom resources next to the operator (privileged, as Rook's own docs set it).
  const namespaces = [
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'argocd' } },
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'rook-ceph', labels: { 'pod-security.kubernetes.io/enforce': 'privileged' } } },
  ];
  // No StorageClass here: core-ceph owns "ceph-block" and friends. PVCs bind without the class object
  // because ci/cluster/provisioner.mjs pre-binds a PersistentVolume to each claim.
  kubectl(['apply', '--server-side', '--force-conflicts', '-f', '-'], { input: JSON.stringify({ apiVersion: 'v1', kind: 'List', items: [...nodes, ...namespaces] }) });
  kubectl(['wait', '--for=condition=Ready', 'node', '--all', '--timeout=120s']);
}

export function up() {
  const t0 = Date.now();
  const tools = controlPlaneBinaries();
  if (isUp()) {
    log(`cluster "${CLUSTER_NAME}" is already up (KUBECONFIG=${KUBECONFIG})`);
  } else {
    mkdirSync(KWOK_HOME, { recursive: true });
    // A stopped or half-created cluster (e.g. after a reboot) is recreated from scratch.
    spawnSync(tools.kwokctl, ['delete', 'cluster', '--name', CLUSTER_NAME, '--kubeconfig', KUBECONFIG], { env: kwokEnv(tools), stdio: 'ignore' });
    log(`creating cluster "${CLUSTER_NAME}": Kubernetes ${K8S.version} control plane from ${join(tools['kube-apiserver'], '..')}`);
    const r = spawnSync(tools.kwokctl, ['create', 'cluster', '--name', CLUSTER_NAME, '--runtime', 'binary',
      '--kubeconfig', KUBECONFIG, '--wait', '3m',
      '--kube-apiserver-binary', tools['kube-apiserver'],
      '--kube-controller-manager-binary', tools['kube-controller-manager'],
      '--kube-scheduler-binary', tools['kube-scheduler'],
      '--kwok-controller-binary', tools.kwok,
      '--etcd-binary', tools.etcd,
    ], { env: kwokEnv(tools), stdio: 'inherit' });
    if (r.status !== 0) {
      throw new Error(`kwokctl create cluster failed (exit ${r.status}). Component logs: ${tools.kwokctl} logs <kube-apiserver|etcd|kwok-controller> --name ${CLUSTER_NAME} (with KWOK_WORKDIR=${KWOK_HOME})`);
    }
  }
  nodesAndNamespaces();
  installCrds(kubectl);
  log(`cluster ready in ${((Date.now() - t0) / 1000).toFixed(1)} s; export KUBECONFIG=${KUBECONFIG}`);
}

export function down() {
  const tools = controlPlaneBinaries();
  const r = spawnSync(tools.kwokctl, ['delete', 'cluster', '--name', CLUSTER_NAME, '--kubeconfig', KUBECONFIG], { env: kwokEnv(tools), stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`kwokctl delete cluster failed (exit ${r.status})`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const cmd = process.argv[2];
  try {
    if (cmd === 'up') up();
    else if (cmd === 'down') down();
    else if (cmd === 'env') console.log(`export KUBECONFIG=${KUBECONFIG}`);
    else {
      console.error('usage: node ci/cluster/cluster.mjs up | down | env');
      process.exitCode = 2;
    }
  } catch (err) {
    log(`error: ${err.message}`);
    process.exitCode = 1;
  }
}
