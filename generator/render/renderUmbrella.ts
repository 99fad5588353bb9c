// The umbrella chart: dependencies on the sub-charts (file:// with condition switches), its values and lock.
import type { UmbrellaModel } from '../model/buildChartSet.ts';
import { type JsonSchema, umbrellaDocsSchema } from '../schema/emitValuesSchema.ts';
import { type LockDependency, renderChartLock } from './chartLock.ts';
import { markdownHeader, templateHeader, yamlHeader } from './header.ts';
import { sealChart } from './renderChartYaml.ts';
import { valueRows, valuesTable } from './renderReadme.ts';
import { HELMIGNORE, type FileMap } from './renderSubchart.ts';
import { renderValuesYaml } from './renderValuesYaml.ts';

export function umbrellaDependencies(u: UmbrellaModel): LockDependency[] {
  return u.dependencies.map((d) => ({
    name: d.chart.name,
    version: d.chart.component.spec.chart.version,
    repository: `file://../${d.chart.name}`,
    condition: `${d.key}.enabled`,
    alias: d.key,
  }));
}

export function umbrellaValues(u: UmbrellaModel): Record<string, unknown> {
  const values: Record<string, unknown> = { global: u.global };
  for (const d of u.dependencies) values[d.key] = { enabled: d.enabled, ...d.given };
  return values;
}

export function renderUmbrella(u: UmbrellaModel): FileMap {
  const deps = umbrellaDependencies(u);
  const files: FileMap = new Map();
  files.set('Chart.lock', renderChartLock(deps));
  const docs = umbrellaDocsSchema(u.schema, u.dependencies.map((d) => ({ key: d.key, schema: d.chart.schema })));
  files.set('values.yaml', renderValuesYaml(umbrellaValues(u), docs, yamlHeader(u.sourceFile)));
  files.set('values.schema.json', `${JSON.stringify(u.schema, null, 2)}\n`);
  files.set('.helmignore', HELMIGNORE);
  files.set('templates/NOTES.txt', templateHeader() + renderNotes(u));
  files.set('README.md', renderUmbrellaReadme(u));
  sealChart(files, {
    name: u.name,
    version: u.version,
    appVersion: u.version,
    description: u.description,
    keywords: ['appgear', 'platform', 'umbrella'],
    home: 'https://appgear.io',
    category: 'integration-delivery',
    images: [],
    dependencies: deps.map((d) => ({ name: d.name, version: d.version, repository: d.repository, alias: d.alias!, condition: d.condition! })),
    source: u.sourceFile,
  });
  return files;
}

function renderNotes(u: UmbrellaModel): string {
  const lines = u.dependencies.map((d) => `{{- if .Values.${d.key}.enabled }}\n  - ${d.key}: ${d.chart.name} ${d.chart.component.spec.chart.version}\n{{- end }}`);
  return `${u.name} ${u.version} is installed as release "{{ .Release.Name }}" in namespace "{{ .Release.Namespace }}".\n\nEnabled components:\n${lines.join('\n')}\n`;
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

## Global values

${valuesTable(valueRows((u.schema.properties as Record<string, JsonSchema>).global!, u.global, 'global'))}
`;
}
