// The parts of the backup-and-restore round trip (velero.test.ts) that run as processes: an S3-compatible
// server on 127.0.0.1 (ci/cluster/versions.mjs says which and why) and the pinned Velero server with its AWS
// plugin, built from their Go modules, against the local control plane. stop() ends both and removes their files.
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { KUBECONFIG, s3Server, veleroBinaries } from '../../ci/cluster/api.mjs';
import { freePort, httpRequest } from '../delivery/registry.ts';
import { processGroup } from './processes.ts';

const http = (method: string, url: string) => httpRequest(method, url).then((r) => r.status);


export interface Processes {
  /** http://127.0.0.1:PORT */
  s3Endpoint: string;
  /** Create a bucket (path style, as Velero's AWS plugin addresses it with s3ForcePathStyle). */
  createBucket(name: string): Promise<void>;
  /**
   * Start Velero with `args` (the chart's container arguments, from `server` on) in `namespace`, with the `cloud`
   * credentials file content the chart's Secret holds. The metrics address moves to a free loopback port.
   */
  startVelero(namespace: string, cloudCredentials: string, args: string[]): Promise<void>;
  /** The Velero CLI against the same cluster and namespace. */
  velero(args: string[]): Promise<{ exitCode: number; all: string }>;
  logTail(lines?: number): string;
  versions: { velero: string; awsPlugin: string; s3: string };
  stop(): Promise<void>;
}

export async function startProcesses(): Promise<Processes> {
  const bins = veleroBinaries();
  const s3 = s3Server();
  const group = processGroup('velero');
  const { dir, stop, logTail } = group;
  const start = (name: string, cmd: string, args: string[], env: Record<string, string> = {}) =>
    group.start(name, cmd, args, { PATH: process.env.PATH ?? '', HOME: dir, ...env });

  const port = await freePort();
  const s3Endpoint = `http://127.0.0.1:${port}`;
  const server = start('s3', s3.bin, ['-H', '127.0.0.1', '-p', String(port)]);
  for (let i = 0; ; i++) {
    const failed = server.proc.exitCode !== null ? `${s3.name} exited (${server.proc.exitCode})`
      : i > 150 ? `${s3.name} did not answer on ${s3Endpoint} within 30 s` : undefined;
    if (failed) {
      const logs = logTail();
      await stop();
      throw new Error(`${failed}:\n${logs}`);
    }
    if (await http('GET', `${s3Endpoint}/`).then(() => true, () => false)) break;
    await new Promise((r) => setTimeout(r, 200));
  }

  // Velero loads every executable of its plugin folder (in the chart, what the init containers copy there).
  const plugins = join(dir, 'plugins');
  mkdirSync(plugins);
  copyFileSync(bins['velero-plugin-for-aws'], join(plugins, 'velero-plugin-for-aws'));
  const kube = ['--kubeconfig', KUBECONFIG];
  let namespace = 'velero';

  return {
    s3Endpoint,
    async createBucket(name) {
      const status = await http('PUT', `${s3Endpoint}/${name}`);
      if (status !== 200) throw new Error(`creating bucket ${name} on ${s3Endpoint}: HTTP ${status}`);
    },
    async startVelero(ns, cloudCredentials, args) {
      namespace = ns;
      const credentials = join(dir, 'cloud');
      writeFileSync(credentials, cloudCredentials, { mode: 0o600 });
      const [metrics] = await Promise.all([freePort()]);
      const own = args.filter((a) => !a.startsWith('--metrics-address'));
      const velero = start('velero', bins.velero, [...own, ...kube, '--namespace', ns, '--plugin-dir', plugins,
        '--metrics-address', `127.0.0.1:${metrics}`, '--store-validation-frequency', '10s'],
      { AWS_SHARED_CREDENTIALS_FILE: credentials, VELERO_NAMESPACE: ns, VELERO_SCRATCH_DIR: join(dir, 'scratch') });
      await new Promise((r) => setTimeout(r, 500));
      if (velero.proc.exitCode !== null) throw new Error(`velero server exited (${velero.proc.exitCode}):\n${logTail()}`);
    },
    async velero(args) {
      const r = await execa(bins.velero, [...args, ...kube, '--namespace', namespace], { reject: false, all: true, env: { HOME: dir } });
      return { exitCode: r.exitCode ?? -1, all: String(r.all) };
    },
    logTail,
    versions: { velero: bins.version, awsPlugin: bins.awsPlugin, s3: `${s3.name} ${s3.version}` },
    stop,
  };
}
