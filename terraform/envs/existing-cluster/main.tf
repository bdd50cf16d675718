# The platform on a Kubernetes cluster you already have, nothing cloud-specific. The application is the
# pipeline's: ci/deploy <dev|prod> applies knative/overlays/<overlay> with the images of one build.

locals {
  kubeconfig_path = pathexpand(var.kubeconfig_path)
}

provider "kubernetes" {
  config_path    = local.kubeconfig_path
  config_context = var.kube_context
}

provider "helm" {
  kubernetes {
    config_path    = local.kubeconfig_path
    config_context = var.kube_context
  }
}

provider "kubectl" {
  config_path      = local.kubeconfig_path
  config_context   = var.kube_context
  load_config_file = true
}

module "platform" {
  source = "../../modules/platform"

  app_namespace      = "mosaic"
  kafka_replicas     = var.kafka_replicas
  postgres_instances = var.postgres_instances
  acme_email         = var.acme_email
  domain             = var.domain
}
