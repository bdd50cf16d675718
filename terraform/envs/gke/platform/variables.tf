variable "project_id" {
  type        = string
  description = "Google Cloud project of the cluster (as in ../cluster)."
}

variable "cluster_name" {
  type        = string
  description = "Name of the cluster ../cluster made (its output cluster_name: mosaic-<environment>)."
}

variable "cluster_location" {
  type        = string
  description = "Zone or region of that cluster (../cluster's output cluster_location)."
}

variable "acme_email" {
  type        = string
  description = "Contact address of the Let's Encrypt account that issues the public URL's certificate."
}

variable "domain" {
  type        = string
  description = "DNS domain of the public URL (gateway.mosaic.<domain>, pointed at Kourier's load balancer); null for <load balancer IP>.sslip.io."
  default     = null
}

variable "kafka_replicas" {
  type        = number
  description = "Kafka nodes: 1 for knative/overlays/dev (its topics have one replica), 3 for prod."
}

variable "kafka_storage_size" {
  type        = string
  description = "Disk of each Kafka node."
}

variable "postgres_instances" {
  type        = number
  description = "PostgreSQL instances (primary plus replicas)."
}
