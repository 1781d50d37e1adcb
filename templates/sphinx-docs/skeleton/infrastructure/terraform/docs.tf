# Documentation of ${{ values.name }} (sphinx-docs generator): the bucket the built HTML is published
# to (gs://${{ values.docsBucket }}/${{ values.name }}/). Not public: readers sign in with Google at
# https://storage.cloud.google.com/${{ values.docsBucket }}/${{ values.name }}/index.html
resource "google_storage_bucket" "docs" {
  name                        = "${{ values.docsBucket }}"
  location                    = var.region
  uniform_bucket_level_access = true
  public_access_prevention    = "enforced"

  depends_on = [google_project_service.services]
}

data "google_project" "docs" {}

# Cloud Build publishes the docs (default Cloud Build service account, legacy or Compute Engine).
resource "google_storage_bucket_iam_member" "docs_publishers" {
  for_each = toset([
    "serviceAccount:${data.google_project.docs.number}@cloudbuild.gserviceaccount.com",
    "serviceAccount:${data.google_project.docs.number}-compute@developer.gserviceaccount.com",
  ])

  bucket = google_storage_bucket.docs.name
  role   = "roles/storage.objectAdmin"
  member = each.value
}

resource "google_storage_bucket_iam_member" "docs_readers" {
  for_each = toset([
{%- for r in values.docsReaders %}
    "${{ r }}",
{%- endfor %}
  ])

  bucket = google_storage_bucket.docs.name
  role   = "roles/storage.objectViewer"
  member = each.value
}

output "docs_url" {
  description = "The published documentation (Google sign-in)"
  value       = "https://storage.cloud.google.com/${google_storage_bucket.docs.name}/${var.name}/index.html"
}
