# What Cloud Build may do for ${{ values.name }} (cloudbuild generator): push the project image and
# the Python package to the project's Artifact Registry. Builds run as the project's default
# Cloud Build service account: the legacy <number>@cloudbuild.gserviceaccount.com or, in projects
# created since 2024, the Compute Engine default service account; both are granted.
# The trigger itself is in cloudbuild.tf (written by mx:cloudbuild:enable).
data "google_project" "cloudbuild" {}

locals {
  cloudbuild_members = [
    "serviceAccount:${data.google_project.cloudbuild.number}@cloudbuild.gserviceaccount.com",
    "serviceAccount:${data.google_project.cloudbuild.number}-compute@developer.gserviceaccount.com",
  ]
}

resource "google_artifact_registry_repository_iam_member" "cloudbuild_images" {
  for_each = toset(local.cloudbuild_members)

  location   = google_artifact_registry_repository.images.location
  repository = google_artifact_registry_repository.images.name
  role       = "roles/artifactregistry.writer"
  member     = each.value
}

resource "google_artifact_registry_repository_iam_member" "cloudbuild_python" {
  for_each = toset(local.cloudbuild_members)

  location   = google_artifact_registry_repository.python.location
  repository = google_artifact_registry_repository.python.name
  role       = "roles/artifactregistry.writer"
  member     = each.value
}
