{{- define "sedna-sync.name" -}}
{{- .Release.Name | trunc 40 | trimSuffix "-" -}}
{{- end -}}

{{- define "sedna-sync.labels" -}}
app.kubernetes.io/name: sedna-sync
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Values.image.tag | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end -}}

{{- define "sedna-sync.selector" -}}
app.kubernetes.io/name: sedna-sync
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "sedna-sync.image" -}}
{{ printf "%s:%s" .Values.image.repository .Values.image.tag }}
{{- end -}}

{{/* The worker's build id: worker.versioning.buildId, else the image tag. */}}
{{- define "sedna-sync.buildId" -}}
{{- $id := .Values.worker.versioning.buildId | default .Values.image.tag | toString -}}
{{- if not (regexMatch "^[A-Za-z0-9]([A-Za-z0-9._-]{0,61}[A-Za-z0-9])?$" $id) -}}
{{- fail (printf "worker build id %q is not a Kubernetes label value (63 characters: letters, digits, -, _, .)" $id) -}}
{{- end -}}
{{- $id -}}
{{- end -}}

{{/* Settings both the API and the worker read; the secrets come from the Secret. */}}
{{- define "sedna-sync.env" -}}
- name: TEMPORAL_ADDRESS
  value: {{ .Values.temporal.address | quote }}
- name: TEMPORAL_NAMESPACE
  value: {{ .Values.temporal.namespace | quote }}
{{- with .Values.temporal.uiUrl }}
- name: TEMPORAL_UI_URL
  value: {{ . | quote }}
{{- end }}
{{- range $name, $value := .Values.env }}
- name: {{ $name }}
  value: {{ $value | toString | quote }}
{{- end }}
{{- end -}}

{{- define "sedna-sync.envFrom" -}}
- secretRef:
    name: {{ .Values.secretName }}
{{- end -}}

{{- define "sedna-sync.containerSecurity" -}}
allowPrivilegeEscalation: false
capabilities:
  drop: [ALL]
{{- end -}}
