// A platform's `delivery` block, checked with zod and against the platform (its environments, its umbrella),
// with every default filled in: what the bootstrap chart is built from.
import { type DeliveryValues, deliverySchema, type GeneratorValues } from '../dsl/delivery.ts';
import { type ValueProblem, toProblems } from './formatIssues.ts';

export interface DeliveryModule {
  /** Application name prefix, e.g. "core-data-brokers". */
  name: string;
  chart: string;
  releaseName: string;
  namespace: string;
}

export interface DeliveryEnvironment {
  /** A platform environment; its umbrella values file is values-<name>.yaml. */
  name: string;
  generator: GeneratorValues;
  /** Per module name: its namespace in this environment. */
  namespaces: Record<string, string>;
}

export interface ResolvedDelivery {
  version: string;
  /** Where the version is set: "delivery.version", or the platform's "version". */
  versionPath: string;
  argocdNamespace: string;
  source: { kind: 'oci'; registry: string } | { kind: 'git'; repoURL: string; targetRevision: string; path: string };
  syncPolicy: DeliveryValues['syncPolicy'];
  modules: DeliveryModule[];
  environments: DeliveryEnvironment[];
}

/** The label the default cluster generator selects Argo CD cluster Secrets by. */
export const ENVIRONMENT_LABEL = 'appgear.io/environment';

/** Problems go to `problems` (paths under "delivery"); undefined when there are any. */
export function resolveDelivery(
  file: string, value: unknown, platform: { name: string; version: string; environments: string[] }, problems: ValueProblem[],
): ResolvedDelivery | undefined {
  const before = problems.length;
  const parsed = deliverySchema.safeParse(value);
  if (!parsed.success) {
    problems.push(...toProblems(file, 'delivery', parsed.error, value));
    return undefined;
  }
  const d = parsed.data;
  const modules = Object.entries(d.modules ?? { [platform.name]: { releaseName: platform.name, namespace: platform.name } })
    .map(([name, m]) => ({ name, chart: m.chart ?? platform.name, releaseName: m.releaseName, namespace: m.namespace }));
  for (const m of modules) {
    if (m.chart !== platform.name) {
      problems.push({ file, path: `delivery.modules.${m.name}.chart`, message: `expected ${JSON.stringify(platform.name)} (the platform's umbrella, the one chart the bootstrap installs), found ${JSON.stringify(m.chart)}` });
    }
  }
  const given: NonNullable<DeliveryValues['environments']> = d.environments ?? Object.fromEntries(platform.environments.map((e) => [e, { namespaces: {} }]));
  const known = platform.environments.map((e) => JSON.stringify(e)).join(', ');
  if (Object.keys(given).length === 0) {
    problems.push({ file, path: 'delivery.environments', message: `expected at least one environment to install, found none${platform.environments.length ? '' : ' (declare environments in definePlatform first: each one is a values-<name>.yaml the bootstrap installs)'}` });
  }
  const environments: DeliveryEnvironment[] = [];
  for (const [name, env] of Object.entries(given)) {
    if (!platform.environments.includes(name)) {
      problems.push({ file, path: `delivery.environments.${name}`, message: `expected one of the platform's environments (${known || 'none declared'}), found ${JSON.stringify(name)}` });
      continue;
    }
    for (const m of Object.keys(env.namespaces)) {
      if (!modules.some((x) => x.name === m)) {
        problems.push({ file, path: `delivery.environments.${name}.namespaces.${m}`, message: `expected one of the delivery's modules (${modules.map((x) => JSON.stringify(x.name)).join(', ')}), found ${JSON.stringify(m)}` });
      }
    }
    const generator: GeneratorValues = env.generator ?? { kind: 'cluster' };
    if (generator.kind === 'cluster' && !generator.matchLabels) generator.matchLabels = { [ENVIRONMENT_LABEL]: name };
    if (generator.kind === 'list') {
      const seen = new Set<string>();
      generator.clusters.forEach((c, i) => {
        if (seen.has(c.name)) problems.push({ file, path: `delivery.environments.${name}.generator.clusters[${i}].name`, message: `expected a name no other cluster of the environment has, found ${JSON.stringify(c.name)} twice` });
        seen.add(c.name);
      });
    }
    environments.push({ name, generator, namespaces: Object.fromEntries(modules.map((m) => [m.name, env.namespaces[m.name] ?? m.namespace])) });
  }
  if (problems.length > before) return undefined;
  const source = d.source.kind === 'oci'
    ? d.source
    : { kind: 'git' as const, repoURL: d.source.repoURL, targetRevision: d.source.targetRevision, path: d.source.path ?? `charts/${platform.name}` };
  return { version: d.version ?? platform.version, versionPath: d.version ? 'delivery.version' : 'version', argocdNamespace: d.argocdNamespace, source, syncPolicy: d.syncPolicy, modules, environments };
}
