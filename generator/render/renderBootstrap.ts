// The bootstrap chart: Argo CD AppProjects (one per environment) and ApplicationSets (one per module and
// environment) that install the umbrella, in a chart of its own outside the charts it deploys.
import { stringify } from 'yaml';
import { KIND_CHECKS, bootstrapValues, kindCheckMessage } from '../bootstrap/values.ts';
import type { BootstrapModel } from '../model/buildBootstrap.ts';
import { collectGuards } from '../schema/collectGuards.ts';
import { renderChartLock } from './chartLock.ts';
import { compileTemplate } from './compileTemplate.ts';
import { markdownHeader, templateHeader, yamlHeader } from './header.ts';
import { sealChart } from './renderChartYaml.ts';
import { printfFormat, q, raw, renderValidateTemplate, valuesExpr } from './renderGuards.ts';
import { valueRows, valuesTable } from './renderReadme.ts';
import { HELMIGNORE, type FileMap, readTemplates } from './renderSubchart.ts';
import { YAML_OPTIONS, renderValuesYaml } from './renderValuesYaml.ts';

const SOURCE = 'generator/bootstrap';
const TEMPLATES = new URL('../bootstrap/templates/', import.meta.url);

/** Chart.yaml annotation naming the umbrella a bootstrap chart installs. */
export const BOOTSTRAPS = 'appgear.io/bootstraps';

/** Guard lines of KIND_CHECKS: a value that must be set when a `kind` picks its form. */
function kindCheckLines(): string[] {
  return KIND_CHECKS.map((c) => {
    const format = raw(printfFormat((found) => kindCheckMessage(c, found!), 1));
    if (!c.each) {
      const value = valuesExpr(c.path);
      return `{{- if and (eq (toString ${valuesExpr(c.kind)}) ${q(c.is)}) (empty ${value}) }}{{ $p = print $p (printf "\\n  - %s: %s" ${q(c.path)} (printf ${format} (toJson ${value}))) }}{{ end }}`;
    }
    const value = valuesExpr(c.path, '$v');
    return `{{- range $k, $v := ${valuesExpr(c.each)} }}{{ if and (eq (toString ${valuesExpr(c.kind, '$v')}) ${q(c.is)}) (empty ${value}) }}{{ $p = print $p (printf "\\n  - ${c.each}.%s.%s: %s" $k ${q(c.path)} (printf ${format} (toJson ${value}))) }}{{ end }}{{ end }}`;
  });
}

export function renderBootstrap(b: BootstrapModel): FileMap {
  const files: FileMap = new Map();
  const header = yamlHeader(`${b.sourceFile} (delivery)`);
  files.set('values.yaml', renderValuesYaml(b.defaults, b.schema, header));
  files.set('values.schema.json', `${JSON.stringify(b.helmSchema, null, 2)}\n`);
  files.set('.helmignore', HELMIGNORE);
  files.set('Chart.lock', renderChartLock([b.library]));
  for (const [name, src] of readTemplates(TEMPLATES)) {
    files.set(`templates/${name}`, templateHeader() + compileTemplate(`${SOURCE}/templates/${name}.hbs`, src)({ chart: b.name }));
  }
  files.set('templates/NOTES.txt', `${templateHeader()}${renderNotes(b)}`);
  files.set('templates/validate/values.yaml', renderValidateTemplate({
    chart: b.name,
    guards: collectGuards(bootstrapValues),
    rules: [],
    owner: { kind: 'umbrella' },
    extra: kindCheckLines(),
  }));
  for (const [name, values] of Object.entries(b.scenarios)) {
    const h = yamlHeader(`${SOURCE} (scenarios of ${b.sourceFile}: ${name})`).map((l) => `# ${l}`).join('\n');
    files.set(`ci/${name}-values.yaml`, `${h}\n${stringify(values, YAML_OPTIONS)}`);
  }
  files.set('README.md', renderReadme(b));
  sealChart(files, {
    name: b.name,
    version: b.version,
    appVersion: b.umbrella.version,
    description: `Argo CD bootstrap of ${b.umbrella.name}: an AppProject per environment and ApplicationSets that install the ${b.umbrella.name} chart on each environment's clusters.`,
    keywords: ['appgear', 'argocd', 'gitops', 'bootstrap', 'applicationset'],
    category: 'integration-delivery',
    images: [],
    dependencies: [b.library],
    source: `${b.sourceFile} (delivery)`,
    meta: b.meta,
    annotations: { 'appgear.io/component': 'bootstrap', [BOOTSTRAPS]: b.umbrella.name },
  });
  return files;
}

function renderNotes(b: BootstrapModel): string {
  return `${b.name} is installed as release "{{ .Release.Name }}"; its Argo CD objects are in namespace "{{ .Values.argocd.namespace }}".

Argo CD installs {{ include "${b.name}.repoURL" . }} ({{ .Values.source.kind }}) with:
{{- range $env, $e := .Values.environments }}
  - {{ $env }}: AppProject {{ $e.project }}, clusters from a {{ $e.generator.kind }} generator, values {{ join ", " $e.valueFiles }}
{{- range $name, $m := $.Values.modules }}
      ApplicationSet {{ $name }}-{{ $env }}: chart {{ $m.chart }}, release {{ $m.releaseName }} in namespace {{ get $e.namespaces $name | default $m.namespace }}
{{- end }}
{{- end }}

kubectl get applicationsets,applications -n {{ .Values.argocd.namespace }} -l appgear.io/environment
`;
}

function renderReadme(b: BootstrapModel): string {
  const d = b.delivery;
  const env = d.environments[0]!.name;
  const generators = d.environments.map((e) => `\`${e.name}\` (${e.generator.kind})`).join(', ');
  const modules = d.modules.map((m) => `\`${m.name}\` (release \`${m.releaseName}\` of \`${m.chart}\` in \`${m.namespace}\`)`).join(', ');
  return `${markdownHeader()}
# ${b.name}

How Argo CD installs \`${b.umbrella.name}\` ${b.umbrella.version}: generated from the \`delivery\` block of \`${b.sourceFile}\`,
a chart of its own outside the charts it deploys. Version ${b.version}.

It renders, in Argo CD's namespace (\`argocd.namespace\`):

- one **AppProject** per environment (\`<platform>-<environment>\`): the source repository (\`source\`), the upstream
  repositories the charts' own Applications pull from, each module's namespace and the namespaces the charts write to
  besides it, on that environment's clusters only, and the cluster-scoped kinds the charts render (Namespace when
  \`syncPolicy.createNamespace\`);
- one **ApplicationSet** per module and environment: its generator (\`list\`, \`cluster\` or \`git\`) yields one
  Application \`<module>-<environment>-<cluster>\` per cluster, installing the chart with the environment's values
  file (\`values-<environment>.yaml\`, carried by the umbrella chart), its release name and namespace.

Environments: ${generators}. Modules: ${modules}.

## Install

Into the cluster Argo CD runs in (it only creates Argo CD objects; the CRDs come with Argo CD):

\`\`\`console
helm dependency build charts/${b.name}   # the ${b.library.name} library chart
helm install ${b.name} charts/${b.name} --namespace ${d.argocdNamespace}
\`\`\`

Point it elsewhere at install time, e.g. another registry and version, or git:

\`\`\`console
helm install ${b.name} charts/${b.name} -n ${d.argocdNamespace} --set source.oci.registry=registry.example.com/appgear --set source.oci.version=${b.umbrella.version}
helm install ${b.name} charts/${b.name} -n ${d.argocdNamespace} --set source.kind=git --set source.git.repoURL=https://github.com/acme/charts.git
helm install ${b.name} charts/${b.name} -n ${d.argocdNamespace} -f charts/${b.name}/ci/list-values.yaml   # explicit clusters
\`\`\`

With the \`cluster\` generator, label each Argo CD cluster Secret with the environment's \`matchLabels\` (by default
\`appgear.io/environment: ${env}\`). With the \`git\` generator, each file under \`generator.git.files\` holds one
cluster as \`name:\` and \`server:\`. Generated Application names end with the cluster name, which must be a DNS label.

Scenarios tested in CI: ${Object.keys(b.scenarios).map((s) => `\`ci/${s}-values.yaml\``).join(', ')}.

## Values

${valuesTable(valueRows(b.schema, b.defaults))}
`;
}
