# Step 1 of 2 of an environment on Google Cloud: the GKE cluster, its image registry and the GitHub deployer
# identity. One root for every environment; dev.tfvars and prod.tfvars say how they differ, and each environment
# keeps its own state (terraform init -backend-config="prefix=mosaic/<env>/cluster"). Step 2 is ../platform.

provider "google" {
  project = var.project_id
  region  = var.region
}

module "cluster" {
  source = "../../../modules/gke-cluster"

  project_id          = var.project_id
  name                = "mosaic-${var.environment}"
  location            = var.location
  registry_location   = var.region
  machine_type        = var.machine_type
  min_nodes           = var.min_nodes
  max_nodes           = var.max_nodes
  spot                = var.spot
  deletion_protection = var.deletion_protection
  github_repository   = var.github_repository
}
