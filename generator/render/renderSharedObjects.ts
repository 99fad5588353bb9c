// The shared objects a chart gets from its declared structure, as thin templates that call the library:
// a Service and NetworkPolicy for declared ports, a ServiceAccount and PDB for workloads, an ExternalSecret
// per secret reference, a ScaledObject when it autoscales; and NOTES.txt. Reads capabilities, never a name.
import type { Capabilities, GatedPart } from '../dsl/component.ts';
import { portKey } from '../dsl/workload.ts';
import { LIBRARY } from '../library/index.ts';
import { q, valuesExpr } from './renderGuards.ts';
import { templateHeader } from './header.ts';

const lib = LIBRARY.name;

/** Declared gated parts, and the KEDA ScaledObject of a chart that autoscales. */
export function gatedParts(c: Capabilities): GatedPart[] {
  const keda: GatedPart[] = c.autoscaling ? [{ what: 'the KEDA ScaledObject', needs: 'global.capabilities.keda', when: 'keda.enabled' }] : [];
  return [...(c.gated ?? []), ...keda];
}

/** `(list (dict "name" ... ))` of the declared ports, as the library's Service and NetworkPolicy take them. */
function portsList(c: Capabilities): string {
  const items = c.ports.map((p) => `(dict "name" ${q(p.name)} "port" ${p.port} "key" ${q(portKey(p.name))} "appProtocol" ${q(p.appProtocol ?? 'tcp')})`);
  return `(list ${items.join(' ')})`;
}

const file = (body: string) => `${templateHeader()}${body}\n`;

/** Output file name -> template text, for every shared object the capabilities call for. */
export function renderSharedObjects(chart: string, c: Capabilities): [string, string][] {
  const out: [string, string][] = [];
  const hasPods = c.workloads.length > 0;
  if (hasPods) out.push(['serviceaccount.yaml', file(`{{- include "${lib}.serviceAccount" . }}`)]);
  const disruptable = c.workloads.filter((w) => w === 'StatefulSet' || w === 'Deployment');
  if (disruptable.length > 0) {
    const pdb = `{{- include "${lib}.pdb" . }}`;
    // A kind picked by a value: the budget only over the kinds it fits (a Job's pods have no scale to count).
    const only = c.workloadKind ? `{{- if has ${valuesExpr(c.workloadKind, '.Values')} (list ${disruptable.map(q).join(' ')}) }}\n${pdb}\n{{- end }}` : pdb;
    out.push(['pdb.yaml', file(only)]);
  }
  if (c.ports.length > 0) {
    out.push(['service.yaml', file(`{{- include "${lib}.service" (dict "ports" ${portsList(c)} "context" .) }}`)]);
    out.push(['networkpolicy.yaml', file(`{{- include "${lib}.networkPolicy" (dict "ports" ${portsList(c)} "context" .) }}`)]);
  }
  if (c.secrets.length > 0) {
    const parts = c.secrets.map((s) => {
      const enabled = s.enabledBy ? valuesExpr(s.enabledBy, '.Values') : 'true';
      return `{{- with include "${lib}.externalSecret" (dict "ref" ${valuesExpr(s.path, '.Values')} "suffix" ${q(s.suffix)} "enabled" ${enabled} "context" .) }}\n---\n{{ . }}\n{{- end }}`;
    });
    out.push(['externalsecret.yaml', file(parts.join('\n'))]);
  }
  if (c.autoscaling) {
    const a = c.autoscaling;
    const auth = a.auth
      ? `(dict "ref" ${valuesExpr(a.auth.secret, '.Values')} "suffix" ${q(a.auth.suffix)} "parameters" (list ${Object.entries(a.auth.parameters).map(([k, v]) => `(list ${q(k)} ${q(v)})`).join(' ')}))`
      : 'nil';
    // A target in another namespace or under another name is a template of the chart (capabilities say which).
    const body = [
      `{{- define "${chart}.keda.target" -}}${a.name ?? `{{ include "${lib}.names.fullname" . }}`}{{- end -}}`,
      `{{- define "${chart}.keda.namespace" -}}${a.namespace ?? '{{ .Release.Namespace }}'}{{- end -}}`,
      `{{- include "${lib}.scaledObject" (dict "kind" ${q(a.kind)} "target" (include "${chart}.keda.target" .) "namespace" (include "${chart}.keda.namespace" .) "triggers" ${q(`${chart}.keda.triggers`)} "auth" ${auth} "context" .) }}`,
    ];
    out.push(['scaledobject.yaml', file(body.join('\n'))]);
  }
  return out;
}

/** NOTES.txt: where the release lives, what it serves, and which gated parts were left out and why. */
export function renderNotes(chart: { title: string; notes: string }, c: Capabilities): string {
  const lines: string[] = [];
  if (c.workloads.length > 0) {
    lines.push(`${chart.title} is deployed as "{{ include "${lib}.names.fullname" . }}" in namespace "{{ .Release.Namespace }}".`, '');
  } else {
    lines.push(`${chart.title} is installed as release "{{ .Release.Name }}" in namespace "{{ .Release.Namespace }}".`, '');
  }
  if (c.ports.length > 0) {
    lines.push('In-cluster address:');
    for (const p of c.ports) lines.push(`  ${p.name}: {{ include "${lib}.names.fullname" . }}.{{ .Release.Namespace }}.svc:{{ .Values.service.ports.${portKey(p.name)} }}`);
    lines.push('');
  }
  lines.push(chart.notes);
  for (const g of gatedParts(c)) {
    lines.push(`{{- if and ${g.when ? valuesExpr(g.when, '.Values') : 'true'} (not ${valuesExpr(g.needs, '.Values')}) }}`, '');
    lines.push(`Not rendered: ${g.what}, because ${g.needs} is false${g.when ? ` (${g.when} is true)` : ''}. Set ${g.needs}=true once that integration is installed.`);
    lines.push('{{- end }}');
  }
  return `${templateHeader()}${lines.join('\n')}\n`;
}
