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

# The identity MX operates this project as (Terraform, gcloud, kubectl, devspace): the Backstage
# backend impersonates it with short-lived tokens, so no key exists and no other client's project is
# reachable. The first apply runs as a platform admin (docs/day-2-operations.md, "bootstrap").
resource "google_service_account" "operator" {
  account_id   = "${local.short_name}-operator"
  display_name = "MX operator of ${var.name}"

  depends_on = [google_project_service.services]
}

resource "google_project_iam_member" "operator" {
  for_each = toset([
    "roles/artifactregistry.admin",
    "roles/cloudbuild.builds.editor",
    "roles/compute.viewer",
    "roles/container.admin",
    "roles/iam.serviceAccountAdmin",
    "roles/iam.serviceAccountUser",
    "roles/resourcemanager.projectIamAdmin",
    "roles/serviceusage.serviceUsageAdmin",
    "roles/storage.admin",
  ])

  project = var.project_id
  role    = each.value
  member  = "serviceAccount:${google_service_account.operator.email}"
}

# The Backstage backend's own identity may only mint tokens for the operator.
resource "google_service_account_iam_member" "operator_token_creator" {
  count = var.mx_backend_service_account == "" ? 0 : 1

  service_account_id = google_service_account.operator.name
  role               = "roles/iam.serviceAccountTokenCreator"
  member             = "serviceAccount:${var.mx_backend_service_account}"
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

# Engineers (var.engineers: the wizard's engineers and their catalog emails): Kubernetes
# developer in the cluster (kubectl, devspace deployments, MLflow's Kubernetes jobs), viewer of
# the project (console, logs, builds, images) and read/write on the data bucket (datasets).
locals {
  engineer_project_roles = ["roles/container.developer", "roles/viewer"]
  engineer_project_bindings = {
    for pair in setproduct(var.engineers, local.engineer_project_roles) :
    "${pair[0].ref} ${pair[1]}" => { member = "user:${pair[0].email}", role = pair[1] }
  }
}

resource "google_project_iam_member" "engineers" {
  for_each = local.engineer_project_bindings

  project = var.project_id
  role    = each.value.role
  member  = each.value.member
}

resource "google_storage_bucket_iam_member" "engineers_data" {
  for_each = { for e in var.engineers : e.ref => "user:${e.email}" }

  bucket = google_storage_bucket.data.name
  role   = "roles/storage.objectAdmin"
  member = each.value
}
