// The shared Airbyte of the Factory suite (module 09): one per environment, in namespace factory-data, tenant
// global. The upstream Airbyte chart, pinned, through an Argo CD Application with typed values (external
// Postgres with credentials from a Secret, the UI only through Kong, resources and FinOps labels), and a KEDA
// ScaledObject for the upstream workers. The chart itself renders no pod.
import { defineComponent, externalSecretRule, type DeriveContext } from '../../dsl/component.ts';
import { providersOf } from '../../dsl/endpoints.ts';
import { readme } from './readme.ts';
import { type AirbyteValues, UPSTREAM, airbyteValues } from './values.ts';

const CHART = 'suite-factory-data';

/**
 * From the Postgres instance it uses (exactly one; with several nothing is derived): its Service name and port.
 * The database and the credentials stay Airbyte's own (its database on that server, a Secret in its namespace).
 */
function derive({ uses }: DeriveContext) {
  const found = providersOf(uses, 'postgresql');
  if (found.length !== 1) return {};
  const pg = found[0]!;
  return { postgres: { instance: pg.instance, fullnameOverride: pg.fullnameOverride, port: pg.port } };
}

export const airbyte = defineComponent({
  id: 'airbyte',
  chart: {
    name: CHART,
    version: '0.1.0',
    appVersion: UPSTREAM.appVersion,
    title: 'Shared Airbyte of the Factory suite',
    description: 'The shared Airbyte of the AppGear Factory suite, one per environment: the upstream Airbyte chart (pinned) through an Argo CD Application, external Postgres, the UI only through Kong, KEDA for the workers.',
    keywords: ['airbyte', 'data-integration', 'argocd', 'keda', 'factory', 'appgear'],
    category: 'integration-delivery',
    home: 'https://airbyte.com',
    maintainers: [{ name: 'AppGear Platform Team', email: 'platform@appgear.io' }],
  },
  values: airbyteValues,
  templatesDir: new URL('./templates/', import.meta.url),
  capabilities: {
    workloads: [],
    ports: [],
    // The credentials Secret is read in destination.namespace: the chart's own template renders its ExternalSecret there.
    secrets: [],
    images: [],
    crds: ['argoproj.io/v1alpha1/Application', 'keda.sh/v1alpha1/ScaledObject', 'external-secrets.io/v1/ExternalSecret'],
    podSecurity: { level: 'restricted' },
    rules: [externalSecretRule('postgres.credentials')],
    namespaces: ['destination.namespace'],
    applications: [{
      when: 'application.enabled',
      repoURL: 'application.repoURL',
      project: 'application.project',
      namespace: 'application.namespace',
      destination: 'destination.namespace',
      clusterResources: [],
      reason: 'the airbyte chart renders only namespaced objects: its ServiceAccount, Role and RoleBinding (templates/serviceaccount.yaml), Deployments, Services, ConfigMaps, Secrets and the webapp Ingress',
    }],
    gated: [{ what: 'the Argo CD Application of the upstream Airbyte chart', needs: 'global.capabilities.argocd', when: 'application.enabled' }],
    autoscaling: {
      kind: 'Deployment',
      name: '{{ .Values.application.releaseName }}-worker',
      namespace: `{{ include "${CHART}.namespace" . }}`,
    },
  },
  needs: { postgresql: 'any' },
  derive,
  notes: [
    '{{- if and .Values.application.enabled .Values.global.capabilities.argocd }}',
    '',
    'Argo CD installs Airbyte from the Application {{ include "appgear-common.names.fullname" . }} in namespace {{ .Values.application.namespace }}:',
    `chart {{ .Values.application.chart }} {{ .Values.application.targetRevision }}, release {{ .Values.application.releaseName }}, namespace {{ include "${CHART}.namespace" . }}.`,
    '{{- if .Values.ingress.enabled }}',
    'UI (only through Kong): https://{{ .Values.ingress.host }}{{ .Values.ingress.path }}',
    '{{- end }}',
    '{{- end }}',
  ].join('\n'),
  readme: (defaults) => readme(defaults as AirbyteValues),
  scenarios: {
    // The reference: Argo CD installs it, KEDA scales the workers as module 09 asks, the credentials from Vault.
    'argocd-keda': {
      global: { capabilities: { argocd: true, keda: true, externalSecrets: true } },
      postgres: { credentials: { externalSecret: { enabled: true } } },
      keda: { cooldownPeriod: 300, pollingInterval: 30 },
    },
    // A managed Postgres outside the cluster with a fixed user, an existing Secret, the route on its own host with TLS.
    'external-database': {
      global: { capabilities: { argocd: true } },
      postgres: { host: 'airbyte-db.example.com', user: 'airbyte', credentials: { secretName: 'airbyte-db' } },
      ingress: { host: 'airbyte.example.com', tlsSecretName: 'airbyte-tls' },
    },
    // Without Argo CD nothing of Airbyte is rendered (NOTES.txt says why); without the route, no NetworkPolicy.
    'no-argocd-no-route': {
      ingress: { enabled: false },
    },
  },
});
