// Stands in for the storage driver, which cannot run on fake nodes: every Pending claim in the watched
// namespaces gets a hostPath PersistentVolume pre-bound to it, and the real PV controller in
// kube-controller-manager binds the pair. Released volumes are deleted so namespaces can be reused.
import { execa } from 'execa';
import { fileURLToPath } from 'node:url';

function pvFor(pvc) {
  const { namespace, name, uid } = pvc.metadata;
  return {
    apiVersion: 'v1',
    kind: 'PersistentVolume',
    metadata: { name: `pv-${uid}`, labels: { 'appgear.io/test-pv': 'true' } },
    spec: {
      capacity: { storage: pvc.spec.resources?.requests?.storage ?? '1Gi' },
      accessModes: pvc.spec.accessModes ?? ['ReadWriteOnce'],
      storageClassName: pvc.spec.storageClassName ?? '',
      volumeMode: pvc.spec.volumeMode ?? 'Filesystem',
      persistentVolumeReclaimPolicy: 'Retain',
      claimRef: { apiVersion: 'v1', kind: 'PersistentVolumeClaim', namespace, name, uid },
      hostPath: { path: `/var/lib/appgear-test-pv/${namespace}/${name}`, type: 'DirectoryOrCreate' },
    },
  };
}

async function getJson(kubectl, kubeconfig, args) {
  const r = await execa(kubectl, ['--kubeconfig', kubeconfig, 'get', ...args, '-o', 'json'], { reject: false });
  return r.exitCode === 0 ? JSON.parse(r.stdout).items : [];
}

/** One pass; returns the number of volumes created. */
export async function provisionOnce(kubectl, kubeconfig) {
  const [pvcs, pvs] = await Promise.all([getJson(kubectl, kubeconfig, ['pvc', '-A']), getJson(kubectl, kubeconfig, ['pv', '-l', 'appgear.io/test-pv=true'])]);
  const claimed = new Set(pvs.map((pv) => pv.spec.claimRef?.uid));
  const wanted = pvcs.filter((c) => c.status?.phase === 'Pending' && !c.spec.volumeName && !claimed.has(c.metadata.uid)).map(pvFor);
  const released = pvs.filter((pv) => pv.status?.phase === 'Released').map((pv) => pv.metadata.name);
  if (wanted.length) {
    await execa(kubectl, ['--kubeconfig', kubeconfig, 'create', '-f', '-'], { input: JSON.stringify({ apiVersion: 'v1', kind: 'List', items: wanted }), reject: false });
  }
  if (released.length) {
    await execa(kubectl, ['--kubeconfig', kubeconfig, 'delete', 'pv', '--wait=false', ...released], { reject: false });
  }
  return wanted.length;
}

/** Run provisionOnce every `intervalMs` until the returned stop() is awaited. */
export function startProvisioner(kubectl, kubeconfig, intervalMs = 1000) {
  let stopped = false;
  const loop = (async () => {
    while (!stopped) {
      await provisionOnce(kubectl, kubeconfig);
      await new Promise((r) => setTimeout(r, intervalMs));
    }
  })();
  return async () => {
    stopped = true;
    await loop;
  };
}

// `node ci/cluster/provisioner.mjs KUBECTL KUBECONFIG` runs until it is killed (used around `ct install`).
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const [kubectl, kubeconfig] = process.argv.slice(2);
  if (!kubectl || !kubeconfig) {
    console.error('usage: node ci/cluster/provisioner.mjs KUBECTL KUBECONFIG');
    process.exitCode = 2;
  } else {
    startProvisioner(kubectl, kubeconfig);
  }
}
