// Chart.yaml (apiVersion v2) with Artifact Hub annotations.
import { createHash } from 'node:crypto';
import { stringify } from 'yaml';
import { YAML_OPTIONS } from './renderValuesYaml.ts';
import { yamlHeader } from './header.ts';

/** Who publishes the charts and where their sources are: from the platform modules, never constants. */
export interface ChartMeta {
  maintainers: { name: string; email?: string; url?: string }[];
  sources: string[];
}

/** A dependency as Chart.yaml lists it (repository: file://, oci:// or https://). */
export interface ChartDependency { name: string; version: string; repository: string; alias?: string; condition?: string }

export interface ChartYamlInput {
  name: string;
  version: string;
  appVersion: string;
  /** @default "application" */
  type?: 'application' | 'library';
  description: string;
  keywords: string[];
  /** Home page (omitted when unknown). */
  home?: string;
  category: string;
  images: { name: string; image: string }[];
  dependencies?: ChartDependency[];
  /** Extra annotations, e.g. appgear.io/component (the library reads it for labels). */
  annotations?: Record<string, string>;
  source: string;
  meta: ChartMeta;
  /** sha256 over the chart's other files, so a changed chart with an unchanged version is caught. */
  contentDigest?: string;
}

/**
 * The Kubernetes minors the charts support and are tested on: KUBE_VERSION_RANGE of SUPPORTED_MINORS in
 * ci/cluster/versions.mjs (kind per minor in the users' workflow); test/ci/workflows.test.ts keeps them equal.
 */
export const KUBE_VERSION = '>=1.34.0-0 <1.38.0-0';

export const CONTENT_DIGEST = 'appgear.io/content-digest';

/** What must run in the cluster before the chart's objects become Ready (pipelines without it skip the install). */
export const NEEDS_RUNNING = 'appgear.io/needs-running';

/** Sets Chart.yaml last, with the digest of every other file of the chart and of Chart.yaml without it. */
export function sealChart(files: Map<string, string>, chart: ChartYamlInput): void {
  const hash = createHash('sha256');
  const entries = [...files, ['Chart.yaml', renderChartYaml(chart)] as [string, string]].sort(([a], [b]) => (a < b ? -1 : 1));
  for (const [path, body] of entries) hash.update(`${path}\0${body}\0`);
  files.set('Chart.yaml', renderChartYaml({ ...chart, contentDigest: `sha256:${hash.digest('hex')}` }));
}

export function renderChartYaml(c: ChartYamlInput): string {
  const chart: Record<string, unknown> = {
    apiVersion: 'v2',
    name: c.name,
    description: c.description,
    type: c.type ?? 'application',
    version: c.version,
    appVersion: c.appVersion,
    kubeVersion: KUBE_VERSION,
    keywords: c.keywords,
    ...(c.home ? { home: c.home } : {}),
    ...(c.meta.sources.length ? { sources: c.meta.sources } : {}),
    ...(c.meta.maintainers.length ? { maintainers: c.meta.maintainers } : {}),
    annotations: {
      ...c.annotations,
      'artifacthub.io/category': c.category,
      'artifacthub.io/license': 'Apache-2.0',
      'artifacthub.io/containsSecurityUpdates': 'false',
      'artifacthub.io/prerelease': String(c.version.includes('-')),
      ...(c.images.length ? { 'artifacthub.io/images': stringify(c.images, YAML_OPTIONS) } : {}),
      ...(c.contentDigest ? { [CONTENT_DIGEST]: c.contentDigest } : {}),
    },
  };
  if (c.dependencies?.length) chart.dependencies = c.dependencies;
  const header = yamlHeader(c.source).map((l) => `# ${l}`).join('\n');
  return `${header}\n${stringify(chart, YAML_OPTIONS)}`;
}
