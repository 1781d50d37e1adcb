/**
 * Which Google API a google provider resource calls, by resource-type prefix (longest prefix
 * wins). A resource can only be created once its API is enabled in the project; the service
 * names are those of each product's "Enable the API" documentation and of
 * https://cloud.google.com/service-usage/docs/enabled-service (`gcloud services list`).
 * Types not listed (e.g. `google_project_iam_*`, Resource Manager, always on) are not checked.
 */
export const GCP_API_BY_RESOURCE_PREFIX: ReadonlyArray<
  readonly [prefix: string, service: string, doc: string]
> = [
  [
    'google_container_',
    'container.googleapis.com',
    'https://cloud.google.com/kubernetes-engine/docs/reference/rest',
  ],
  [
    'google_service_account',
    'iam.googleapis.com',
    'https://cloud.google.com/iam/docs/reference/rest',
  ],
  [
    'google_project_iam_custom_role',
    'iam.googleapis.com',
    'https://cloud.google.com/iam/docs/reference/rest',
  ],
  [
    'google_iam_workload_identity_pool',
    'iam.googleapis.com',
    'https://cloud.google.com/iam/docs/reference/rest',
  ],
  [
    'google_artifact_registry_',
    'artifactregistry.googleapis.com',
    'https://cloud.google.com/artifact-registry/docs/enable-service',
  ],
  [
    'google_storage_',
    'storage.googleapis.com',
    'https://cloud.google.com/storage/docs/json_api',
  ],
  [
    'google_compute_',
    'compute.googleapis.com',
    'https://cloud.google.com/compute/docs/reference/rest/v1',
  ],
  [
    'google_dns_',
    'dns.googleapis.com',
    'https://cloud.google.com/dns/docs/set-up-dns-records-domain-name',
  ],
  [
    'google_filestore_',
    'file.googleapis.com',
    'https://cloud.google.com/filestore/docs/creating-instances',
  ],
  [
    'google_cloudbuild_',
    'cloudbuild.googleapis.com',
    'https://cloud.google.com/build/docs/build-config-file-schema',
  ],
  [
    'google_iap_',
    'iap.googleapis.com',
    'https://cloud.google.com/iap/docs/reference/rest',
  ],
  [
    'google_secret_manager_',
    'secretmanager.googleapis.com',
    'https://cloud.google.com/secret-manager/docs/configuring-secret-manager',
  ],
  [
    'google_dataflow_',
    'dataflow.googleapis.com',
    'https://cloud.google.com/dataflow/docs/reference/rest',
  ],
  [
    'google_certificate_manager_',
    'certificatemanager.googleapis.com',
    'https://cloud.google.com/certificate-manager/docs/reference/certificate-manager/rest',
  ],
  [
    'google_pubsub_',
    'pubsub.googleapis.com',
    'https://cloud.google.com/pubsub/docs/reference/rest',
  ],
  [
    'google_sql_',
    'sqladmin.googleapis.com',
    'https://cloud.google.com/sql/docs/mysql/admin-api',
  ],
  [
    'google_cloud_run_',
    'run.googleapis.com',
    'https://cloud.google.com/run/docs/reference/rest',
  ],
  [
    'google_bigquery_',
    'bigquery.googleapis.com',
    'https://cloud.google.com/bigquery/docs/reference/rest',
  ],
  [
    'google_kms_',
    'cloudkms.googleapis.com',
    'https://cloud.google.com/kms/docs/reference/rest',
  ],
];

/** The API a resource type needs, or undefined when the table does not name it. */
export function apiOfResourceType(type: string): string | undefined {
  let best: readonly [string, string, string] | undefined;
  for (const row of GCP_API_BY_RESOURCE_PREFIX) {
    if (type.startsWith(row[0]) && (!best || row[0].length > best[0].length))
      best = row;
  }
  return best?.[1];
}
