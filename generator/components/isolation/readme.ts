// The chart README's own sections: the namespace and why the chart creates it only when it is not the release's,
// each NetworkPolicy, the quota and the LimitRange; written from the chart's defaults.
import type { IsolationValues } from './values.ts';

export function readme(v: IsolationValues): string {
  const np = v.networkPolicies;
  const on = (enabled: boolean) => (enabled ? 'on' : 'off');
  const hard = Object.entries(v.quota.hard).map(([k, n]) => `| \`${k}\` | \`${n}\` |`);
  return `## The namespace

The chart isolates one namespace: \`namespace.name\`, or the release namespace when it is "" (the default). Every
object it renders goes there; it renders no pod.

- **Created only when it is another namespace.** With \`namespace.create\` (default ${v.namespace.create}) and \`namespace.name\` set
  to a namespace other than the release's, the chart renders the Namespace (kept on \`helm uninstall\`, never pruned
  by Argo CD: it holds the environment's data). Helm installs a release into its namespace, so that namespace exists
  before the chart could create it, and a Namespace object of the release namespace would fail as "already exists"
  (or take over a namespace someone else made). There the chart renders only the policies, the quota and the
  LimitRange, and NOTES.txt prints the \`kubectl label namespace\` command with the labels below; under Argo CD,
  \`managedNamespaceMetadata\` of the Application sets them.
- **Labels.** The standard labels (tenant, workspace, ...), \`appgear.io/environment\` (\`global.environment\`) and
  the Pod Security Admission labels: \`pod-security.kubernetes.io/enforce\` (\`podSecurity.enforce\`, default
  \`${v.podSecurity.enforce}\`), \`audit\` (\`${v.podSecurity.audit}\`) and \`warn\` (\`${v.podSecurity.warn}\`), each with its \`-version\` label (default
  \`${v.podSecurity.enforceVersion}\`).
- **Exceptions need a reason.** \`baseline\` or \`privileged\` for \`podSecurity.enforce\` is refused without
  \`podSecurity.reason\`, at generation time and by the chart at install time; the reason becomes the Namespace's
  \`appgear.io/pod-security-reason\` annotation. Audit and warn may stay \`restricted\` to show what would break.
- With Istio sidecars, \`restricted\` needs the Istio CNI plugin (the \`istio-init\` container asks for NET_ADMIN).

## NetworkPolicies

Each is a switch under \`networkPolicies\`; all select every pod of the namespace (\`podSelector: {}\`), and
NetworkPolicies add up, so a pod may do what any of them allows.

| Policy | Default | Allows |
|---|---|---|
| \`default-deny\` | ${on(np.defaultDeny.enabled)} | nothing: Ingress and Egress with no rule |
| \`allow-same-namespace\` | ${on(np.allowSameNamespace.enabled)} | ingress from and egress to the pods of the namespace |
| \`allow-dns\` | ${on(np.allowDns.enabled)} | egress on port 53, UDP and TCP, to the pods labelled ${Object.entries(np.allowDns.podLabels).map(([k, val]) => `\`${k}=${val}\``).join(', ')} (\`allowDns.podLabels\`) in any namespace |
| \`allow-from-ingress\` | ${on(np.allowFromIngress.enabled)} | ingress from namespace \`${np.allowFromIngress.namespace}\` (\`allowFromIngress.namespace\`, by \`kubernetes.io/metadata.name\`): the ingress controller |
| \`allow-from-monitoring\` | ${on(np.allowFromMonitoring.enabled)} | ingress from namespace \`${np.allowFromMonitoring.namespace}\` (\`allowFromMonitoring.namespace\`): Prometheus |

The names are fixed: one release of the chart per namespace. Because policies add up, \`allow-same-namespace\` and
\`allow-from-ingress\` open every port of every pod of the namespace to its neighbours and to the ingress controller,
whatever the pod's own chart allows; switch them off to leave each pod to its own chart's NetworkPolicy.

## ResourceQuota and LimitRange

With \`quota.enabled\` (default ${v.quota.enabled}), a ResourceQuota \`<release>-<chart>\` holds \`quota.hard\`; the defaults are
the staging document's quota:

| Key | Default |
|---|---|
${hard.join('\n')}

Other known keys (\`limits.cpu\`, \`limits.memory\`, \`requests.storage\`, \`pods\`, \`services\`, \`count/<resource>\`, ...) are
absent until set; an unknown key is refused. CPU keys take a CPU quantity, memory and storage keys a size with a unit,
counts an integer (0 forbids the kind). The defaulted keys stay set: raise them, or switch the quota off.

A quota on CPU and memory requests refuses pods that set none, so with \`limits.enabled\` (default ${v.limits.enabled}) a LimitRange
\`<release>-<chart>\` gives such containers requests of ${v.limits.defaultRequest.cpu} CPU and ${v.limits.defaultRequest.memory} memory and limits of ${v.limits.default.cpu} CPU and
${v.limits.default.memory} memory, and refuses a container above ${v.limits.max.cpu} CPU or ${v.limits.max.memory} memory. A default request above its
default limit, or a default limit above the maximum, is refused at both times.

Not part of this chart: whether the platform's instances fit the quota, and NetworkPolicy allows derived from the
instances' dependencies across namespaces.
`;
}
