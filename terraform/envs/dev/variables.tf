variable "project_id" {
  type        = string
  description = "Google Cloud project to create the environment in (billing enabled)."
}

variable "region" {
  type        = string
  description = "Region of the image registry and of the zone below."
  default     = "europe-west1"
}

variable "zone" {
  type        = string
  description = "Zone of the (zonal, free-tier) cluster."
  default     = "europe-west1-b"
}

variable "image_tag" {
  type        = string
  description = "Tag of the images to deploy, as ci/image and ci/push made them (the git commit, e.g. 3f2c1ab)."
}

variable "github_repository" {
  type        = string
  description = "owner/name of the GitHub repository allowed to push and deploy with Workload Identity; null for none."
  default     = null
}
