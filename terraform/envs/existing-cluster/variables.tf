variable "kubeconfig_path" {
  type        = string
  description = "kubeconfig of the cluster to install on (any conformant Kubernetes 1.30+: kind, k3s, EKS, AKS, ...)."
  default     = "~/.kube/config"
}

variable "kube_context" {
  type        = string
  description = "Context in the kubeconfig to use."
}

variable "overlay" {
  type        = string
  description = "Which knative/overlays/<overlay> to apply: dev (one Kafka node) or prod (three)."
  default     = "dev"

  validation {
    condition     = contains(["dev", "prod"], var.overlay)
    error_message = "overlay must be dev or prod."
  }
}

variable "image_registry" {
  type        = string
  description = "Registry prefix the cluster pulls from: <image_registry>/mosaic/<service>:<image_tag>."
}

variable "image_tag" {
  type        = string
  description = "Tag of the images to deploy."
}

variable "kafka_replicas" {
  type        = number
  description = "Kafka nodes: 1 with the dev overlay, 3 with prod (its topics have replicas: 3)."
  default     = 1
}

variable "postgres_instances" {
  type        = number
  description = "PostgreSQL instances (primary plus replicas)."
  default     = 1
}
