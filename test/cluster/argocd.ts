// A real Argo CD for the cluster tests: the application controller, repo-server and ApplicationSet controller
// of the pinned multi-call binary (ci/cluster/build.mjs, ARGOCD in versions.mjs) run as processes against the
// local control plane, the way Argo CD's own Procfile runs them out of a cluster (ARGOCD_FAKE_IN_CLUSTER, the
// component picked by ARGOCD_BINARY_NAME), with Debian's redis-server on 127.0.0.1 as their shared cache and
// the pinned Helm first on the repo-server's PATH. Everything it starts is stopped, and its folder removed, by stop().
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { parse } from 'yaml';
// @ts-expect-error plain .mjs without types
import { toolPath } from '../../ci/tools.mjs';
import { KUBECONFIG, argoCdBinary } from '../../ci/cluster/api.mjs';
import { freePort } from '../delivery/registry.ts';
import { kubectl, must } from './harness.ts';
import { listening, processGroup } from './processes.ts';

export interface ArgoCd {
  namespace: string;
  /** The last lines of every component's log (for a failure message). */
  logTail(lines?: number): string;
  stop(): Promise<void>;
}

/**
 * Start Argo CD in `namespace` (which must exist). `tlsCerts` maps a registry host (no port) to the PEM of the
 * CA it is trusted with, as argocd-tls-certs-cm does in a cluster.
 */
export async function startArgoCd(opts: { namespace?: string; tlsCerts?: Record<string, string> } = {}): Promise<ArgoCd> {
  const namespace = opts.namespace ?? 'argocd';
  const { bin } = argoCdBinary();
  const redisBin = toolPath('redis-server', { build: false }) as string | undefined;
  if (!redisBin) throw new Error('redis-server is not provisioned: run `node ci/tools.mjs ensure` (npm test does it first)');
  const helm = toolPath('helm3', { build: false }) as string;
  const group = processGroup('argocd');
  const { dir, stop, logTail } = group;
  const paths = Object.fromEntries(['tls', 'ssh', 'gpg-keys', 'gpg-source', 'plugins', 'redis', 'home', 'tmp'].map((d) => {
    mkdirSync(join(dir, d), { recursive: true });
    return [d, join(dir, d)];
  })) as Record<string, string>;
  for (const [host, pem] of Object.entries(opts.tlsCerts ?? {})) writeFileSync(join(paths.tls!, host), pem);

  // Settings the controllers read at start: argocd-cm (reconciliation every 20 s so the test needs no
  // webhook) and argocd-secret (the server key the settings manager expects).
  const labels = { 'app.kubernetes.io/part-of': 'argocd' };
  await must(kubectl(['apply', '--server-side', '--force-conflicts', '-f', '-'], JSON.stringify({
    apiVersion: 'v1',
    kind: 'List',
    items: [
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'argocd-cm', namespace, labels }, data: { 'timeout.reconciliation': '20s' } },
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'argocd-rbac-cm', namespace, labels }, data: {} },
      { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'argocd-secret', namespace, labels }, stringData: { 'server.secretkey': randomBytes(24).toString('base64') } },
    ],
  })), 'creating argocd-cm and argocd-secret');

  const start = (name: string, cmd: string, args: string[], env: Record<string, string> = {}) => group.start(name, cmd, args, {
    PATH: `${dirname(helm)}:${process.env.PATH}`,
    HOME: paths.home!,
    TMPDIR: paths.tmp!,
    KUBECONFIG,
    ARGOCD_FAKE_IN_CLUSTER: 'true',
    ARGOCD_TLS_DATA_PATH: paths.tls!,
    ARGOCD_SSH_DATA_PATH: paths.ssh!,
    ARGOCD_GNUPGHOME: paths['gpg-keys']!,
    ARGOCD_GPG_DATA_PATH: paths['gpg-source']!,
    ARGOCD_GPG_ENABLED: 'false',
    ARGOCD_PLUGINSOCKFILEPATH: paths.plugins!,
    ...env,
  });

  try {
    const [redisPort, repoPort, repoMetrics, ctrlMetrics, setMetrics, setProbe, setWebhook] = await Promise.all(Array.from({ length: 7 }, freePort));
    const redis = start('redis', redisBin, ['--port', String(redisPort), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', paths.redis!]);
    await listening(redisPort!, redis, 30);
    const redisAddr = `127.0.0.1:${redisPort}`;
    const repoServer = start('repo-server', bin, ['--loglevel', 'info', '--address', '127.0.0.1', '--port', String(repoPort), '--metrics-address', '127.0.0.1', '--metrics-port', String(repoMetrics), '--redis', redisAddr],
      { ARGOCD_BINARY_NAME: 'argocd-repo-server' });
    await listening(repoPort!, repoServer, 120);
    const kube = ['--kubeconfig', KUBECONFIG, '--namespace', namespace];
    const controller = start('application-controller', bin, ['--loglevel', 'info', ...kube, '--redis', redisAddr, '--repo-server', `127.0.0.1:${repoPort}`,
      '--metrics-port', String(ctrlMetrics), '--status-processors', '4', '--operation-processors', '4',
      // Resource health in each Application's status (3.x keeps it only in Redis by default), so the test reads it with kubectl.
      '--persist-resource-health=true'],
      { ARGOCD_BINARY_NAME: 'argocd-application-controller', HOSTNAME: 'argocd-application-controller-0' });
    const appsets = start('applicationset-controller', bin, ['--loglevel', 'info', ...kube, '--argocd-repo-server', `127.0.0.1:${repoPort}`,
      '--metrics-addr', `127.0.0.1:${setMetrics}`, '--probe-addr', `127.0.0.1:${setProbe}`, '--webhook-addr', `127.0.0.1:${setWebhook}`],
      { ARGOCD_BINARY_NAME: 'argocd-applicationset-controller' });
    await Promise.all([listening(ctrlMetrics!, controller, 120), listening(setProbe!, appsets, 120)]);
  } catch (err) {
    const logs = logTail();
    await stop();
    throw new Error(`${(err as Error).message}\n${logs}`);
  }
  return { namespace, logTail, stop };
}

/**
 * Register the local API server with Argo CD a second time, under its own address (Argo CD knows it already as
 * the in-cluster https://kubernetes.default.svc), as a cluster Secret carrying `labels`: what a cluster
 * generator selects. Returns the server URL.
 */
export async function registerCluster(namespace: string, name: string, labels: Record<string, string>): Promise<string> {
  const config = parse(readFileSync(KUBECONFIG, 'utf8')) as {
    clusters: { cluster: { server: string; 'certificate-authority': string } }[];
    users: { user: { 'client-certificate': string; 'client-key': string } }[];
  };
  const { server, 'certificate-authority': ca } = config.clusters[0]!.cluster;
  const { 'client-certificate': cert, 'client-key': key } = config.users[0]!.user;
  const b64 = (file: string) => readFileSync(file).toString('base64');
  await must(kubectl(['apply', '-f', '-'], JSON.stringify({
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: `cluster-${name}`, namespace, labels: { 'argocd.argoproj.io/secret-type': 'cluster', ...labels } },
    stringData: { name, server, config: JSON.stringify({ tlsClientConfig: { caData: b64(ca), certData: b64(cert), keyData: b64(key) } }) },
  })), `registering cluster ${name}`);
  return server;
}
