variable "kubeconfig_path" {
  type        = string
  description = "kubeconfig of the cluster to install on (any conformant Kubernetes 1.30+: kind, k3s, EKS, AKS, ...)."
  default     = "~/.kube/config"
}

variable "kube_context" {
  type        = string
  description = "Context in the kubeconfig to use."
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

variable "acme_email" {
  type        = string
  description = "Contact address of the Let's Encrypt account that issues the public URL's certificate."
}

variable "domain" {
  type        = string
  description = "DNS domain of the public URL (gateway.mosaic.<domain>); null for <load balancer IP>.sslip.io."
  default     = null
}
