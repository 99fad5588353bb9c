// Chart.yaml (apiVersion v2) with Artifact Hub annotations.
import { stringify } from 'yaml';
import { YAML_OPTIONS } from './renderValuesYaml.ts';
import { yamlHeader } from './header.ts';

export interface ChartYamlInput {
  name: string;
  version: string;
  appVersion: string;
  description: string;
  keywords: string[];
  home: string;
  category: string;
  images: { name: string; image: string }[];
  dependencies?: { name: string; version: string; repository: string; alias: string; condition: string }[];
  source: string;
}

/** Kubernetes versions the charts are written for (policy/v1, StatefulSet PVC retention). */
export const KUBE_VERSION = '>=1.27.0-0';

export function renderChartYaml(c: ChartYamlInput): string {
  const chart: Record<string, unknown> = {
    apiVersion: 'v2',
    name: c.name,
    description: c.description,
    type: 'application',
    version: c.version,
    appVersion: c.appVersion,
    kubeVersion: KUBE_VERSION,
    keywords: c.keywords,
    home: c.home,
    maintainers: [{ name: 'AppGear Platform Team', email: 'platform@appgear.io' }],
    annotations: {
      'artifacthub.io/category': c.category,
      'artifacthub.io/license': 'Apache-2.0',
      'artifacthub.io/containsSecurityUpdates': 'false',
      'artifacthub.io/prerelease': String(c.version.includes('-')),
      ...(c.images.length ? { 'artifacthub.io/images': stringify(c.images, YAML_OPTIONS) } : {}),
    },
  };
  if (c.dependencies?.length) chart.dependencies = c.dependencies;
  const header = yamlHeader(c.source).map((l) => `# ${l}`).join('\n');
  return `${header}\n${stringify(chart, YAML_OPTIONS)}`;
}
