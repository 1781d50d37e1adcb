variable "project_id" {
  description = "GCP project of the client"
  type        = string
}

variable "region" {
  description = "Region of the cluster, buckets and registries"
  type        = string
}

variable "name" {
  description = "MX project name; prefixes every resource"
  type        = string
}

variable "gpu_type" {
  description = "Accelerator of the training node pool"
  type        = string
  default     = "nvidia-tesla-t4"
}

variable "gpu_node_locations" {
  description = "Zones of the region where gpu_type exists: the GPU node pool's nodes are created there"
  type        = list(string)
}

variable "gpu_node_count_max" {
  description = "Most GPU nodes of the training node pool, in total over its zones"
  type        = number
  default     = 4
}

variable "engineers" {
  description = "Engineers of the project: their catalog user (ref) and Google account (email); iam.tf grants their roles"
  type = list(object({
    ref   = string
    email = string
  }))
  default = []

  validation {
    condition     = alltrue([for e in var.engineers : can(regex("^[^@[:space:]]+@[^@[:space:]]+$", e.email))])
    error_message = "Every engineer needs the email of their Google account: fill in the empty email values of engineers in terraform.tfvars (their catalog profile has no spec.profile.email)."
  }
}

variable "mx_backend_service_account" {
  description = "Service account of the Backstage backend (mx.gcp.impersonation.backendServiceAccount); it may mint tokens for the operator. Empty: grant it by hand"
  type        = string
  default     = ""
}

locals {
  # Service account ids are limited to 30 characters and bucket names to 63.
  short_name = trimsuffix(substr(var.name, 0, 20), "-")
}
