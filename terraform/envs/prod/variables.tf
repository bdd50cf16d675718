variable "project_id" {
  type        = string
  description = "Google Cloud project to create the environment in (billing enabled)."
}

variable "region" {
  type        = string
  description = "Region of the cluster (its control plane and nodes in three zones) and of the image registry."
  default     = "europe-west1"
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
