output "cluster_name" {
  description = "GitHub environment variable GKE_CLUSTER, and ../platform's cluster_name."
  value       = module.cluster.name
}

output "cluster_location" {
  description = "GitHub environment variable GKE_LOCATION, and ../platform's cluster_location."
  value       = module.cluster.location
}

output "image_registry" {
  description = "Registry prefix for ci/push (GitHub environment variable MOSAIC_REGISTRY)."
  value       = module.cluster.image_registry
}

output "kubeconfig_command" {
  description = "Points kubectl at the cluster."
  value       = module.cluster.kubeconfig_command
}

output "github_workload_identity_provider" {
  description = "GitHub environment variable GCP_WORKLOAD_IDENTITY_PROVIDER for the workflows."
  value       = module.cluster.github_workload_identity_provider
}

output "github_deployer_service_account" {
  description = "GitHub environment variable GCP_SERVICE_ACCOUNT for the workflows."
  value       = module.cluster.github_deployer_service_account
}
