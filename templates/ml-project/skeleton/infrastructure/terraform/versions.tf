terraform {
  required_version = ">= 1.5"

  # State in the project's own bucket, one prefix per MX project, so every project has its own
  # lock. Values in backend.hcl: terraform init -backend-config=backend.hcl
  backend "gcs" {}

  required_providers {
    google = {
      source  = "hashicorp/google"
      version = "~> 6.0"
    }
  }
}

provider "google" {
  project = var.project_id
  region  = var.region
}
