{{/*
A PodDisruptionBudget over the release's pods (when pdb.enabled).
Usage: {{ include "appgear-common.pdb" . }}
*/}}
{{- define "appgear-common.pdb" -}}
{{- if .Values.pdb.enabled }}
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: {{ include "appgear-common.names.fullname" . | quote }}
  namespace: {{ .Release.Namespace | quote }}
  labels:
    {{- include "appgear-common.labels.standard" . | nindent 4 }}
  annotations:
    {{- include "appgear-common.annotations.module" . | nindent 4 }}
spec:
  maxUnavailable: {{ .Values.pdb.maxUnavailable }}
  unhealthyPodEvictionPolicy: {{ .Values.pdb.unhealthyPodEvictionPolicy | quote }}
  selector:
    matchLabels:
      {{- include "appgear-common.labels.selector" . | nindent 6 }}
{{- end }}
{{- end -}}
