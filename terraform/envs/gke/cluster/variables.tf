variable "project_id" {
  type        = string
  description = "Google Cloud project to create the environment in (billing enabled)."
}

variable "environment" {
  type        = string
  description = "dev or prod: names the cluster mosaic-<environment> and matches knative/overlays/<environment>."

  validation {
    condition     = contains(["dev", "prod"], var.environment)
    error_message = "environment must be dev or prod."
  }
}

variable "region" {
  type        = string
  description = "Region of the image registry (and of a regional cluster)."
  default     = "europe-west1"
}

variable "location" {
  type        = string
  description = "Where the cluster runs: a zone (one zonal cluster, covered by GKE's free tier) or a region (three zones)."
}

variable "machine_type" {
  type        = string
  description = "Machine type of the nodes."
  default     = "e2-standard-4"
}

variable "min_nodes" {
  type        = number
  description = "Fewest nodes per zone."
}

variable "max_nodes" {
  type        = number
  description = "Most nodes per zone under load."
  default     = 3
}

variable "spot" {
  type        = bool
  description = "Spot nodes: about a third of the price, reclaimable at any time."
}

variable "deletion_protection" {
  type        = bool
  description = "Refuse to destroy the cluster (set false, apply, then destroy)."
}

variable "github_repository" {
  type        = string
  description = "owner/name of the GitHub repository allowed to push and deploy with Workload Identity; null for none."
  default     = null
}
