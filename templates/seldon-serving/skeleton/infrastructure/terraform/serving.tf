{%- set models = [] %}
{%- for n, d in values.state.deployments %}{% if n.startsWith('model-') %}{% if models.push(n.slice(6)) %}{% endif %}{% endif %}{% endfor %}
{%- if not (('model-' + values.modelName) in values.state.deployments) %}{% if models.push(values.modelName) %}{% endif %}{% endif %}
{%- set models = models | sort -%}
# Model serving of ${{ values.name }} (seldon-serving generator): the identity the served models run
# as. It may read the artifacts bucket, where scripts/publish_model.py puts registry versions.
resource "google_service_account" "serving" {
  account_id   = "${local.short_name}-serving"
  display_name = "Served models of ${var.name}"

  depends_on = [google_project_service.services]
}

resource "google_storage_bucket_iam_member" "serving_artifacts" {
  bucket = google_storage_bucket.artifacts.name
  role   = "roles/storage.objectViewer"
  member = "serviceAccount:${google_service_account.serving.email}"
}

# One Kubernetes service account per model (namespace models) acts as it through Workload Identity.
resource "google_service_account_iam_member" "serving_workload_identity" {
  for_each = toset([
{%- for m in models %}
    "${{ m }}",
{%- endfor %}
  ])

  service_account_id = google_service_account.serving.name
  role               = "roles/iam.workloadIdentityUser"
  member             = "serviceAccount:${var.project_id}.svc.id.goog[models/model-${each.value}]"

  # The identity pool exists once the cluster does.
  depends_on = [google_container_cluster.main]
}
