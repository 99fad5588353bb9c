{{/*
Pod template metadata and the pod-level spec fields every workload shares.
Usage: {{ include "appgear-common.pod.metadata" (dict "context" . "checksums" (dict "config" $sum)) | nindent 4 }}
*/}}
{{- define "appgear-common.pod.metadata" -}}
{{- $ := .context -}}
metadata:
  labels:
    {{- include "appgear-common.labels.standard" $ | nindent 4 }}
    {{- with $.Values.podLabels }}
    {{- toYaml . | nindent 4 }}
    {{- end }}
  annotations:
    {{- include "appgear-common.annotations.pod" $ | nindent 4 }}
    {{- range $name, $sum := .checksums }}
    checksum/{{ $name }}: {{ $sum }}
    {{- end }}
{{- end -}}

{{/*
Pod-level spec fields every workload shares: service account, pull secrets, security, scheduling.
Usage: {{ include "appgear-common.pod.common" . | nindent 6 }}
*/}}
{{- define "appgear-common.pod.common" -}}
serviceAccountName: {{ include "appgear-common.names.serviceAccount" . | quote }}
automountServiceAccountToken: {{ .Values.serviceAccount.automountToken }}
enableServiceLinks: false
{{- include "appgear-common.images.pullSecrets" . }}
{{ include "appgear-common.security.pod" . }}
{{- include "appgear-common.scheduling" . }}
{{- end -}}

{{/*
Anti-affinity that spreads the release's pods over nodes, required ("hard") or preferred; nothing when
.Values.affinity is set (the user's rules win).
Usage: {{ include "appgear-common.scheduling.spread" (dict "hard" false "context" .) | nindent 6 }}
*/}}
{{- define "appgear-common.scheduling.spread" -}}
{{- if not .context.Values.affinity }}
affinity:
  podAntiAffinity:
    {{- if .hard }}
    requiredDuringSchedulingIgnoredDuringExecution:
      - topologyKey: kubernetes.io/hostname
        labelSelector:
          matchLabels:
            {{- include "appgear-common.labels.selector" .context | nindent 12 }}
    {{- else }}
    preferredDuringSchedulingIgnoredDuringExecution:
      - weight: 100
        podAffinityTerm:
          topologyKey: kubernetes.io/hostname
          labelSelector:
            matchLabels:
              {{- include "appgear-common.labels.selector" .context | nindent 14 }}
    {{- end }}
{{- end }}
{{- end -}}

{{/*
Pod scheduling: node selector, affinity, tolerations, priority class.
Usage: {{ include "appgear-common.scheduling" . | nindent 6 }}
*/}}
{{- define "appgear-common.scheduling" -}}
{{- with .Values.nodeSelector }}
nodeSelector:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .Values.affinity }}
affinity:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .Values.tolerations }}
tolerations:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .Values.priorityClassName }}
priorityClassName: {{ . | quote }}
{{- end }}
{{- end -}}
