{{/*
Default-deny NetworkPolicy of the release's pods: ingress on the declared ports from the namespace (or the
allowed namespaces and pod labels), egress to DNS (and istiod with Istio), plus the extra rules of the values.
Usage: {{ include "appgear-common.networkPolicy" (dict "ports" $ports "context" .) }}
*/}}
{{- define "appgear-common.networkPolicy" -}}
{{- $ports := .ports -}}
{{- with .context -}}
{{- if .Values.networkPolicy.enabled }}
{{- $np := .Values.networkPolicy }}
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: {{ include "appgear-common.names.fullname" . | quote }}
  namespace: {{ .Release.Namespace | quote }}
  labels:
    {{- include "appgear-common.labels.standard" . | nindent 4 }}
  annotations:
    {{- include "appgear-common.annotations.module" . | nindent 4 }}
spec:
  podSelector:
    matchLabels:
      {{- include "appgear-common.labels.selector" . | nindent 6 }}
  policyTypes: ["Ingress", "Egress"]
  ingress:
    {{- if or $np.allowSameNamespace $np.allowedNamespaces }}
    - ports:
        {{- range $ports }}
        - port: {{ .name }}
          protocol: TCP
        {{- end }}
      from:
        {{- if $np.allowSameNamespace }}
        - podSelector:
            {{- if $np.allowedPodLabels }}
            matchLabels:
              {{- toYaml $np.allowedPodLabels | nindent 14 }}
            {{- else }}
            {}
            {{- end }}
        {{- end }}
        {{- range $np.allowedNamespaces }}
        - namespaceSelector:
            matchLabels:
              kubernetes.io/metadata.name: {{ . | quote }}
          {{- if $np.allowedPodLabels }}
          podSelector:
            matchLabels:
              {{- toYaml $np.allowedPodLabels | nindent 14 }}
          {{- end }}
        {{- end }}
    {{- end }}
    {{- with $np.extraIngress }}
    {{- toYaml . | nindent 4 }}
    {{- end }}
  egress:
    - ports:
        - port: 53
          protocol: UDP
        - port: 53
          protocol: TCP
      to:
        - namespaceSelector: {}
          podSelector:
            matchLabels:
              k8s-app: kube-dns
    {{- if .Values.global.capabilities.istio }}
    - ports:
        - port: 15012
          protocol: TCP
      to:
        - namespaceSelector:
            matchLabels:
              kubernetes.io/metadata.name: istio-system
    {{- end }}
    {{- with $np.extraEgress }}
    {{- toYaml . | nindent 4 }}
    {{- end }}
{{- end }}
{{- end }}
{{- end -}}
