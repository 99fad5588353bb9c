// `global`: settings Helm hands to every sub-chart of the umbrella.
import { z } from 'zod';
import { dnsLabel, k8sName, labelMap, labelValue, text } from './primitives.ts';
import { RULES } from './rules.ts';

const capability = (what: string, d = false) => z.boolean().default(d).describe(what);

/** Optional integrations, switched explicitly (never probed with .Capabilities or lookup). */
export const capabilitiesSchema = z.strictObject({
  istio: capability('Istio is installed: pods get the sidecar and may reach istiod', true),
  externalSecrets: capability('external-secrets.io is installed: ExternalSecrets may be rendered'),
  prometheusOperator: capability('Prometheus Operator is installed: ServiceMonitors may be rendered'),
  keda: capability('KEDA is installed: ScaledObjects may be rendered'),
  certManager: capability('cert-manager is installed: Certificates may be rendered'),
  snapshots: capability('CSI snapshot CRDs and controller are installed: VolumeSnapshots may be rendered'),
  velero: capability('Velero is installed: Schedules and locations may be rendered'),
  rook: capability('The Rook-Ceph operator is installed: Ceph custom resources may be rendered'),
  argocd: capability('Argo CD is installed: Applications may be rendered'),
}).prefault({});

const globalFields = {
  tenantId: labelValue().default('global').describe('appgear.io/tenant-id label on every object (FinOps attribution)'),
  topology: z.enum(['A', 'B']).default('B').describe('appgear.io/topology label: A is docker/dev, B is Kubernetes'),
  environment: dnsLabel().default('production').describe('Environment name (e.g. staging, production)'),
  workspaceId: labelValue().default('global').describe('appgear.io/workspace-id label on every object'),
  imageRegistry: text(RULES.imageRegistry, { allowEmpty: true }).default('').describe('Registry that replaces every image registry ("" keeps each image\'s own)'),
  imagePullSecrets: z.array(k8sName()).default([]).describe('Names of pull secrets added to every pod'),
  commonLabels: labelMap().default({}).describe('Labels added to every object'),
  capabilities: capabilitiesSchema,
};

/**
 * `global`: every key known, nothing else accepted. It belongs to the chart installed at the root: the
 * umbrella's schema and guard check it there, and a sub-chart checks it only when it is itself the root
 * (installed alone), so a mistake is reported once, and a foreign umbrella's own globals pass through.
 */
export const globalSchema = z.strictObject(globalFields).prefault({});

export type GlobalInput = z.input<typeof globalSchema>;
export type GlobalValues = z.output<typeof globalSchema>;
