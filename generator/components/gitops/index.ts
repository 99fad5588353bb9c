// GitOps: the Argo CD Application that keeps the core module in sync ("core-data-brokers"),
// from git (a chart path) or from a Helm/OCI repository (a chart name), all values.
import { z } from 'zod';
import { defineComponent } from '../../dsl/component.ts';
import { dnsLabel, k8sName, text } from '../../dsl/primitives.ts';
import { RULES } from '../../dsl/rules.ts';
import { appgearMeta, chartBasics } from '../../dsl/workload.ts';
import { CORE_MAINTAINERS, CORE_META } from '../core-defaults.ts';

export const gitopsValues = z.strictObject({
  ...chartBasics(),
  application: z.strictObject({
    enabled: z.boolean().default(false).describe('Render the Argo CD Application (needs global.capabilities.argocd)'),
    name: k8sName().default('core-data-brokers').describe('Application name'),
    namespace: dnsLabel().default('argocd').describe('Namespace Argo CD watches for Applications'),
    project: k8sName().default('default').describe('Argo CD project'),
    source: z.strictObject({
      repoURL: text(RULES.repoUrl).default('git@github.com:appgear/appgear-gitops-core.git')
        .describe('Git repository, Helm repository or OCI registry (oci://...)'),
      targetRevision: z.string().min(1).default('main').describe('Branch, tag or chart version'),
      path: z.string().default('charts/appgear').describe('Chart folder in a git repository ("" when `chart` is set)'),
      chart: k8sName({ optional: true }).default('').describe('Chart name in a Helm or OCI repository ("" for git)'),
      releaseName: dnsLabel().default('core').describe('Helm release name (object names start with it)'),
      valueFiles: z.array(z.string().min(1)).default([]).describe('Extra values files of the chart, e.g. values-production.yaml'),
    }).prefault({}),
    destination: z.strictObject({
      server: text(RULES.httpUrl).default('https://kubernetes.default.svc').describe('Cluster API server'),
      namespace: dnsLabel().default('appgear-core').describe('Namespace the release goes to'),
    }).prefault({}),
    syncPolicy: z.strictObject({
      automated: z.boolean().default(true).describe('Sync automatically on every change'),
      prune: z.boolean().default(true).describe('Delete objects that left the desired state'),
      selfHeal: z.boolean().default(true).describe('Undo changes made outside git'),
      createNamespace: z.boolean().default(true).describe('Create the destination namespace'),
      serverSideApply: z.boolean().default(true).describe('Apply with server-side apply'),
    }).prefault({}),
  }).prefault({}),
  appgear: appgearMeta(CORE_META),
});

export const gitops = defineComponent({
  id: 'gitops',
  chart: {
    name: 'core-gitops',
    version: '0.3.1',
    appVersion: '0.1.0',
    title: 'Core GitOps',
    description: 'The Argo CD Application that syncs the AppGear core module from git or an OCI registry.',
    keywords: ['argocd', 'gitops', 'application', 'appgear'],
    category: 'integration-delivery',
    home: 'https://argo-cd.readthedocs.io',
    maintainers: CORE_MAINTAINERS,
  },
  values: gitopsValues,
  templatesDir: new URL('./templates/', import.meta.url),
  capabilities: {
    workloads: [],
    ports: [],
    secrets: [],
    images: [],
    crds: ['argoproj.io/v1alpha1/Application'],
    podSecurity: { level: 'restricted' },
    rules: [{ kind: 'implies', if: 'application.enabled', then: 'global.capabilities.argocd', message: 'application.enabled needs Argo CD' }],
  },
  notes: 'Argo CD syncs the Application; with automated sync it also prunes and self-heals.',
  scenarios: {
    oci: {
      global: { capabilities: { argocd: true } },
      application: { enabled: true, source: { repoURL: 'oci://registry.example.com/appgear', chart: 'appgear', path: '', targetRevision: '0.1.0' } },
    },
    manual: { global: { capabilities: { argocd: true } }, application: { enabled: true, syncPolicy: { automated: false } } },
  },
});
