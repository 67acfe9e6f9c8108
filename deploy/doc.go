// Package deploy holds the deployment examples: compose.yaml,
// kubernetes/ and the Helm chart helm/rs4otrs-proxy. It has no code; its
// tests render the chart with Helm's own packages and decode every
// Kubernetes object strictly into the API types, offline, so a typo or a
// missing piece (database login, data volume, pull policy) fails
// `make test` rather than a deployment.
package deploy
