variable "app_namespace" {
  type        = string
  description = "Namespace the application runs in (created here, before Strimzi watches it); Strimzi's Topic Operator watches it for the KafkaTopics of knative/."
  default     = "mosaic"
}

variable "services" {
  type        = list(string)
  description = "Services that get a PostgreSQL database and a role of the same name."
  default     = ["catalog", "inventory", "orders", "payments", "notifications"]
}

variable "knative_version" {
  type        = string
  description = "Release of Knative Serving and Eventing (and of net-kourier and eventing-kafka-broker, released together)."
  default     = "1.16.0"
}

variable "cert_manager_version" {
  type        = string
  description = "cert-manager Helm chart version."
  default     = "v1.16.1"
}

variable "strimzi_version" {
  type        = string
  description = "Strimzi Kafka operator Helm chart version."
  default     = "0.47.0"
}

variable "kafka_version" {
  type        = string
  description = "Kafka version the Strimzi cluster runs (one the operator release supports; KRaft, no ZooKeeper)."
  default     = "4.0.0"
}

variable "kafka_replicas" {
  type        = number
  description = "Kafka nodes (each both controller and broker). 1 for dev; 3 for prod, matching the topics' replicas: 3, min.insync.replicas: 2."
  default     = 3
}

variable "kafka_storage_size" {
  type        = string
  description = "Persistent volume of each Kafka node."
  default     = "20Gi"
}

variable "cloudnative_pg_version" {
  type        = string
  description = "CloudNativePG operator Helm chart version (0.23+: the Database resource)."
  default     = "0.23.0"
}

variable "postgres_instances" {
  type        = number
  description = "PostgreSQL instances (one primary, the rest streaming replicas that take over on failure)."
  default     = 2
}

variable "postgres_storage_size" {
  type        = string
  description = "Persistent volume of each PostgreSQL instance."
  default     = "10Gi"
}

variable "kube_prometheus_stack_version" {
  type        = string
  description = "kube-prometheus-stack Helm chart version (Prometheus, Alertmanager, Grafana)."
  default     = "65.5.0"
}

variable "prometheus_retention" {
  type        = string
  description = "How long Prometheus keeps samples."
  default     = "7d"
}

variable "domain" {
  type        = string
  description = "DNS domain under which Knative publishes public services (gateway.mosaic.<domain>); null uses sslip.io on the Kourier load balancer's IP."
  default     = null
}

variable "acme_email" {
  type        = string
  description = "Contact address of the Let's Encrypt account that issues the public URL's certificate (expiry notices go there)."
}

variable "acme_server" {
  type        = string
  description = "ACME directory: Let's Encrypt production by default; its staging directory while trying things out (untrusted certificates, generous limits)."
  default     = "https://acme-v02.api.letsencrypt.org/directory"
}
