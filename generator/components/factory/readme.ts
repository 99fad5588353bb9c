// The chart README's own sections: what one workspace gets, where its secrets are read from in Vault, how its
// routes and backups work, and what KEDA scales on; written from the chart's defaults.
import type { FactoryValues } from './values.ts';

export function readme(v: FactoryValues): string {
  const kv = `${v.vault.kvMount}${v.vault.kvVersion === 'v2' ? '/data' : ''}/<tenant>/<workspace>`;
  const secrets = [
    ...Object.entries(v.codeServer.vaultSecrets).map(([f, p]) => `code-server \`/vault/secrets/${f}\` from \`${kv}/${p}\``),
    ...Object.entries(v.builder.vaultSecrets).map(([f, p]) => `the build service \`/vault/secrets/${f}\` from \`${kv}/${p}\``),
    ...Object.entries(v.multiplayer.vaultSecrets).map(([f, p]) => `the multiplayer gateway \`/vault/secrets/${f}\` from \`${kv}/${p}\``),
  ];
  return `## One workspace

The chart is installed once per workspace, into its namespace \`ws-<workspace>-factory\`, with the workspace's
tenant and id as \`global.tenantId\` and \`global.workspaceId\` (the \`appgear.io/tenant-id\` and
\`appgear.io/workspace-id\` labels of every object). Each part is switched on its own:

| Part | Switch | Objects |
|------|--------|---------|
| code-server CDE | \`codeServer.enabled\` | Deployment, Service, Kong Ingress \`${v.codeServer.ingress.path}\` and NetworkPolicy \`addon-factory-vscode\`, claim \`cde-workspace\` (ReadWriteMany, StorageClass \`${v.codeServer.persistence.storageClass}\`), ScaledObject |
| native build service | \`builder.enabled\` | Deployment, Service and NetworkPolicy \`addon-factory-tauri-builder\`, ScaledObject; artifacts to \`s3://${v.builder.artifacts.bucket}\` at ${v.builder.artifacts.endpoint} |
| multiplayer gateway | \`multiplayer.enabled\` | Deployment, Service, Kong Ingress \`${v.multiplayer.ingress.path}\` and NetworkPolicy \`addon-factory-multiplayer\`, ScaledObject; Redis \`${v.multiplayer.redis.host}:${v.multiplayer.redis.port}\`, Redpanda \`${v.multiplayer.redpanda.brokers.map((b) => `${b.host}:${b.port}`).join(',')}\` |

The object names are fixed (module 09's), so one release per namespace.

- **Routes.** Only through Kong: \`Ingress\` objects with \`ingressClassName: kong\` (never a Traefik
  IngressRoute, which would bypass Coraza and Kong), Kong stripping the path prefix. The host is
  \`ingress.host\`, or \`<workspace>.${v.ingress.domain}\` (the workspace id lowercased, "_" and "." as "-"), so two
  workspaces never share a route. The gateway's Service carries Kong's read and write timeouts
  (${v.multiplayer.ingress.readTimeoutMs} ms): WebSockets stay open far longer than a request. code-server asks for no
  password of its own: the SSO in front of it is Kong's.
- **Secrets.** Only from Vault, through the Vault agent injector: role \`<tenant>-<workspace>-factory\` (or
  \`vault.role\`), ${secrets.join('; ')}. The agent logs in with a projected token; no container mounts the API
  token. The build service's S3 keys come from the Secret that \`builder.artifacts.credentials\` names (an
  ExternalSecret from the Vault store with \`externalSecret.enabled\`), mounted as files; never from values.
- **Workspace files.** The claim \`cde-workspace\` outlives the chart (\`helm.sh/resource-policy: keep\`, and Argo CD
  never deletes it on prune): removing a workspace leaves its files until the claim is deleted by hand.
- **Backups.** With \`backup.enabled\` every object the chart's own templates render is labelled
  \`appgear.io/backup-enabled: "true"\`, which the workspaces Schedule of the disaster-recovery chart selects. The
  ServiceAccount, PodDisruptionBudget and ExternalSecret come from the library and carry only the standard labels
  (add the label to \`commonLabels\` to back them up as well; Argo CD recreates them on sync anyway).
- **KEDA.** With \`global.capabilities.keda\`, each part scales between \`minReplicaCount\` (0: scale to zero) and
  \`maxReplicaCount\` on a Prometheus query at ${v.prometheus.serverAddress}: \`sum(<metric>{workspace_id="<workspace>"})\`,
  the metrics being \`${v.codeServer.keda.metric}\`, \`${v.builder.keda.metric}\` and \`${v.multiplayer.keda.metric}\`. Without KEDA
  each Deployment runs \`replicas\`.
`;
}
