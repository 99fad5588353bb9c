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
  /** The platform's instances it installs (its Application switches the others off). */
  instances: string[];
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

/**
 * Where instance `key` is installed: the module that installs it, and that module's namespace in `environment`
 * (its own namespace for values.yaml or an environment the delivery does not install).
 */
export function placement(d: ResolvedDelivery, key: string, environment?: string): { module: DeliveryModule; namespace: string } | undefined {
  const module = d.modules.find((m) => m.instances.includes(key));
  if (!module) return undefined;
  const env = environment === undefined ? undefined : d.environments.find((e) => e.name === environment);
  return { module, namespace: env?.namespaces[module.name] ?? module.namespace };
}

/** The label the default cluster generator selects Argo CD cluster Secrets by. */
export const ENVIRONMENT_LABEL = 'appgear.io/environment';

/** Problems go to `problems` (paths under "delivery"); undefined when there are any. */
export function resolveDelivery(
  file: string, value: unknown, platform: { name: string; version: string; environments: string[]; instances: string[] }, problems: ValueProblem[],
): ResolvedDelivery | undefined {
  const before = problems.length;
  const parsed = deliverySchema.safeParse(value);
  if (!parsed.success) {
    problems.push(...toProblems(file, 'delivery', parsed.error, value));
    return undefined;
  }
  const d = parsed.data;
  const declared = Object.entries(d.modules ?? { [platform.name]: { releaseName: platform.name, namespace: platform.name } });
  for (const [name, m] of declared) {
    if ((m.chart ?? platform.name) !== platform.name) {
      problems.push({ file, path: `delivery.modules.${name}.chart`, message: `expected ${JSON.stringify(platform.name)} (the platform's umbrella, the one chart the bootstrap installs), found ${JSON.stringify(m.chart)}` });
    }
  }
  const modules = resolveModuleInstances(file, declared, platform, problems)
    .map(([name, m, instances]) => ({ name, chart: m.chart ?? platform.name, releaseName: m.releaseName, namespace: m.namespace, instances }));
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

type DeclaredModule = NonNullable<DeliveryValues['modules']>[string];

/**
 * Which instances each module installs: those it names, and for the one module that names none, the rest.
 * Every instance is installed by exactly one module.
 */
function resolveModuleInstances(
  file: string, declared: [string, DeclaredModule][], platform: { instances: string[] }, problems: ValueProblem[],
): [string, DeclaredModule, string[]][] {
  const known = platform.instances.map((k) => JSON.stringify(k)).join(', ');
  const owner = new Map<string, string>();
  for (const [name, m] of declared) {
    (m.instances ?? []).forEach((key, i) => {
      const path = `delivery.modules.${name}.instances[${i}]`;
      if (!platform.instances.includes(key)) problems.push({ file, path, message: `expected one of the platform's instances (${known}), found ${JSON.stringify(key)}` });
      else if (owner.has(key)) problems.push({ file, path, message: `expected an instance no other module installs, found ${JSON.stringify(key)}, which module ${JSON.stringify(owner.get(key))} installs too` });
      else owner.set(key, name);
    });
  }
  const open = declared.filter(([, m]) => !m.instances);
  if (open.length > 1) {
    problems.push({ file, path: `delivery.modules.${open[1]![0]}.instances`, message: `expected the instances it installs (only one module may take the rest, and ${JSON.stringify(open[0]![0])} does), found none` });
  }
  const rest = platform.instances.filter((k) => !owner.has(k));
  if (open.length === 0 && rest.length > 0) {
    problems.push({ file, path: 'delivery.modules', message: `expected every instance in one module, found ${rest.map((k) => JSON.stringify(k)).join(', ')} in none (name it in a module's instances, or leave one module's instances out so it takes the rest)` });
  }
  if (open.length === 1 && rest.length === 0 && declared.length > 1) {
    problems.push({ file, path: `delivery.modules.${open[0]![0]}`, message: 'expected the instances no other module names, found none left (every instance is in another module: remove this module or name its instances)' });
  }
  return declared.map(([name, m]) => [name, m, m.instances ? [...m.instances] : rest]);
}
