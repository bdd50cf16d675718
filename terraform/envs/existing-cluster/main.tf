# Mosaic on a Kubernetes cluster you already have: the platform and the application, nothing cloud-specific.

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

provider "kustomization" {
  kubeconfig_path = local.kubeconfig_path
  context         = var.kube_context
}

module "platform" {
  source = "../../modules/platform"

  app_namespace      = "mosaic"
  kafka_replicas     = var.kafka_replicas
  postgres_instances = var.postgres_instances
}

module "app" {
  source = "../../modules/app"

  namespace      = "mosaic"
  overlay_path   = "${path.root}/../../../knative/overlays/${var.overlay}"
  image_registry = var.image_registry
  image_tag      = var.image_tag
  databases      = module.platform.databases

  depends_on = [module.platform]
}
