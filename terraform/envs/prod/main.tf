# prod: a regional GKE cluster (one on-demand e2-standard-4 node per zone, three zones), three Kafka nodes,
# a PostgreSQL primary with a replica, and knative/overlays/prod. About USD 560 a month (docs/deploy.md).

provider "google" {
  project = var.project_id
  region  = var.region
}

data "google_client_config" "current" {}

locals {
  name = "mosaic-prod"
  kubeconfig = yamlencode({
    apiVersion      = "v1"
    kind            = "Config"
    current-context = local.name
    clusters        = [{ name = local.name, cluster = { server = module.cluster.endpoint, certificate-authority-data = base64encode(module.cluster.cluster_ca_certificate) } }]
    users           = [{ name = local.name, user = { token = data.google_client_config.current.access_token } }]
    contexts        = [{ name = local.name, context = { cluster = local.name, user = local.name } }]
  })
}

provider "kubernetes" {
  host                   = module.cluster.endpoint
  token                  = data.google_client_config.current.access_token
  cluster_ca_certificate = module.cluster.cluster_ca_certificate
}

provider "helm" {
  kubernetes {
    host                   = module.cluster.endpoint
    token                  = data.google_client_config.current.access_token
    cluster_ca_certificate = module.cluster.cluster_ca_certificate
  }
}

provider "kubectl" {
  host                   = module.cluster.endpoint
  token                  = data.google_client_config.current.access_token
  cluster_ca_certificate = module.cluster.cluster_ca_certificate
  load_config_file       = false
}

provider "kustomization" {
  kubeconfig_raw = local.kubeconfig
}

module "cluster" {
  source = "../../modules/gke-cluster"

  project_id          = var.project_id
  name                = local.name
  location            = var.region
  registry_location   = var.region
  machine_type        = "e2-standard-4"
  min_nodes           = 1
  max_nodes           = 3
  spot                = false
  deletion_protection = true
  github_repository   = var.github_repository
}

module "platform" {
  source = "../../modules/platform"

  app_namespace      = "mosaic"
  kafka_replicas     = 3
  kafka_storage_size = "50Gi"
  postgres_instances = 2

  depends_on = [module.cluster]
}

module "app" {
  source = "../../modules/app"

  namespace      = "mosaic"
  overlay_path   = "${path.root}/../../../knative/overlays/prod"
  image_registry = module.cluster.image_registry
  image_tag      = var.image_tag
  databases      = module.platform.databases

  depends_on = [module.platform]
}
