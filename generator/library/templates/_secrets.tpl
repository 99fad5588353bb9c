{{/*
Name of the Secret behind a secret reference: secretName, else "<fullname>-<suffix>".
Usage: {{ include "appgear-common.secrets.name" (dict "ref" .Values.credentials "suffix" "credentials" "context" $) }}
*/}}
{{- define "appgear-common.secrets.name" -}}
{{- if .ref.secretName -}}
{{- .ref.secretName -}}
{{- else -}}
{{- printf "%s-%s" (include "appgear-common.names.fullname" .context) .suffix | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
