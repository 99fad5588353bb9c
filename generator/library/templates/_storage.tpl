{{/*
StatefulSet claim retention and volumeClaimTemplates for the "data" volume (nothing when persistence is off).
Usage: {{ include "appgear-common.storage.claimTemplates" . | nindent 2 }}
*/}}
{{- define "appgear-common.storage.claimTemplates" -}}
persistentVolumeClaimRetentionPolicy:
  whenDeleted: {{ .Values.persistence.retentionPolicy.whenDeleted | quote }}
  whenScaled: {{ .Values.persistence.retentionPolicy.whenScaled | quote }}
{{- if .Values.persistence.enabled }}
volumeClaimTemplates:
  - apiVersion: v1
    kind: PersistentVolumeClaim
    metadata:
      name: data
      labels:
        {{- include "appgear-common.labels.claim" . | nindent 8 }}
    spec:
      accessModes: {{ toJson .Values.persistence.accessModes }}
      {{- with .Values.persistence.storageClass }}
      storageClassName: {{ . | quote }}
      {{- end }}
      resources:
        requests:
          storage: {{ .Values.persistence.size | quote }}
{{- end }}
{{- end -}}

{{/*
The "data" volume as an emptyDir, when persistence is off.
Usage: {{ include "appgear-common.storage.ephemeralData" . | nindent 8 }}
*/}}
{{- define "appgear-common.storage.ephemeralData" -}}
{{- if not .Values.persistence.enabled }}
- name: data
  emptyDir: {}
{{- end }}
{{- end -}}
