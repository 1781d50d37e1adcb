output "cluster_name" {
  description = "GKE cluster"
  value       = google_container_cluster.main.name
}

output "cluster_location" {
  description = "Region of the GKE cluster"
  value       = google_container_cluster.main.location
}

output "data_bucket" {
  description = "Bucket for datasets"
  value       = google_storage_bucket.data.url
}

output "artifacts_bucket" {
  description = "Bucket for MLflow artifacts"
  value       = google_storage_bucket.artifacts.url
}

output "docker_registry" {
  description = "Artifact Registry for images"
  value       = "${var.region}-docker.pkg.dev/${var.project_id}/${google_artifact_registry_repository.images.repository_id}"
}

output "python_registry" {
  description = "Artifact Registry for Python packages"
  value       = "https://${var.region}-python.pkg.dev/${var.project_id}/${google_artifact_registry_repository.python.repository_id}/"
}

output "mlflow_service_account" {
  description = "GCP service account of the MLflow server (Workload Identity)"
  value       = google_service_account.mlflow.email
}

output "trainer_service_account" {
  description = "GCP service account of training jobs (Workload Identity)"
  value       = google_service_account.trainer.email
}

output "cluster_endpoint" {
  description = "GKE control plane address: the project page reaches in-cluster services through its service proxy"
  value       = google_container_cluster.main.endpoint
}

output "cluster_ca_certificate" {
  description = "CA of the GKE control plane (base64 PEM), trusted when calling cluster_endpoint"
  value       = google_container_cluster.main.master_auth[0].cluster_ca_certificate
}

output "operator_service_account" {
  description = "Service account MX impersonates to operate this project"
  value       = google_service_account.operator.email
}
