// The values of the isolation chart: the namespace an environment runs in (its Pod Security Admission labels), the
// NetworkPolicies that close it, its ResourceQuota and its LimitRange. The chart renders no pod.
import { z } from 'zod';
import { cpu, dnsLabel, labelMap, memory, storageSize, text } from '../../dsl/primitives.ts';
import { RULES } from '../../dsl/rules.ts';
import { appgearMeta, chartBasics } from '../../dsl/workload.ts';
import { CORE_META } from '../core-defaults.ts';
import { isolationProblems } from './checks.ts';

export const LEVELS = ['restricted', 'baseline', 'privileged'] as const;

/** Pod Security versions a label may pin: "latest", or a Kubernetes minor since Pod Security Admission (1.22). */
export const PSS_VERSIONS = ['latest', ...Array.from({ length: 16 }, (_, i) => `v1.${22 + i}`)] as [string, ...string[]];

/** The quota of the staging document (seed 004, "Regra 2"): the defaults of quota.hard. */
export const DOCUMENT_QUOTA = { 'requests.cpu': '4', 'requests.memory': '8Gi', persistentvolumeclaims: 10, 'services.loadbalancers': 1 } as const;

const count = () => z.number().int().min(0);
const size = (what: string) => `${what} (a size with a unit)`;
const most = (what: string) => `Most ${what} in the namespace (0 forbids them)`;
const unset = (what: string) => `${what}; absent: not limited`;

/** The ResourceQuota keys the chart knows, each with its rule; the staging document's four have its numbers as defaults. */
const hard = z.strictObject({
  'requests.cpu': cpu().default(DOCUMENT_QUOTA['requests.cpu']).describe('Total CPU requests of the namespace\'s pods'),
  'limits.cpu': cpu().optional().describe(unset('Total CPU limits of the namespace\'s pods')),
  'requests.memory': storageSize().default(DOCUMENT_QUOTA['requests.memory']).describe(size('Total memory requests of the namespace\'s pods')),
  'limits.memory': storageSize().optional().describe(unset(size('Total memory limits of the namespace\'s pods'))),
  'requests.storage': storageSize().optional().describe(unset(size('Total storage the namespace\'s claims request'))),
  'requests.ephemeral-storage': storageSize().optional().describe(unset(size('Total ephemeral storage requests'))),
  'limits.ephemeral-storage': storageSize().optional().describe(unset(size('Total ephemeral storage limits'))),
  persistentvolumeclaims: count().default(DOCUMENT_QUOTA.persistentvolumeclaims).describe(most('PersistentVolumeClaims')),
  'services.loadbalancers': count().default(DOCUMENT_QUOTA['services.loadbalancers']).describe(most('Services of type LoadBalancer')),
  'services.nodeports': count().optional().describe(unset(most('node ports of Services'))),
  pods: count().optional().describe(unset(most('pods (not terminated)'))),
  services: count().optional().describe(unset(most('Services'))),
  configmaps: count().optional().describe(unset(most('ConfigMaps'))),
  secrets: count().optional().describe(unset(most('Secrets'))),
  replicationcontrollers: count().optional().describe(unset(most('ReplicationControllers'))),
  resourcequotas: count().optional().describe(unset(most('ResourceQuotas'))),
  'count/deployments.apps': count().optional().describe(unset(most('Deployments'))),
  'count/statefulsets.apps': count().optional().describe(unset(most('StatefulSets'))),
  'count/daemonsets.apps': count().optional().describe(unset(most('DaemonSets'))),
  'count/jobs.batch': count().optional().describe(unset(most('Jobs'))),
  'count/cronjobs.batch': count().optional().describe(unset(most('CronJobs'))),
  'count/ingresses.networking.k8s.io': count().optional().describe(unset(most('Ingresses'))),
  'count/horizontalpodautoscalers.autoscaling': count().optional().describe(unset(most('HorizontalPodAutoscalers'))),
}).prefault({});

const policy = (enabled: boolean, what: string) => ({ enabled: z.boolean().default(enabled).describe(what) });

const quantities = (d: { cpu: string; memory: string }, what: string) =>
  z.strictObject({
    cpu: cpu().default(d.cpu).describe(`CPU ${what}`),
    memory: memory().default(d.memory).describe(`Memory ${what}`),
  }).prefault({});

export const isolationValues = z.strictObject({
  ...chartBasics(),
  namespace: z.strictObject({
    name: text(RULES.dnsLabel, { allowEmpty: true }).default('').describe('Namespace to isolate ("" = the release namespace); the policies, the quota and the LimitRange go there'),
    create: z.boolean().default(true).describe('Render the Namespace with its labels when namespace.name is set and is not the release namespace (Helm cannot create the namespace it installs into: label that one with kubectl, see the README)'),
  }).prefault({}),
  podSecurity: z.strictObject({
    enforce: z.enum(LEVELS).default('restricted').describe('Pod Security level the API server enforces on the namespace\'s pods (baseline and privileged need a reason)'),
    enforceVersion: z.enum(PSS_VERSIONS).default('latest').describe('Version of the enforced level'),
    audit: z.enum(LEVELS).default('restricted').describe('Level whose violations go to the audit log'),
    auditVersion: z.enum(PSS_VERSIONS).default('latest').describe('Version of the audited level'),
    warn: z.enum(LEVELS).default('restricted').describe('Level whose violations are returned to the client as warnings'),
    warnVersion: z.enum(PSS_VERSIONS).default('latest').describe('Version of the warned level'),
    reason: z.string().default('').describe('Why the namespace enforces a level below restricted (required for baseline and privileged; an annotation of the Namespace)'),
  }).prefault({}),
  networkPolicies: z.strictObject({
    defaultDeny: z.strictObject(policy(true, 'NetworkPolicy default-deny: every pod of the namespace, no ingress and no egress but what another policy allows')).prefault({}),
    allowSameNamespace: z.strictObject(policy(true, 'NetworkPolicy allow-same-namespace: ingress from and egress to the pods of the namespace')).prefault({}),
    allowDns: z.strictObject({
      ...policy(true, 'NetworkPolicy allow-dns: egress on port 53 (UDP and TCP) to the cluster DNS pods'),
      podLabels: labelMap().default({ 'k8s-app': 'kube-dns' }).describe('Labels of the cluster DNS pods, in any namespace'),
    }).prefault({}),
    allowFromIngress: z.strictObject({
      ...policy(true, 'NetworkPolicy allow-from-ingress: ingress from the ingress controller\'s namespace'),
      namespace: dnsLabel().default('kong').describe('Namespace of the ingress controller (the Kong proxy)'),
    }).prefault({}),
    allowFromMonitoring: z.strictObject({
      ...policy(false, 'NetworkPolicy allow-from-monitoring: ingress from the Prometheus namespace'),
      namespace: dnsLabel().default('monitoring').describe('Namespace of Prometheus'),
    }).prefault({}),
  }).prefault({}),
  quota: z.strictObject({
    enabled: z.boolean().default(true).describe('Render the ResourceQuota (pods then need CPU and memory requests: the LimitRange gives defaults)'),
    hard: hard.describe('Limits of the namespace by ResourceQuota key; the staging document\'s keys are always set (raise them, or 0 for a count)'),
  }).prefault({}),
  limits: z.strictObject({
    enabled: z.boolean().default(true).describe('Render the LimitRange: requests and limits of containers that set none, and the most one may set'),
    defaultRequest: quantities({ cpu: '100m', memory: '128Mi' }, 'request of a container that sets none'),
    default: quantities({ cpu: '500m', memory: '512Mi' }, 'limit of a container that sets none'),
    max: quantities({ cpu: '4', memory: '8Gi' }, 'limit no container may exceed'),
  }).prefault({}),
  appgear: appgearMeta(CORE_META),
}).superRefine((v, ctx) => {
  for (const p of isolationProblems(v)) ctx.addIssue({ code: 'custom', path: p.path, input: undefined, message: p.message, params: { complete: true } });
});

export type IsolationValues = z.output<typeof isolationValues>;
