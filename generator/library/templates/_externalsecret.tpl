{{/*
An ExternalSecret (external-secrets.io/v1) that creates the Secret behind a secret reference, under the same
deterministic name the pods read ("<fullname>-<suffix>" unless secretName is set), when `enabled` and the
reference's externalSecret.enabled are true.
Usage: {{ include "appgear-common.externalSecret" (dict "ref" .Values.credentials "suffix" "credentials" "enabled" true "context" .) }}
*/}}
{{- define "appgear-common.externalSecret" -}}
{{- $ctx := .context -}}
{{- $args := . -}}
{{- $ref := .ref -}}
{{- if and .enabled $ref.externalSecret.enabled }}
{{- $name := include "appgear-common.secrets.name" (dict "ref" $ref "suffix" .suffix "context" $ctx) }}
apiVersion: external-secrets.io/v1
kind: ExternalSecret
metadata:
  name: {{ $name | quote }}
  namespace: {{ $ctx.Release.Namespace | quote }}
  labels:
    {{- include "appgear-common.labels.standard" $ctx | nindent 4 }}
  annotations:
    {{- include "appgear-common.annotations.module" $ctx | nindent 4 }}
spec:
  refreshInterval: {{ $ref.externalSecret.refreshInterval }}
  secretStoreRef:
    kind: {{ $ref.externalSecret.storeKind }}
    name: {{ $ref.externalSecret.storeName | quote }}
  target:
    name: {{ $name | quote }}
    creationPolicy: Owner
    template:
      metadata:
        labels:
          {{- include "appgear-common.labels.standard" $ctx | nindent 10 }}
  data:
    {{- range $property, $key := $ref.keys }}
    - secretKey: {{ $key | quote }}
      remoteRef:
        key: {{ $ref.externalSecret.remoteKey | quote }}
        property: {{ $property | quote }}
    {{- end }}
{{- end }}
{{- end -}}
