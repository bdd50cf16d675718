terraform {
  required_version = ">= 1.6.0"

  required_providers {
    kubernetes = {
      source  = "hashicorp/kubernetes"
      version = "~> 2.33.0"
    }
    helm = {
      source  = "hashicorp/helm"
      version = "~> 2.16.0"
    }
    # Applies custom resources whose CRDs are installed in the same apply (the kubernetes provider's
    # kubernetes_manifest needs them at plan time), and multi-document release manifests.
    kubectl = {
      source  = "alekc/kubectl"
      version = "~> 2.1.0"
    }
    http = {
      source  = "hashicorp/http"
      version = "~> 3.4.0"
    }
    random = {
      source  = "hashicorp/random"
      version = "~> 3.6.0"
    }
  }
}
