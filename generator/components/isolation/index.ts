// The isolation of an environment's namespace (the staging document, seed 004: "Isolamento Total"): the Namespace
// with its Pod Security Admission labels, default-deny NetworkPolicies with the allows every namespace needs (its
// own pods, DNS, the ingress controller, optionally Prometheus), a ResourceQuota and a LimitRange. One instance per
// platform; the chart renders no pod.
import { defineComponent } from '../../dsl/component.ts';
import { readme } from './readme.ts';
import { type IsolationValues, isolationValues } from './values.ts';

const CHART = 'isolation';

export const isolation = defineComponent({
  id: 'isolation',
  chart: {
    name: CHART,
    version: '0.1.0',
    appVersion: '0.1.0',
    title: 'Namespace isolation',
    description: 'The isolation of an environment\'s namespace: Pod Security Admission labels, default-deny NetworkPolicies with the allows it needs, a ResourceQuota and a LimitRange.',
    keywords: ['namespace', 'isolation', 'networkpolicy', 'resourcequota', 'limitrange', 'pod-security', 'appgear'],
    category: 'security',
    home: 'https://appgear.io',
    maintainers: [{ name: 'AppGear Platform Team', email: 'platform@appgear.io' }],
  },
  values: isolationValues,
  templatesDir: new URL('./templates/', import.meta.url),
  capabilities: {
    workloads: [],
    ports: [],
    secrets: [],
    images: [],
    crds: [],
    podSecurity: { level: 'restricted' },
    rules: [],
    namespaces: ['namespace.name'],
    // The platform's quota check sums what is installed beside it against this.
    namespaceQuota: (v) => (v.quota.enabled ? { path: 'quota.hard', hard: v.quota.hard } : undefined),
  },
  notes: `{{ include "${CHART}.notes" . | trim }}`,
  readme: (defaults) => readme(defaults as IsolationValues),
  scenarios: {
    // The staging document: namespace "staging" with its quota (the defaults), Prometheus allowed in.
    staging: {
      global: { environment: 'staging', tenantId: 'robson' },
      namespace: { name: 'staging' },
      networkPolicies: { allowFromMonitoring: { enabled: true } },
    },
    // A namespace whose pods cannot all meet restricted: baseline enforced, restricted still audited and warned.
    'baseline-exception': {
      namespace: { name: 'legacy-tools' },
      podSecurity: { enforce: 'baseline', reason: 'a vendor agent needs its image\'s root user; it is replaced in the next release' },
    },
    // Policies only: no quota, no LimitRange, the release namespace (labelled by whoever created it).
    'no-quota': {
      quota: { enabled: false },
      limits: { enabled: false },
    },
  },
});
