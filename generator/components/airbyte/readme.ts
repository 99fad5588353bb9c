// The chart README's own sections: which upstream Airbyte chart the typed values follow and where its keys were
// read, how each of our values reaches an upstream key, and what the chart keeps of module 09's security intent.
import { type AirbyteValues, PARTS, UPSTREAM } from './values.ts';

export function readme(v: AirbyteValues): string {
  const ns = v.destination.namespace ? `\`${v.destination.namespace}\`` : 'the release\'s namespace (`factory-data` as the AppGear platform delivers it)';
  const parts = PARTS.map((p) => `| \`${p.key}.resources\` | \`${p.upstream}.resources\` (and \`${p.upstream}.extraLabels\`, \`${p.upstream}.podLabels\`: the appgear.io labels) |`);
  return `## The upstream chart

This chart deploys no Airbyte pod itself: it renders an Argo CD Application (in \`${v.application.namespace}\`) that
installs Airbyte's own Helm chart \`${UPSTREAM.chart}\` from ${UPSTREAM.repoURL}, **pinned to ${UPSTREAM.version}**
(Airbyte ${UPSTREAM.appVersion}), as release \`${v.application.releaseName}\` in namespace ${ns}: one shared
Airbyte per environment, tenant \`global.tenantId\` (\`global\` in the AppGear platform). The typed values follow
the values of chart ${UPSTREAM.version}, as read from the chart's sources in airbytehq/airbyte-platform: the values table
of \`charts/airbyte/README.md\` (badge "Version ${UPSTREAM.version}", AppVersion ${UPSTREAM.appVersion}), the database helpers
of \`charts/airbyte/templates/_database.tpl\` (\`global.database.*\`, \`userSecretKey\`, \`passwordSecretKey\`),
\`charts/airbyte-webapp/templates/ingress.yaml\` (\`webapp.ingress.*\`) and the sub-charts' Deployments
(\`extraLabels\`, \`podLabels\`, objects named \`<release>-<part>\`). Changing \`application.targetRevision\` to another
chart version is possible, but its keys are then unchecked: Airbyte 1.7 merged the webapp into the server and
chart V2 renamed most keys.

| Value of this chart | Upstream value |
|---------------------|----------------|
| \`postgres.host\`, \`port\`, \`database\` | \`global.database.host\`, \`port\`, \`database\` (\`global.database.type: external\`, \`postgresql.enabled: false\`: the bundled Postgres is off) |
| \`postgres.credentials\` | \`global.database.secretName\`, \`passwordSecretKey\`, and \`userSecretKey\` (or \`user\` when \`postgres.user\` is set) |
| \`ingress.*\` | \`webapp.ingress\` (\`className: kong\`, hosts, Prefix path, TLS), \`global.airbyteUrl\` |
${parts.join('\n')}
| \`jobs.resources\` | \`global.jobs.resources\` (the connector pods of each sync; they get the labels through \`global.jobs.kube.labels\`) |

## Security and scaling

- **Only through Kong.** The UI is routed by the upstream chart's webapp Ingress with \`ingressClassName: kong\`
  (Kong strips \`${v.ingress.path}\`), never a Traefik IngressRoute; its Service stays ClusterIP, and with
  \`networkPolicy.enabled\` a NetworkPolicy in ${ns} lets only the \`${v.ingress.controllerNamespace}\` namespace reach the UI pods.
- **Secrets only from Secrets.** The database password (and user, unless \`postgres.user\` is set) is read from the
  Secret \`postgres.credentials\` names in ${ns}, or that an ExternalSecret from the Vault store creates
  there (\`postgres.credentials.externalSecret.enabled\`, remote key \`${v.postgres.credentials.externalSecret.remoteKey}\`).
  The Postgres instance's own credentials Secret lives in its namespace, which Airbyte's pods cannot read: the
  Vault role for Airbyte is its own.
- **Database host.** Without \`postgres.host\`, the host is the Postgres Service of the same release,
  \`<release>-${v.postgres.instance}.<namespace>.svc.cluster.local\` (instance, fullnameOverride and port derived from a used
  instance that provides \`postgresql\`); \`postgres.namespace\` names its namespace when this chart is installed in
  another one than the Postgres instance (the platform's endpoints do not carry namespaces).
- **Namespace and Pod Security.** With \`destination.namespace\` set to another namespace than the release's, the chart renders it itself
  (\`destination.createNamespace\`; first, kept on uninstall, never pruned), so its own objects there never wait for
  Argo CD; the Application would create it too. Both label it with the appgear.io labels and
  \`pod-security.kubernetes.io/enforce: ${v.destination.podSecurity}\` (\`destination.podSecurity\`); the chart itself renders no pod.
- **KEDA.** With \`global.capabilities.keda\`, a ScaledObject in ${ns} scales the upstream Deployment
  \`${v.application.releaseName}-worker\` between ${v.keda.minReplicaCount} and ${v.keda.maxReplicaCount} replicas on \`${v.keda.query}\` from ${v.keda.prometheusServer},
  and the Application ignores the Deployment's replica count (\`ignoreDifferences\`, \`RespectIgnoreDifferences\`) so
  Argo CD does not undo KEDA.
- **Not typed yet.** Log and state storage stay on the upstream chart's bundled MinIO, and the upstream images on
  their own registry (\`global.imageRegistry\` does not reach them).
`;
}
