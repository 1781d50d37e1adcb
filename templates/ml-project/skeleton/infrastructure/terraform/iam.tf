resource "google_service_account" "nodes" {
  account_id   = "${local.short_name}-nodes"
  display_name = "GKE nodes of ${var.name}"

  depends_on = [google_project_service.services]
}

resource "google_service_account" "mlflow" {
  account_id   = "${local.short_name}-mlflow"
  display_name = "MLflow tracking server of ${var.name}"

  depends_on = [google_project_service.services]
}

resource "google_service_account" "trainer" {
  account_id   = "${local.short_name}-trainer"
  display_name = "Training jobs of ${var.name}"

  depends_on = [google_project_service.services]
}

resource "google_project_iam_member" "nodes" {
  for_each = toset([
    "roles/artifactregistry.reader",
    "roles/logging.logWriter",
    "roles/monitoring.metricWriter",
  ])

  project = var.project_id
  role    = each.value
  member  = "serviceAccount:${google_service_account.nodes.email}"
}

# Kubernetes service accounts act as the GCP ones through Workload Identity. The identity pool
# (<project>.svc.id.goog) exists once the cluster does: IAM refuses its members before.
resource "google_service_account_iam_member" "mlflow_workload_identity" {
  service_account_id = google_service_account.mlflow.name
  role               = "roles/iam.workloadIdentityUser"
  member             = "serviceAccount:${var.project_id}.svc.id.goog[mlflow/mlflow]"

  depends_on = [google_container_cluster.main]
}

resource "google_service_account_iam_member" "trainer_workload_identity" {
  service_account_id = google_service_account.trainer.name
  role               = "roles/iam.workloadIdentityUser"
  member             = "serviceAccount:${var.project_id}.svc.id.goog[mlflow/trainer]"

  depends_on = [google_container_cluster.main]
}

resource "google_project_iam_member" "engineers" {
  for_each = toset(var.engineers)

  project = var.project_id
  role    = "roles/container.developer"
  member  = each.value
}
