#!/usr/bin/env node
// npm run e2e:kind: the users' CI pipeline locally (ct lint, then ct install --upgrade on kind with real
// images). Needs docker, kubectl, go and python3; says exactly which is missing otherwise. kind is the
// pinned KIND.version of ci/cluster/versions.mjs: the one on PATH when it is that release, else built from
// the Go module proxy into the tools cache. The node image is the digest-pinned one kind's release notes
// give for the Kubernetes minor: by default the local control plane's (K8S.version), or KIND_K8S_MINOR=1.37
// for another supported minor (KIND_NODE_IMAGE=<image> overrides both, at your own risk).
//   node ci/cluster/e2e-kind.mjs            create the kind cluster, prepare it, ct lint, ct install --upgrade
//   node ci/cluster/e2e-kind.mjs prepare    only prepare the cluster in the current kube context (the workflow)
//   node ci/cluster/e2e-kind.mjs image      print the node image that would be used
//   node ci/cluster/e2e-kind.mjs kind       print the path of the pinned kind (building it if needed)
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { install, libraryCharts, lint, REPO } from './ct.mjs';
import { installCrds } from './crds.mjs';
import { goBuildCached, log } from './gobuild.mjs';
import { K8S, KIND, SUPPORTED_MINORS, kindNodeImage, minorOf } from './versions.mjs';

/** The Kubernetes minor e2e:kind runs: KIND_K8S_MINOR, else the local control plane's. */
export const KIND_K8S_MINOR = process.env.KIND_K8S_MINOR?.replace(/^v/, '') || minorOf(K8S.version);

/** The node image for KIND_K8S_MINOR (tag and digest from ci/cluster/versions.mjs), unless KIND_NODE_IMAGE is set. */
export function nodeImage() {
  if (process.env.KIND_NODE_IMAGE) return process.env.KIND_NODE_IMAGE;
  if (!SUPPORTED_MINORS.includes(KIND_K8S_MINOR)) {
    throw new Error(`KIND_K8S_MINOR=${KIND_K8S_MINOR} is not a supported Kubernetes minor; choose one of ${SUPPORTED_MINORS.join(', ')} (ci/cluster/versions.mjs)`);
  }
  return kindNodeImage(KIND_K8S_MINOR);
}

const CLUSTER = 'appgear-charts';
/**
 * Charts ct install skips on kind: library charts (nothing to install), and charts whose Chart.yaml says what
 * must run first (appgear.io/needs-running, e.g. an operator and the cluster it manages); the kwok layer
 * (npm run test:cluster) installs the latter against the real API server instead.
 */
export function excludedCharts(charts = join(REPO, 'charts')) {
  const needsRunning = readdirSync(charts)
    .filter((c) => existsSync(join(charts, c, 'Chart.yaml')))
    .filter((c) => /^\s+appgear\.io\/needs-running:/m.test(readFileSync(join(charts, c, 'Chart.yaml'), 'utf8')));
  return [...new Set([...needsRunning, ...libraryCharts(charts)])].sort();
}

function has(cmd, args) {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  return r.status === 0;
}

function requireTools() {
  const missing = [
    ['docker', ['info'], 'a running Docker daemon (docker info failed): install Docker and start it'],
    ['kubectl', ['version', '--client'], 'kubectl on PATH'],
    ['go', ['version'], 'Go 1.25+ (CRDs are taken from the integrations\' Go modules)'],
    ['python3', ['--version'], 'python3 with venv (yamllint/yamale for ct lint)'],
  ].filter(([cmd, args]) => !has(cmd, args));
  if (missing.length) {
    throw new Error(`e2e:kind cannot run here; missing:\n${missing.map(([c, , how]) => `  - ${c}: ${how}`).join('\n')}\n(npm run test:cluster runs the same charts on a local control plane without containers)`);
  }
}

/** kind at KIND.version: from PATH when it is that release, else built from the Go module proxy (cached). */
export function kindBinary() {
  const r = spawnSync('kind', ['version'], { encoding: 'utf8' });
  const found = /\bkind (v\S+)/.exec(r.stdout ?? '')?.[1];
  if (r.status === 0 && found === KIND.version) return 'kind';
  if (found) log(`kind ${found} on PATH is not ${KIND.version}, the release the node images are built for; using a pinned build`);
  const dir = goBuildCached({
    key: `kind-${KIND.version}`,
    require: { 'sigs.k8s.io/kind': KIND.version },
    packages: { 'sigs.k8s.io/kind': 'kind' },
  });
  return join(dir, 'kind');
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
  ];
  kubectl(['apply', '--server-side', '-f', '-'], { input: JSON.stringify({ apiVersion: 'v1', kind: 'List', items }) });
}

function main() {
  requireTools();
  const image = nodeImage();
  const kind = kindBinary();
  if (!has(kind, ['get', 'kubeconfig', '--name', CLUSTER])) {
    log(`creating kind cluster ${CLUSTER} with kind ${KIND.version} and ${image}`);
    const r = spawnSync(kind, ['create', 'cluster', '--config', join(REPO, 'ci/kind-config.yaml'), '--image', image, '--wait', '5m'], { stdio: 'inherit' });
    if (r.status !== 0) throw new Error(`kind create cluster failed (exit ${r.status}) with ${image}`);
  } else {
    log(`using the existing kind cluster ${CLUSTER} (delete it to change the Kubernetes minor)`);
  }
  kubectl(['config', 'use-context', `kind-${CLUSTER}`]);
  prepare();
  lint();
  install({ namespace: 'ct', excluded: excludedCharts(), env: { CT_PRINT_LOGS: 'true' } });
  log(`e2e:kind passed on Kubernetes ${KIND_K8S_MINOR}; delete the cluster with: ${kind} delete cluster --name ${CLUSTER}`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  try {
    if (process.argv[2] === 'prepare') prepare();
    else if (process.argv[2] === 'image') console.log(nodeImage());
    else if (process.argv[2] === 'kind') console.log(kindBinary());
    else if (process.argv[2] === 'excluded') console.log(excludedCharts().join(','));
    else main();
  } catch (err) {
    log(`error: ${err.message}`);
    process.exitCode = 1;
  }
}
