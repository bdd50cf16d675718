variable "namespace" {
  type        = string
  description = "Namespace of the application; must be the one the overlay sets (knative/overlays/*: mosaic)."
  default     = "mosaic"
}

variable "overlay_path" {
  type        = string
  description = "Relative path of the kustomize overlay to apply, e.g. \"$${path.root}/../../../knative/overlays/dev\" (kustomize refuses an absolute one)."
}

variable "image_registry" {
  type        = string
  description = "Registry prefix of the images: <image_registry>/mosaic/<service>:<image_tag>."
}

variable "image_tag" {
  type        = string
  description = "Tag of every image to deploy (ci/image tags with the git commit)."
}

variable "services" {
  type        = list(string)
  description = "Services with a database, each reading the Secret <service>-db."
  default     = ["catalog", "inventory", "orders", "payments", "notifications"]
}

variable "databases" {
  type = map(object({
    url      = string
    username = string
    password = string
  }))
  description = "JDBC URL, user and password per service (modules/platform's databases output, or your own)."
  sensitive   = true
}

variable "config_overrides" {
  type        = map(map(string))
  description = "Extra or changed entries of a service's ConfigMap, by service: { payments = { PAYMENTS_PROVIDER_LATENCY_MS = \"200\" } }."
  default     = {}
}
