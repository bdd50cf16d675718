# Step 2 of 2 of an environment on Google Cloud: the platform on the cluster of ../cluster (Knative, Kafka,
# PostgreSQL, cert-manager, monitoring) and the application's namespace with its Secrets. The application itself
# is the pipeline's (ci/deploy <env>). A root of its own, so its providers are configured from a cluster that
# already exists; dev.tfvars and prod.tfvars say how environments differ, each with its own state
# (terraform init -backend-config="prefix=mosaic/<env>/platform").

provider "google" {
  project = var.project_id
}

# Read, not created, here: the cluster exists before this root is planned, so the providers below are configured
# with known values and every for_each over the platform's release manifests is known at plan time.
data "google_container_cluster" "this" {
  name     = var.cluster_name
  location = var.cluster_location
}

data "google_client_config" "current" {}

locals {
  endpoint       = "https://${data.google_container_cluster.this.endpoint}"
  cluster_ca_pem = base64decode(data.google_container_cluster.this.master_auth[0].cluster_ca_certificate)
}

provider "kubernetes" {
  host                   = local.endpoint
  token                  = data.google_client_config.current.access_token
  cluster_ca_certificate = local.cluster_ca_pem
}

provider "helm" {
  kubernetes {
    host                   = local.endpoint
    token                  = data.google_client_config.current.access_token
    cluster_ca_certificate = local.cluster_ca_pem
  }
}

provider "kubectl" {
  host                   = local.endpoint
  token                  = data.google_client_config.current.access_token
  cluster_ca_certificate = local.cluster_ca_pem
  load_config_file       = false
}

module "platform" {
  source = "../../../modules/platform"

  app_namespace      = "mosaic"
  kafka_replicas     = var.kafka_replicas
  kafka_storage_size = var.kafka_storage_size
  postgres_instances = var.postgres_instances
  acme_email         = var.acme_email
  domain             = var.domain
}
