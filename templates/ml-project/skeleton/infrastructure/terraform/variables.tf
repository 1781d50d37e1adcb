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

variable "gpu_node_count_max" {
  description = "Upper bound of the GPU node pool's autoscaler"
  type        = number
  default     = 4
}

variable "engineers" {
  description = "Members (user:...) granted developer access to the project"
  type        = list(string)
  default     = []
}

locals {
  # Service account ids are limited to 30 characters and bucket names to 63.
  short_name = trimsuffix(substr(var.name, 0, 20), "-")
}
