output "gateway_url" {
  description = "The shop: the gateway's public URL."
  value       = module.app.gateway_url
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

output "image_registry" {
  description = "Registry prefix for ci/push (MOSAIC_REGISTRY)."
  value       = module.cluster.image_registry
}

output "kubeconfig_command" {
  description = "Points kubectl at the cluster."
  value       = module.cluster.kubeconfig_command
}

output "github_workload_identity_provider" {
  description = "Repository variable GCP_WORKLOAD_IDENTITY_PROVIDER for the deploy workflow."
  value       = module.cluster.github_workload_identity_provider
}

output "github_deployer_service_account" {
  description = "Repository variable GCP_SERVICE_ACCOUNT for the deploy workflow."
  value       = module.cluster.github_deployer_service_account
}
