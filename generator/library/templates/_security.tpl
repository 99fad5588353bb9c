{{/*
Pod security context meeting Pod Security "restricted".
Usage: {{ include "appgear-common.security.pod" . | nindent 6 }}
*/}}
{{- define "appgear-common.security.pod" -}}
securityContext:
  runAsNonRoot: true
  runAsUser: {{ .Values.securityContext.runAsUser }}
  runAsGroup: {{ .Values.securityContext.runAsGroup }}
  fsGroup: {{ .Values.securityContext.fsGroup }}
  fsGroupChangePolicy: OnRootMismatch
  seccompProfile:
    type: RuntimeDefault
{{- end -}}

{{/*
Container security context meeting Pod Security "restricted".
Usage: {{ include "appgear-common.security.container" . | nindent 10 }}
*/}}
{{- define "appgear-common.security.container" -}}
securityContext:
  runAsNonRoot: true
  runAsUser: {{ .Values.securityContext.runAsUser }}
  runAsGroup: {{ .Values.securityContext.runAsGroup }}
  allowPrivilegeEscalation: false
  privileged: false
  readOnlyRootFilesystem: {{ .Values.securityContext.readOnlyRootFilesystem }}
  capabilities:
    drop: ["ALL"]
  seccompProfile:
    type: RuntimeDefault
{{- end -}}

{{/*
Requests and limits of a container: CPU, memory and ephemeral storage (scratch volumes and logs).
Usage: {{ include "appgear-common.resources" .Values.resources | nindent 10 }}
*/}}
{{- define "appgear-common.resources" -}}
resources:
  requests:
    cpu: {{ .requests.cpu | quote }}
    memory: {{ .requests.memory | quote }}
    ephemeral-storage: {{ index .requests "ephemeral-storage" | quote }}
  limits:
    cpu: {{ .limits.cpu | quote }}
    memory: {{ .limits.memory | quote }}
    ephemeral-storage: {{ index .limits "ephemeral-storage" | quote }}
{{- end -}}

{{/*
Startup, liveness and readiness probes of a container, from .Values.probes and a check per probe.
Usage: {{ include "appgear-common.probes" (dict "probes" .Values.probes "startup" $check "liveness" $check "readiness" $check) | nindent 10 }}
*/}}
{{- define "appgear-common.probes" -}}
{{- range $kind := list "startup" "liveness" "readiness" }}
{{- $probe := get $.probes $kind }}
{{- if $probe.enabled }}
{{ $kind }}Probe:
  {{- get $ (printf "%s" $kind) | toYaml | nindent 2 }}
  initialDelaySeconds: {{ $probe.initialDelaySeconds }}
  periodSeconds: {{ $probe.periodSeconds }}
  timeoutSeconds: {{ $probe.timeoutSeconds }}
  failureThreshold: {{ $probe.failureThreshold }}
{{- end }}
{{- end }}
{{- end -}}
