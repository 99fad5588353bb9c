// What the cluster tests (test/cluster) use from the scripts here; typed in api.d.mts.
import { spawnSync } from 'node:child_process';
import { toolPath } from '../tools.mjs';
import { ensureBuilt } from './build.mjs';
import { KUBECONFIG, controlPlaneBinaries, isUp } from './cluster.mjs';
import { CRD_SOURCES } from './crds.mjs';
import { startProvisioner } from './provisioner.mjs';
import { pipTool } from '../pip.mjs';
import { ARGOCD, CT, ETCD, K8S, KWOK, S3_SERVER, VELERO } from './versions.mjs';

export { KUBECONFIG, startProvisioner, CRD_SOURCES };

/** Tool paths, without building anything: the cluster must have been brought up first. */
export function clusterTools() {
  if (!isUp()) throw new Error(`the local cluster is not running: start it with \`npm run cluster:up\` (KUBECONFIG=${KUBECONFIG})`);
  const helm = toolPath('helm3', { build: false });
  if (!helm) throw new Error('Helm 3 is not provisioned: run `node ci/tools.mjs ensure`');
  return { ...controlPlaneBinaries(), ...ensureBuilt('ct'), helm };
}

/** The pinned Argo CD multi-call binary (built on first use: about 16 minutes on 2 cores) and its version. */
export function argoCdBinary() {
  return { bin: ensureBuilt('argocd').argocd, version: ARGOCD.version };
}

/** The pinned Velero (server and CLI) and its AWS plugin (built on first use), and their versions. */
export function veleroBinaries() {
  return { ...ensureBuilt('velero'), ...ensureBuilt('velero-plugin-for-aws'), version: VELERO.version, awsPlugin: VELERO.awsPlugin };
}

/** The S3-compatible server of the round trip (installed into a virtualenv on first use) and its version. */
export function s3Server() {
  return { bin: pipTool({ name: S3_SERVER.pkg, ...S3_SERVER, took: 'about 30 seconds' }), name: S3_SERVER.pkg, version: S3_SERVER.version };
}

function firstLine(bin, args) {
  const r = spawnSync(bin, args, { encoding: 'utf8' });
  return `${r.stdout}${r.stderr}`.trim().split('\n')[0];
}

/** Versions as the binaries report them (pins in versions.mjs). */
export function reportedVersions(tools) {
  const server = JSON.parse(spawnSync(tools.kubectl, ['--kubeconfig', KUBECONFIG, 'version', '-o', 'json'], { encoding: 'utf8' }).stdout).serverVersion.gitVersion;
  return {
    kubernetes: server,
    etcd: firstLine(tools.etcd, ['--version']).replace(/^etcd Version:\s*/, 'v'),
    kwok: firstLine(tools.kwok, ['--version']).split(/\s+/)[2],
    helm: firstLine(tools.helm, ['version', '--template', '{{.Version}}']),
    ct: firstLine(tools.ct, ['version']).replace(/^Version:\s*/, ''),
    pinned: { kubernetes: K8S.version, etcd: ETCD.version, kwok: KWOK.version, ct: CT.version },
  };
}
