terraform {
  required_version = ">= 1.6.0"

  required_providers {
    kubernetes = {
      source  = "hashicorp/kubernetes"
      version = "~> 2.33.0"
    }
    # Builds knative/overlays/<env> in-process (kustomize as a library) and applies each resource.
    kustomization = {
      source  = "kbst/kustomization"
      version = "~> 0.9.0"
    }
  }
}
