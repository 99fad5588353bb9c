{{/*
Image reference "registry/repository:tag[@digest]"; global.imageRegistry replaces the registry.
Usage: {{ include "appgear-common.images.image" (dict "image" .Values.image "global" .Values.global) }}
*/}}
{{- define "appgear-common.images.image" -}}
{{- $registry := default .image.registry .global.imageRegistry -}}
{{- $ref := printf "%s:%s" .image.repository .image.tag -}}
{{- if $registry }}{{ $ref = printf "%s/%s" $registry $ref }}{{ end -}}
{{- if .image.digest }}{{ $ref = printf "%s@%s" $ref .image.digest }}{{ end -}}
{{- $ref -}}
{{- end -}}

{{/*
imagePullSecrets of the pod, from global.imagePullSecrets.
Usage: {{ include "appgear-common.images.pullSecrets" . | nindent 6 }}
*/}}
{{- define "appgear-common.images.pullSecrets" -}}
{{- with .Values.global.imagePullSecrets }}
imagePullSecrets:
{{- range . }}
  - name: {{ . | quote }}
{{- end }}
{{- end }}
{{- end -}}
