{%- set domain = values.name + '.' + values.baseDomain -%}
# Deployment infrastructure of ${{ values.name }}: a global static IP for the cluster's ingress and
# DNS records for ${{ domain }} and *.${{ domain }} in the existing Cloud DNS zone
# "${{ values.dnsZone }}". TLS: a Google-managed certificate (GKE ManagedCertificate, see
# infrastructure/kubernetes/ingress/) on the GKE Ingress that uses this address.
locals {
  domain      = "${{ domain }}"
  dns_zone    = "${{ values.dnsZone }}"
  dns_project = "${{ values.dnsProject or values.gcpProjectId }}"
}

resource "google_project_service" "dns" {
  service            = "dns.googleapis.com"
  disable_on_destroy = false
}

data "google_dns_managed_zone" "base" {
  name    = local.dns_zone
  project = local.dns_project

  depends_on = [google_project_service.dns]
}

# Referenced by name from the GKE Ingress (kubernetes.io/ingress.global-static-ip-name).
resource "google_compute_global_address" "ingress" {
  name        = "${local.short_name}-ingress"
  description = "Ingress of ${var.name} (${local.domain})"

  depends_on = [google_project_service.services]
}

resource "google_dns_record_set" "domain" {
  project      = local.dns_project
  managed_zone = data.google_dns_managed_zone.base.name
  name         = "${local.domain}."
  type         = "A"
  ttl          = 300
  rrdatas      = [google_compute_global_address.ingress.address]
}

resource "google_dns_record_set" "wildcard" {
  project      = local.dns_project
  managed_zone = data.google_dns_managed_zone.base.name
  name         = "*.${local.domain}."
  type         = "A"
  ttl          = 300
  rrdatas      = [google_compute_global_address.ingress.address]
}

output "ingress_ip" {
  description = "Global static IP of the cluster ingress"
  value       = google_compute_global_address.ingress.address
}

output "domain" {
  description = "Domain of the project's endpoints (and its subdomains)"
  value       = local.domain
}
