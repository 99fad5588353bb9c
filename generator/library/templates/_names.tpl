{{/*
Chart name, or nameOverride.
Usage: {{ include "appgear-common.names.name" . }}
*/}}
{{- define "appgear-common.names.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/*
Fully qualified name: fullnameOverride, else the release name when it already contains the chart name, else
"<release>-<name>". The chart's guard refuses names that would not fit, so the truncation never bites.
Usage: {{ include "appgear-common.names.fullname" . }}
*/}}
{{- define "appgear-common.names.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- $name := default .Chart.Name .Values.nameOverride -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/*
Fullname of another chart's objects in the same release (its alias and fullnameOverride), by the rule above.
Usage: {{ include "appgear-common.names.peer" (dict "name" "db" "override" "" "context" $) }}
*/}}
{{- define "appgear-common.names.peer" -}}
{{- if .override -}}
{{- .override | trunc 63 | trimSuffix "-" -}}
{{- else if contains .name .context.Release.Name -}}
{{- .context.Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .context.Release.Name .name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{/*
"<chart>-<version>" for the helm.sh/chart label.
Usage: {{ include "appgear-common.names.chart" . }}
*/}}
{{- define "appgear-common.names.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/*
ServiceAccount name.
Usage: {{ include "appgear-common.names.serviceAccount" . }}
*/}}
{{- define "appgear-common.names.serviceAccount" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "appgear-common.names.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- default "default" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}
