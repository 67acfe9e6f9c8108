{{/* The release's name for its objects, at most 63 characters (DNS label). */}}
{{- define "rs4otrs-proxy.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{/* Labels that select this release's pods; never change them on upgrade. */}}
{{- define "rs4otrs-proxy.selectorLabels" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "rs4otrs-proxy.labels" -}}
{{ include "rs4otrs-proxy.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
{{- end -}}

{{/* The Secret holding the database login and the secrets. */}}
{{- define "rs4otrs-proxy.secretName" -}}
{{- .Values.secrets.existingSecret | default (include "rs4otrs-proxy.fullname" .) -}}
{{- end -}}

{{- define "rs4otrs-proxy.image" -}}
{{- if .Values.image.digest -}}
{{ .Values.image.repository }}@{{ .Values.image.digest }}
{{- else -}}
{{ .Values.image.repository }}:{{ .Values.image.tag | default .Chart.AppVersion }}
{{- end -}}
{{- end -}}

{{/* Refuse to render what cannot work, naming the value to set. */}}
{{- define "rs4otrs-proxy.validate" -}}
{{- if not .Values.otrs.url -}}
{{- fail "otrs.url is required: the RS4OTRSProxy web service URL, e.g. http://znuny.otrs.svc/otrs/nph-genericinterface.pl/Webservice/RS4OTRSProxy" -}}
{{- end -}}
{{- if not .Values.secrets.existingSecret -}}
{{- if not .Values.secrets.dbDsn -}}
{{- fail "secrets.dbDsn (or secrets.existingSecret) is required: without the read-only database login the catalogs and every ticket write fail" -}}
{{- end -}}
{{- if not .Values.secrets.challengeSecret -}}
{{- fail "secrets.challengeSecret (or secrets.existingSecret) is required: replicas must share one ChallengeToken key" -}}
{{- end -}}
{{- if and .Values.push.enabled (not .Values.secrets.pushSecret) -}}
{{- fail "secrets.pushSecret (or secrets.existingSecret) is required with push.enabled" -}}
{{- end -}}
{{- end -}}
{{- if and .Values.push.enabled (not .Values.push.fcmCredentialsSecret) -}}
{{- fail "push.fcmCredentialsSecret is required with push.enabled: a Secret holding the Firebase service-account JSON key" -}}
{{- end -}}
{{- if and (gt (int .Values.replicaCount) 1) (not .Values.redis.url) -}}
{{- fail "redis.url is required with more than one replica: device tokens must be shared" -}}
{{- end -}}
{{- end -}}
