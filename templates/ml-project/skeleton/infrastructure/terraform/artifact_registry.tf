resource "google_artifact_registry_repository" "images" {
  repository_id = var.name
  location      = var.region
  format        = "DOCKER"
  description   = "Container images of ${var.name}"

  depends_on = [google_project_service.services]
}

resource "google_artifact_registry_repository" "python" {
  repository_id = "${var.name}-python"
  location      = var.region
  format        = "PYTHON"
  description   = "Python packages of ${var.name}"

  depends_on = [google_project_service.services]
}
