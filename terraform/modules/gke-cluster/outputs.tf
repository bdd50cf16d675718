output "name" {
  description = "Name of the cluster."
  value       = google_container_cluster.this.name
}

output "location" {
  description = "Zone or region of the cluster."
  value       = google_container_cluster.this.location
}

output "endpoint" {
  description = "HTTPS address of the Kubernetes API server."
  value       = "https://${google_container_cluster.this.endpoint}"
}

output "cluster_ca_certificate" {
  description = "CA certificate of the API server (PEM)."
  value       = base64decode(google_container_cluster.this.master_auth[0].cluster_ca_certificate)
}

output "image_registry" {
  description = "Where ci/push sends the images: <registry>/mosaic/<service>:<tag>."
  value       = "${google_artifact_registry_repository.images.location}-docker.pkg.dev/${var.project_id}/${google_artifact_registry_repository.images.repository_id}"
}

output "github_workload_identity_provider" {
  description = "Value for the workflow's GCP_WORKLOAD_IDENTITY_PROVIDER variable (null without github_repository)."
  value       = var.github_repository == null ? null : google_iam_workload_identity_pool_provider.github[0].name
}

output "github_deployer_service_account" {
  description = "Value for the workflow's GCP_SERVICE_ACCOUNT variable (null without github_repository)."
  value       = var.github_repository == null ? null : google_service_account.deployer[0].email
}

output "kubeconfig_command" {
  description = "Points kubectl at the cluster."
  value       = "gcloud container clusters get-credentials ${google_container_cluster.this.name} --location ${google_container_cluster.this.location} --project ${var.project_id}"
}
