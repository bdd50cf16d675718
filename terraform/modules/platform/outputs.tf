output "kafka_bootstrap" {
  description = "Bootstrap address of the Kafka cluster, as knative/ configures the services and sources."
  value       = local.kafka_bootstrap
}

output "databases" {
  description = "JDBC URL, user and password of each service's database, for the <service>-db Secrets."
  sensitive   = true
  value = { for s in var.services : s => {
    url      = "jdbc:postgresql://${local.postgres_host}:5432/${s}"
    username = s
    password = random_password.db[s].result
  } }
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
