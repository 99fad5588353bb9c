{{/*
The pods' ServiceAccount (when serviceAccount.create).
Usage: {{ include "appgear-common.serviceAccount" . }}
*/}}
{{- define "appgear-common.serviceAccount" -}}
{{- if .Values.serviceAccount.create }}
apiVersion: v1
kind: ServiceAccount
metadata:
  name: {{ include "appgear-common.names.serviceAccount" . | quote }}
  namespace: {{ .Release.Namespace | quote }}
  labels:
    {{- include "appgear-common.labels.standard" . | nindent 4 }}
  annotations:
    {{- include "appgear-common.annotations.module" . | nindent 4 }}
    {{- with .Values.serviceAccount.annotations }}
    {{- toYaml . | nindent 4 }}
    {{- end }}
automountServiceAccountToken: {{ .Values.serviceAccount.automountToken }}
{{- end }}
{{- end -}}
