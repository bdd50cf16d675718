output "kafka_bootstrap" {
  description = "Bootstrap address of the Kafka cluster, as knative/ configures the services and sources."
  value       = local.kafka_bootstrap
}

output "app_namespace" {
  description = "The application's namespace, with its database Secrets and knative-kafka-auth: ci/deploy applies the overlay there."
  value       = kubernetes_namespace.app.metadata[0].name
}

output "gateway_url" {
  description = "The shop's public URL once ci/deploy has deployed the gateway (HTTPS; with domain = null, Knative's sslip.io name: kubectl -n mosaic get ksvc gateway)."
  value       = var.domain == null ? "https://gateway.${kubernetes_namespace.app.metadata[0].name}.<load balancer IP>.sslip.io" : "https://gateway.${kubernetes_namespace.app.metadata[0].name}.${var.domain}"
}

output "grafana_admin_password" {
  description = "Password of Grafana's admin user."
  sensitive   = true
  value       = random_password.grafana.result
}

output "grafana_command" {
  description = "Opens Grafana on http://127.0.0.1:3000 (user admin)."
  value       = "kubectl -n ${kubernetes_namespace.monitoring.metadata[0].name} port-forward svc/kube-prometheus-stack-grafana 3000:80"
}

output "prometheus_command" {
  description = "Opens Prometheus on http://127.0.0.1:9090 (what ci/promote queries, via PROMETHEUS_URL)."
  value       = "kubectl -n ${kubernetes_namespace.monitoring.metadata[0].name} port-forward svc/kube-prometheus-stack-prometheus 9090:9090"
}
