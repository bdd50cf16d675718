variable "project_id" {
  type        = string
  description = "Google Cloud project that holds the cluster, its network and the image registry."
}

variable "name" {
  type        = string
  description = "Name of the cluster; also the prefix of the node pool, node service account and registry."
}

variable "location" {
  type        = string
  description = "A zone (e.g. europe-west1-b: one control plane, covered by GKE's free tier) or a region (e.g. europe-west1: a control plane in three zones, billed)."
}

variable "registry_location" {
  type        = string
  description = "Region of the Artifact Registry repository the images are pushed to (e.g. europe-west1)."
}

variable "machine_type" {
  type        = string
  description = "Machine type of the nodes. e2-standard-4 (4 vCPU, 16 GiB) fits Kafka, PostgreSQL, Knative and the services on two nodes."
  default     = "e2-standard-4"
}

variable "min_nodes" {
  type        = number
  description = "Fewest nodes per zone the pool autoscaler keeps."
  default     = 1
}

variable "max_nodes" {
  type        = number
  description = "Most nodes per zone the pool autoscaler may add."
  default     = 3
}

variable "spot" {
  type        = bool
  description = "Run nodes on Spot VMs (about a third of the price; Google may reclaim them at any time): fine for dev, not for prod."
  default     = false
}

variable "disk_size_gb" {
  type        = number
  description = "Boot disk of each node, in GiB."
  default     = 50
}

variable "deletion_protection" {
  type        = bool
  description = "Refuse terraform destroy of the cluster; set to false before tearing an environment down."
  default     = true
}

variable "github_repository" {
  type        = string
  description = "owner/name of the GitHub repository whose workflows may push images and deploy (Workload Identity Federation, no keys); null for none."
  default     = null
}
