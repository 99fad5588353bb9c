{{/*
Selector labels: stable for the life of the release (selectors are immutable).
Usage: {{ include "appgear-common.labels.selector" . | nindent 4 }}
*/}}
{{- define "appgear-common.labels.selector" -}}
app.kubernetes.io/name: {{ include "appgear-common.names.name" . | quote }}
app.kubernetes.io/instance: {{ .Release.Name | quote }}
{{- end -}}

{{/*
The five appgear.io/* labels (FinOps and multi-tenancy), stable across upgrades.
Usage: {{ include "appgear-common.labels.appgear" . | nindent 4 }}
*/}}
{{- define "appgear-common.labels.appgear" -}}
appgear.io/tenant-id: {{ .Values.global.tenantId | quote }}
appgear.io/tier: {{ .Values.appgear.tier | quote }}
appgear.io/suite: {{ .Values.appgear.suite | quote }}
appgear.io/topology: {{ .Values.global.topology | quote }}
appgear.io/workspace-id: {{ .Values.global.workspaceId | quote }}
{{- end -}}

{{/*
Labels of every object: selector, app.kubernetes.io/*, appgear.io/* and the common labels. The component
comes from the chart's own annotation (appgear.io/component), so an alias in an umbrella does not change it.
Usage: {{ include "appgear-common.labels.standard" . | nindent 4 }}
*/}}
{{- define "appgear-common.labels.standard" -}}
{{- $own := include "appgear-common.labels.own" . }}
{{- $own }}
{{- /* A common label never repeats a key the chart sets itself (a mapping with a key twice is not valid YAML). */}}
{{- $taken := fromYaml $own }}
{{- range $k, $v := merge (dict) .Values.commonLabels .Values.global.commonLabels }}
{{- if not (hasKey $taken $k) }}
{{ toYaml (dict $k $v) }}
{{- end }}
{{- end }}
{{- end -}}

{{/*
The labels the chart sets itself (the standard labels without the common ones).
Usage: {{ include "appgear-common.labels.own" . }}
*/}}
{{- define "appgear-common.labels.own" -}}
{{ include "appgear-common.labels.selector" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/component: {{ index .Chart.Annotations "appgear.io/component" | quote }}
app.kubernetes.io/part-of: appgear
app.kubernetes.io/managed-by: {{ .Release.Service | quote }}
helm.sh/chart: {{ include "appgear-common.names.chart" . | quote }}
{{ include "appgear-common.labels.appgear" . }}
{{- end -}}

{{/*
Labels of claim templates: only values that never change, because volumeClaimTemplates are immutable.
Usage: {{ include "appgear-common.labels.claim" . | nindent 10 }}
*/}}
{{- define "appgear-common.labels.claim" -}}
{{ include "appgear-common.labels.selector" . }}
{{ include "appgear-common.labels.appgear" . }}
{{- with include "appgear-common.labels.backupAll" . }}
{{ . }}
{{- end }}
{{- end -}}

{{/*
Backup labels (appgear.io/backup-enabled, appgear.io/backup-profile) when backup.enabled, else nothing.
Usage: {{- with include "appgear-common.labels.backup" . }}{{ . | nindent 4 }}{{ end }}
*/}}
{{- define "appgear-common.labels.backup" -}}
{{- /* Added after the standard labels: a key the common labels already hold (a workspace puts
       appgear.io/backup-enabled there for every object) is not repeated. */}}
{{- $common := merge (dict) .Values.commonLabels .Values.global.commonLabels }}
{{- $out := list }}
{{- range $k, $v := fromYaml (include "appgear-common.labels.backupAll" .) }}
{{- if not (hasKey $common $k) }}{{ $out = append $out (printf "%s: %s" $k (quote $v)) }}{{ end }}
{{- end }}
{{- join "\n" $out }}
{{- end -}}

{{/*
Both backup labels when backup.enabled, for labels without the common ones (claim templates).
Usage: {{- with include "appgear-common.labels.backupAll" . }}{{ . | nindent 4 }}{{ end }}
*/}}
{{- define "appgear-common.labels.backupAll" -}}
{{- if .Values.backup.enabled -}}
appgear.io/backup-enabled: "true"
appgear.io/backup-profile: {{ .Values.backup.profile | quote }}
{{- end -}}
{{- end -}}

{{/*
Module annotations of the AppGear contract.
Usage: {{ include "appgear-common.annotations.module" . | nindent 4 }}
*/}}
{{- define "appgear-common.annotations.module" -}}
appgear.io/contract-version: {{ .Values.appgear.contractVersion | quote }}
appgear.io/module: {{ .Values.appgear.module | quote }}
{{- end -}}

{{/*
Pod annotations: Istio sidecar switch (only when Istio is a declared capability) and the user's.
Usage: {{ include "appgear-common.annotations.pod" . | nindent 8 }}
*/}}
{{- define "appgear-common.annotations.pod" -}}
sidecar.istio.io/inject: {{ and .Values.global.capabilities.istio .Values.istio.sidecarInject | toString | quote }}
{{ include "appgear-common.annotations.module" . }}
{{- with .Values.podAnnotations }}
{{ toYaml . }}
{{- end }}
{{- end -}}

{{/*
metadata of an object of this release: name, namespace, standard labels, module annotations, and extras.
Usage: {{ include "appgear-common.metadata" (dict "name" $name "context" .) | nindent 0 }}
*/}}
{{- define "appgear-common.metadata" -}}
metadata:
  name: {{ .name | quote }}
  namespace: {{ default .context.Release.Namespace .namespace | quote }}
  labels:
    {{- include "appgear-common.labels.standard" .context | nindent 4 }}
  annotations:
    {{- include "appgear-common.annotations.module" .context | nindent 4 }}
    {{- with .annotations }}
    {{- toYaml . | nindent 4 }}
    {{- end }}
{{- end -}}
