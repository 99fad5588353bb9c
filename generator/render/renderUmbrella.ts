// The umbrella chart: dependencies on the sub-charts (with condition switches) and on the library chart, its
// values, environments, guard and lock. The repository of each dependency is the model's chart reference.
import type { UmbrellaModel } from '../model/buildChartSet.ts';
import { type JsonSchema, umbrellaDocsSchema } from '../schema/emitValuesSchema.ts';
import { type LockDependency, renderChartLock } from './chartLock.ts';
import { markdownHeader, templateHeader, yamlHeader } from './header.ts';
import { NEEDS_RUNNING, sealChart } from './renderChartYaml.ts';
import { valueRows, valuesTable } from './renderReadme.ts';
import { environmentTable, environmentTableMarkdown, umbrellaValues, valuesDiff } from './renderEnvironments.ts';
import { renderValidateTemplate } from './renderGuards.ts';
import { HELMIGNORE, type FileMap } from './renderSubchart.ts';
import { renderValuesYaml } from './renderValuesYaml.ts';

/**
 * The library first (so one `helm dependency build` of the umbrella gives every sub-chart the helpers, even
 * when a sub-chart was packaged without its own copy), then one dependency per instance, switched by its key.
 */
export function umbrellaDependencies(u: UmbrellaModel): LockDependency[] {
  return [
    { ...u.library },
    ...u.dependencies.map((d) => ({ ...d.ref, condition: `${d.key}.enabled`, alias: d.key })),
  ];
}

export function renderUmbrella(u: UmbrellaModel): FileMap {
  const deps = umbrellaDependencies(u);
  // What its instances need running (by default, with every instance on).
  const needs = [...new Set(u.dependencies.filter((d) => d.enabled).flatMap((d) => d.chart.component.spec.capabilities.needsRunning ?? []))];
  const files: FileMap = new Map();
  files.set('Chart.lock', renderChartLock(deps));
  const docs = umbrellaDocsSchema(u.schema, u.dependencies.map((d) => ({ key: d.key, schema: d.chart.schema })));
  const base = umbrellaValues(u);
  files.set('values.yaml', renderValuesYaml(base, docs, yamlHeader(u.sourceFile)));
  for (const env of u.environments) {
    const header = [
      ...yamlHeader(u.sourceFile),
      `The "${env.name}" environment: only what differs from values.yaml (Helm merges this file on top of it).`,
      `helm install <release> charts/${u.name} -f charts/${u.name}/values-${env.name}.yaml`,
    ];
    files.set(`values-${env.name}.yaml`, renderValuesYaml(valuesDiff(base, umbrellaValues(env)), docs, header));
  }
  files.set('values.schema.json', `${JSON.stringify(u.helmSchema, null, 2)}\n`);
  files.set('.helmignore', HELMIGNORE);
  files.set('templates/NOTES.txt', templateHeader() + renderNotes(u));
  // The umbrella owns global: its schema checks the shape, its guard the value rules (once, not per sub-chart).
  files.set('templates/validate/values.yaml', renderValidateTemplate({ chart: u.name, guards: [], rules: [], owner: { kind: 'umbrella' } }));
  files.set('README.md', renderUmbrellaReadme(u));
  sealChart(files, {
    name: u.name,
    version: u.version,
    appVersion: u.version,
    description: u.description,
    keywords: ['appgear', 'platform', 'umbrella'],
    home: u.home,
    category: 'integration-delivery',
    images: [],
    dependencies: deps,
    source: u.sourceFile,
    meta: u.meta,
    ...(needs.length ? { annotations: { [NEEDS_RUNNING]: needs.join('; ') } } : {}),
  });
  return files;
}

function renderNotes(u: UmbrellaModel): string {
  const lines = u.dependencies.map((d) => `{{- if .Values.${d.key}.enabled }}\n  - ${d.key}: ${d.chart.name} ${d.chart.component.spec.chart.version}\n{{- end }}`);
  return `${u.name} ${u.version} is installed as release "{{ .Release.Name }}" in namespace "{{ .Release.Namespace }}".\n\nEnabled components:\n${lines.join('\n')}\n`;
}

function renderEnvironmentsSection(u: UmbrellaModel): string {
  if (u.environments.length === 0) return '';
  const files = u.environments.map((e) => `\`values-${e.name}.yaml\``).join(', ');
  return `
## Environments

${files}: each holds only what its environment changes; install with \`-f\`, e.g.

\`\`\`console
helm install core charts/${u.name} -f charts/${u.name}/values-${u.environments[0]!.name}.yaml --namespace appgear-${u.environments[0]!.name} --create-namespace
\`\`\`

What differs from the defaults (values.yaml, or the sub-chart's own default where values.yaml is silent); \`=\` is
unchanged. \`npx appgear-charts environments\` prints the same table.

${environmentTableMarkdown(environmentTable(u))}
`;
}

function renderUmbrellaReadme(u: UmbrellaModel): string {
  const rows = u.dependencies
    .map((d) => `| \`${d.key}\` | [${d.chart.name}](../${d.chart.name}/README.md) | ${d.chart.component.spec.chart.version} | \`${d.key}.enabled\` (${d.enabled}) | ${d.chart.component.spec.chart.description} |`)
    .join('\n');
  return `${markdownHeader()}
# ${u.name}

${u.description}

Umbrella chart generated from \`${u.sourceFile}\`. Each component is a sub-chart, switched by its \`condition\`.

## Install

\`\`\`console
helm dependency build charts/${u.name}
helm install core charts/${u.name} --namespace appgear-core --create-namespace
\`\`\`

## Components

| Key | Chart | Version | Switch (default) | Description |
|-----|-------|---------|------------------|-------------|
${rows}

Values of a component go under its key; see the component's README for every value.
${renderEnvironmentsSection(u)}
## Global values

${valuesTable(valueRows((u.schema.properties as Record<string, JsonSchema>).global!, u.global, 'global'))}
`;
}
