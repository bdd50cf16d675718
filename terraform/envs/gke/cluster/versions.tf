terraform {
  required_version = ">= 1.6.0"

  # State in a GCS bucket made once by hand (docs/deploy.md), one prefix per environment:
  # terraform init -backend-config="bucket=<bucket>" -backend-config="prefix=mosaic/<env>/cluster"
  backend "gcs" {}

  required_providers {
    google = {
      source  = "hashicorp/google"
      version = "~> 6.8.0"
    }
  }
}
