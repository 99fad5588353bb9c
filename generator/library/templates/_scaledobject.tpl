{{/*
A KEDA ScaledObject for a workload (when global.capabilities.keda and keda.enabled), with the chart's own
triggers (the define named by `triggers`), and a TriggerAuthentication when `auth` names a secret reference.
`auth`: (dict "ref" .Values.credentials "suffix" "credentials" "parameters" (list (list "username" "username"))),
each parameter a pair of KEDA's parameter name and a key of the reference's `keys`, in the order given.
Usage: {{ include "appgear-common.scaledObject" (dict "kind" "StatefulSet" "target" $name "namespace" $ns "triggers" "mychart.keda.triggers" "auth" $auth "context" .) }}
*/}}
{{- define "appgear-common.scaledObject" -}}
{{- $ctx := .context -}}
{{- $args := . -}}
{{- if and $ctx.Values.global.capabilities.keda $ctx.Values.keda.enabled }}
{{- $name := include "appgear-common.names.fullname" $ctx }}
apiVersion: keda.sh/v1alpha1
kind: ScaledObject
metadata:
  name: {{ $name | quote }}
  namespace: {{ .namespace | quote }}
  labels:
    {{- include "appgear-common.labels.standard" $ctx | nindent 4 }}
  annotations:
    {{- include "appgear-common.annotations.module" $ctx | nindent 4 }}
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: {{ .kind }}
    name: {{ .target | quote }}
  minReplicaCount: {{ $ctx.Values.keda.minReplicaCount }}
  maxReplicaCount: {{ $ctx.Values.keda.maxReplicaCount }}
  cooldownPeriod: {{ $ctx.Values.keda.cooldownPeriod }}
  pollingInterval: {{ $ctx.Values.keda.pollingInterval }}
  triggers:
    {{- include .triggers $ctx | nindent 4 }}
    {{- with $ctx.Values.keda.extraTriggers }}
    {{- toYaml . | nindent 4 }}
    {{- end }}
{{- with .auth }}
---
apiVersion: keda.sh/v1alpha1
kind: TriggerAuthentication
metadata:
  name: {{ $name }}-keda
  namespace: {{ $args.namespace | quote }}
  labels:
    {{- include "appgear-common.labels.standard" $ctx | nindent 4 }}
  annotations:
    {{- include "appgear-common.annotations.module" $ctx | nindent 4 }}
spec:
  secretTargetRef:
    {{- $secret := include "appgear-common.secrets.name" (dict "ref" .ref "suffix" .suffix "context" $ctx) }}
    {{- range .parameters }}
    - parameter: {{ index . 0 | quote }}
      name: {{ $secret | quote }}
      key: {{ get $args.auth.ref.keys (index . 1) | quote }}
    {{- end }}
{{- end }}
{{- end }}
{{- end -}}
