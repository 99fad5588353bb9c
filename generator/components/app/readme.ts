// The chart README's own sections: what each workload kind renders, the environment a connection becomes, and what
// the NetworkPolicy allows; written from the chart's defaults.
import type { AppValues } from './values.ts';

export function readme(v: AppValues): string {
  const port = v.ports[0];
  return `## One application

The chart runs one container, \`${v.image.repository}:${v.image.tag}\` by default, as \`workload.kind\`
(default \`${v.workload.kind}\`). A platform instantiates it once per application, each under its own key
(the objects are \`<release>-<key>\`):

| \`workload.kind\` | Objects |
|---|---|
| \`Deployment\` | Deployment (no \`replicas\` field when \`autoscaling.enabled\`), Service, PodDisruptionBudget, optional Kong Ingress (with a cert-manager Certificate), HorizontalPodAutoscaler, ServiceMonitor and PrometheusRule (SLOs) |
| \`StatefulSet\` | StatefulSet with a claim \`data\` per pod when \`persistence.enabled\` (an emptyDir otherwise), Service and headless Service \`<fullname>-headless\`, PodDisruptionBudget, the same optional objects |
| \`CronJob\` | CronJob on \`workload.schedule\` (UTC; default \`${v.workload.schedule}\`, \`concurrencyPolicy\` ${v.workload.concurrencyPolicy}); no Service, probe, PDB or route |

Every kind gets a ServiceAccount (no API token mounted) and a NetworkPolicy. The container runs as UID
${v.securityContext.runAsUser}, non-root, read-only root filesystem with an emptyDir on \`/tmp\` (and on each of
\`scratchPaths\`), no capabilities, seccomp RuntimeDefault: Pod Security "restricted".

- **Ports.** \`ports\` lists the container's named ports (default \`${port ? `${port.name} ${port.containerPort}` : 'none'}\`), each with \`name\`,
  \`containerPort\`, optional \`servicePort\` (default: the container port) and \`protocol\` (default TCP); the
  Service exposes each. Names are IANA service names: at most 15
  characters, a letter, no "--". The route, the ServiceMonitor and the HTTP and TCP checks name a port; "" is
  the first.
- **Probes.** Startup and liveness run \`healthChecks.liveness\` (default ${v.healthChecks.liveness.type}), readiness
  runs \`healthChecks.readiness\` (default ${v.healthChecks.readiness.type} \`${v.healthChecks.readiness.path}\`), with the timings of \`probes\`. An HTTP
  check sends \`host\` as its Host header when set (an application that refuses unknown hosts, such as Django
  with \`ALLOWED_HOSTS\`, would answer the kubelet's default, the pod IP, with 400).
- **Route.** With \`ingress.enabled\`, an Ingress with \`ingressClassName: kong\` for \`ingress.host\` and
  \`ingress.path\`; Kong strips the path when \`ingress.stripPath\`.
- **Scaling.** With \`autoscaling.enabled\`, an autoscaling/v2 HorizontalPodAutoscaler between \`minReplicas\` and
  \`maxReplicas\` on average CPU (default ${v.autoscaling.targetCPUUtilizationPercentage}% of the request) and memory use. Pods are spread over nodes
  (\`antiAffinity\`, default ${v.antiAffinity}) and, with \`topologySpread.enabled\`, over \`${v.topologySpread.topologyKey}\`.

## SLOs

With \`slo.enabled\` and \`global.capabilities.prometheusOperator\`, a PrometheusRule \`<fullname>\` holds, per SLO,
a rule group with the share of bad requests over 5m, 30m, 1h, 2h, 6h, 1d and 3d
(\`appgear:slo_bad_requests:ratio_rate<window>\`, labels \`slo\`, \`service\`, \`namespace\`) and the alerts of the
multi-window, multi-burn-rate table of Google's SRE workbook:

- **availability** (default on): the share of \`slo.availability.metric\` (default \`${v.slo.availability.metric}\`) picked by
  \`errorSelector\` (default \`${v.slo.availability.errorSelector}\`), against \`objective\` (default ${v.slo.availability.objective}%);
- **latency** (\`slo.latency.enabled\`): one minus the share of the histogram \`slo.latency.metric\` (default
  \`${v.slo.latency.metric}\`) in the bucket \`le="<threshold>"\` (default ${v.slo.latency.threshold} s), against \`objective\` (default
  ${v.slo.latency.objective}%: p${v.slo.latency.objective} within ${v.slo.latency.threshold} s).

Both add \`slo.selector\` to their series (default \`job="<fullname>",namespace="<release namespace>"\`, the labels of the
targets of \`metrics\`' ServiceMonitor). An alert fires when the bad share is above burn rate x (100 - objective)% over
both its long and its short window. The burn rate is the share of the budget of \`slo.window\` (default ${v.slo.window}) the
alert lets go within its long window, times the window over the long window (2% x 30d / 1h = 14.4, the workbook's
numbers for 30 days):

| Alert \`<Fullname><Slo>…\` | Budget spent | Windows | Burn rate (30d) | severity |
|---|---|---|---|---|
| \`FastBurn\` | 2% | 1h and 5m | 14.4 | \`slo.alerts.pageSeverity\` (${v.slo.alerts.pageSeverity}) |
| \`MediumBurn\` | 5% | 6h and 30m | 6 | \`slo.alerts.pageSeverity\` |
| \`SlowBurn\` | 10% | 1d and 2h | 3 | \`slo.alerts.ticketSeverity\` (${v.slo.alerts.ticketSeverity}) |
| \`ChronicBurn\` | 10% | 3d and 6h | 1 | \`slo.alerts.ticketSeverity\` |

\`slo.alerts.labels\` go on every alert, \`slo.alerts.runbookUrl\` becomes its \`runbook_url\`, and \`slo.labels\` on the
PrometheusRule (the label a Prometheus' ruleSelector picks). Nothing else follows from an SLO (no autoscaling on it).

## TLS certificate

With \`ingress.enabled\`, \`ingress.tlsSecretName\` and \`global.capabilities.certManager\`, a cert-manager Certificate for
\`ingress.host\` writes that Secret, signed by \`ingress.certificate.issuerRef\` (default the ${v.ingress.certificate.issuerRef.kind}
\`${v.ingress.certificate.issuerRef.name}\`); \`ingress.certificate.enabled: false\` leaves the Secret to something else.

## Connections

\`connections\` holds one entry per instance the application uses that provides postgresql, resp, amqp or kafka,
keyed by that instance's key and derived by the generator (values given in the platform module win). Each entry
becomes environment variables named after its key in capitals ("-" as "_"), before the variables of \`env\`, so
\`env\` may use them as \`$(POSTGRES_HOST)\`:

| Kind | Variables |
|---|---|
| postgresql | \`<KEY>_HOST\`, \`<KEY>_PORT\`, \`<KEY>_DATABASE\`, \`<KEY>_USER\` and \`<KEY>_PASSWORD\` (from the credentials Secret) |
| amqp | \`<KEY>_HOST\`, \`<KEY>_PORT\`, \`<KEY>_USER\` and \`<KEY>_PASSWORD\` (from the credentials Secret) |
| resp, kafka | \`<KEY>_HOST\`, \`<KEY>_PORT\` |

An entry has \`kind\` and \`port\` (required when written by hand), \`instance\` ("" = the entry's key),
\`fullnameOverride\`, \`host\`, \`database\`, \`secretName\`, \`usernameKey\` and \`passwordKey\`. The host is the instance's Service in the same release (\`<release>-<instance>\`, or its fullnameOverride), or
\`host\` when set (an instance of another release or namespace). The credentials Secret is \`secretName\`
(derived from the instance), else \`<instance fullname>-credentials\`, read at \`usernameKey\` and
\`passwordKey\`; user and password are never values.

## NetworkPolicy

Ingress: none for a CronJob; otherwise the ports, from the release namespace (\`networkPolicy.allowSameNamespace\`),
\`networkPolicy.allowedNamespaces\`, and the Kong namespace (\`ingress.controllerNamespace\`, default
\`${v.ingress.controllerNamespace}\`) when the route is on. Egress: DNS, istiod with Istio, and per connection its port
on the pods labelled \`app.kubernetes.io/name=<instance>\` and \`app.kubernetes.io/instance=<release>\` (at any
address when \`host\` is set); an instance not in \`connections\` is not reachable. More rules:
\`networkPolicy.extraIngress\` and \`networkPolicy.extraEgress\`.
`;
}
