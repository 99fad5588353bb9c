#!/usr/bin/env node
// npm run test:cluster: cluster up (building what is missing), ct lint, ct install --upgrade, then the
// vitest cluster suites (install/upgrade/rollback per scenario, umbrella dry run, rejection fixtures, the
// umbrella from an OCI registry, a real Argo CD syncing the bootstrap's Applications, a Velero round trip).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { argoCdBinary, clusterTools, reportedVersions, s3Server, veleroBinaries } from './api.mjs';
import { KUBECONFIG, kubectl, up } from './cluster.mjs';
import { REPO, install, lint } from './ct.mjs';
import { log } from './gobuild.mjs';

const CT_NAMESPACE = 'ct';
const SUMMARY = join(REPO, 'test/.tmp/cluster-summary.json');

function step(name, fn) {
  const t0 = Date.now();
  log(`== ${name}`);
  const out = fn();
  log(`== ${name}: done in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
  return out;
}

/** A fresh "ct" namespace enforcing Pod Security restricted (ct itself creates namespaces without labels). */
function ctNamespace() {
  kubectl(['delete', 'namespace', CT_NAMESPACE, '--ignore-not-found', '--wait=true', '--timeout=120s']);
  kubectl(['create', 'namespace', CT_NAMESPACE]);
  kubectl(['label', 'namespace', CT_NAMESPACE, 'pod-security.kubernetes.io/enforce=restricted', 'pod-security.kubernetes.io/warn=restricted']);
}

function main() {
  const t0 = Date.now();
  rmSync(SUMMARY, { force: true });
  // Built before the cluster starts, not inside a test's timeout: minutes of both cores the first time, cached
  // after. A cold run that built them with the cluster up starved it: kube-controller-manager missed its lease
  // renewal, lost leader election and exited, and every later test waited on controllers that were gone.
  step('Argo CD', argoCdBinary);
  step('Velero and its AWS plugin, the S3 server', () => [veleroBinaries(), s3Server()]);
  step('cluster up', up);
  const tools = clusterTools();
  step('ct lint', lint);
  const ctInstalled = step('ct install --upgrade', () => {
    ctNamespace();
    // kwok has no storage driver: the provisioner binds a volume to each claim while ct runs.
    const provisioner = spawn(process.execPath, [join(REPO, 'ci/cluster/provisioner.mjs'), tools.kubectl, KUBECONFIG], { stdio: 'inherit' });
    try {
      return install({ namespace: CT_NAMESPACE, extraPath: [join(tools.kubectl, '..')], env: { KUBECONFIG } });
    } finally {
      provisioner.kill();
    }
  });
  step('vitest cluster suites', () => {
    const r = spawnSync(process.execPath, [join(REPO, 'node_modules/vitest/vitest.mjs'), 'run', '-c', 'vitest.cluster.config.ts'], { cwd: REPO, stdio: 'inherit', env: { ...process.env, KUBECONFIG } });
    if (r.status !== 0) throw new Error(`the cluster suites failed (vitest exit ${r.status}); see above`);
  });
  const s = existsSync(SUMMARY) ? JSON.parse(readFileSync(SUMMARY, 'utf8')) : {};
  const v = reportedVersions(tools);
  const i = s.install ?? {};
  console.log(`[cluster] SUMMARY: ${i.charts} charts, ${i.cases} charts x scenarios: ${i.installed} installed, ${i.upgraded} upgraded (${i.fromMain} from main's version), ${i.rolledBack} rolled back; `
    + `ct install --upgrade of ${ctInstalled} passed; umbrella dry run accepted ${Object.values(s.dryRun ?? {}).join(' + ')} objects; ${(s.rejections ?? []).length} rejection fixtures rejected; `
    + (s.oci ? `umbrella ${s.oci.installed} installed --verify from oci://${s.oci.registry}, upgraded to ${s.oci.upgradedTo}, rolled back; ` : 'OCI install did not run; ')
    + (s.velero ? `Velero ${s.velero.velero} (plugin-for-aws ${s.velero.awsPlugin}, ${s.velero.s3}) backed up and restored ${s.velero.objects} objects; ` : 'the Velero round trip did not run; ')
    + (s.argocd ? `Argo CD ${s.argocd.version} synced ${s.argocd.applications.length} Applications Synced and Healthy (${s.argocd.applications.join('; ')}), upgraded to ${s.argocd.upgradedTo}; ` : 'the Argo CD test did not run; ')
    + `Kubernetes ${v.kubernetes}, etcd ${v.etcd}, kwok ${v.kwok}, Helm ${v.helm}, ct ${v.ct}; ${((Date.now() - t0) / 1000).toFixed(0)} s`);
}

try {
  main();
} catch (err) {
  log(`error: ${err.message}`);
  process.exitCode = 1;
}
