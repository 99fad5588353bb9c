{{/*
The client Service and the headless Service of a workload, one port per declared port.
`ports`: list of (dict "name" "postgres" "port" 5432 "key" "postgres" "appProtocol" "postgresql"); the client
Service's port comes from .Values.service.ports.<key>, the headless Service keeps the container port.
Usage: {{ include "appgear-common.service" (dict "ports" $ports "context" .) }}
*/}}
{{- define "appgear-common.service" -}}
{{- $ctx := .context -}}
{{- $args := . -}}
{{- $name := include "appgear-common.names.fullname" $ctx -}}
apiVersion: v1
kind: Service
metadata:
  name: {{ $name | quote }}
  namespace: {{ $ctx.Release.Namespace | quote }}
  labels:
    {{- include "appgear-common.labels.standard" $ctx | nindent 4 }}
  annotations:
    {{- include "appgear-common.annotations.module" $ctx | nindent 4 }}
    {{- with $ctx.Values.service.annotations }}
    {{- toYaml . | nindent 4 }}
    {{- end }}
spec:
  type: {{ $ctx.Values.service.type }}
  selector:
    {{- include "appgear-common.labels.selector" $ctx | nindent 4 }}
  ports:
    {{- range .ports }}
    - name: {{ .name | quote }}
      port: {{ get $ctx.Values.service.ports .key }}
      targetPort: {{ .name }}
      protocol: TCP
      appProtocol: {{ .appProtocol | quote }}
    {{- end }}
---
apiVersion: v1
kind: Service
metadata:
  name: {{ $name }}-headless
  namespace: {{ $ctx.Release.Namespace | quote }}
  labels:
    {{- include "appgear-common.labels.standard" $ctx | nindent 4 }}
  annotations:
    {{- include "appgear-common.annotations.module" $ctx | nindent 4 }}
spec:
  type: ClusterIP
  clusterIP: None
  publishNotReadyAddresses: true
  selector:
    {{- include "appgear-common.labels.selector" $ctx | nindent 4 }}
  ports:
    {{- range .ports }}
    - name: {{ .name | quote }}
      port: {{ .port }}
      targetPort: {{ .name }}
      protocol: TCP
      appProtocol: {{ .appProtocol | quote }}
    {{- end }}
{{- end -}}
