# Identity-Aware Proxy in front of every endpoint of ${{ values.name }}: the GKE Ingress's
# BackendConfig (infrastructure/kubernetes/ingress/ingress.yaml) enables IAP with the OAuth client
# kept in the Secret istio-system/iap-oauth-client (created once, see docs/iap.md). Who may sign
# in is derived from the catalog when the generator runs: the owner group's email (or each member's)
# and each engineer's email, plus the extra members answered; re-run the generator after a change.
locals {
{%- if values.iapMembers | length %}
  iap_members = [
{%- for member in values.iapMembers %}
    ${{ member | dump }},
{%- endfor %}
  ]
{%- else %}
  iap_members = []
{%- endif %}
}

resource "google_project_service" "iap" {
  service            = "iap.googleapis.com"
  disable_on_destroy = false
}

resource "google_iap_web_iam_member" "access" {
  for_each = toset(local.iap_members)

  project = var.project_id
  role    = "roles/iap.httpsResourceAccessor"
  member  = each.value

  depends_on = [google_project_service.iap]
}
