output "gateway_url" {
  description = "The shop's public URL (HTTPS) once ci/deploy has deployed the gateway."
  value       = module.platform.gateway_url
}

output "app_namespace" {
  description = "Where ci/deploy applies the overlay (MOSAIC_NAMESPACE)."
  value       = module.platform.app_namespace
}

output "grafana_command" {
  description = "Opens the dashboards on http://127.0.0.1:3000 (user admin, password: terraform output -raw grafana_admin_password)."
  value       = module.platform.grafana_command
}

output "grafana_admin_password" {
  description = "Password of Grafana's admin user."
  value       = module.platform.grafana_admin_password
  sensitive   = true
}

output "prometheus_command" {
  description = "Opens Prometheus on http://127.0.0.1:9090."
  value       = module.platform.prometheus_command
}
