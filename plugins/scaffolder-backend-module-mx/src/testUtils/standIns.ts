/* Stand-ins for CLIs that cannot run here; each follows the real CLI's documented output and exit codes. */

/** Stand-in for terraform 1.11 answering with its documented output and exit codes. */
export const TERRAFORM_STAND_IN = `record();
const cmd = argv[0];
if (cmd === 'version') { console.log('Terraform v1.11.4\\non linux_amd64'); process.exit(0); }
if (cmd === 'init') { console.log('Terraform has been successfully initialized!'); process.exit(0); }
if (cmd === 'validate') { console.log('Success! The configuration is valid.'); process.exit(0); }
if (cmd === 'plan') {
  const out = argv.find(a => a.startsWith('-out=')).slice(5);
  fs.writeFileSync(out, 'stand-in plan');
  console.log('Plan: 1 to add, 0 to change, 0 to destroy.');
  process.exit(2);
}
if (cmd === 'state' && argv[1] === 'pull') {
  console.log(JSON.stringify({ version: 4, terraform_version: '1.11.4', serial: 3, lineage: '0f1e2d3c-stand-in-lineage', outputs: {}, resources: [] }));
  process.exit(0);
}
if (cmd === 'show' && !argv.includes('-json')) {
  console.log('Terraform will perform the following actions:\\n\\n  # google_container_cluster.main will be created\\n  + resource "google_container_cluster" "main" {\\n      + name = "fraud-detection"\\n    }\\n\\nPlan: 1 to add, 0 to change, 0 to destroy.');
  process.exit(0);
}
if (cmd === 'show') {
  console.log(JSON.stringify({ format_version: '1.2', resource_changes: [
    { address: 'google_container_cluster.main', change: { actions: ['create'] } },
    { address: 'google_project_service.apis["container.googleapis.com"]', change: { actions: ['no-op'] } },
  ] }));
  process.exit(0);
}
if (cmd === 'apply') { console.log('Apply complete! Resources: 1 added, 0 changed, 0 destroyed.'); process.exit(0); }
if (cmd === 'output') { console.log(JSON.stringify({ cluster_name: { sensitive: false, type: 'string', value: 'fraud-detection' } })); process.exit(0); }
console.error('stand-in: unexpected ' + argv.join(' ')); process.exit(1);`;

/**
 * Stand-in for devspace 6.3 (the CLI cannot be installed here). Follows
 * ../shared/cli-reference/devspace: `devspace version` prints "DevSpace version : 6.3.12";
 * `devspace deploy` reads $KUBECONFIG (fatal error and exit 1 without one), logs the namespace and
 * kube context it uses and one "Successfully deployed <name>" line per deployment;
 * `--render` prints the manifests instead. For the secrets test it also prints the kubeconfig's
 * token, which the runner must redact.
 */
export const DEVSPACE_STAND_IN = `record();
const flag = n => { const i = argv.indexOf(n); return i >= 0 ? argv[i + 1] : undefined; };
if (argv[0] === 'version') { console.log('DevSpace version : 6.3.12'); process.exit(0); }
if (argv[0] !== 'deploy') { console.error('fatal unknown command ' + argv[0]); process.exit(1); }
const cfgFile = process.env.DEVSPACE_CONFIG || 'devspace.yaml';
const cfg = fs.readFileSync(cfgFile, 'utf8');
const section = cfg.split(/^deployments:\\s*$/m)[1] || '';
const all = [...section.matchAll(/^  ([a-z0-9-]+):\\s*$/gm)].map(m => m[1]);
const selected = argv.flatMap((a, i) => a === '--deployments' ? [argv[i + 1]] : []);
const names = selected.length ? selected : all;
if (argv.includes('--render')) {
  for (const n of names) console.log('---\\n# Source: ' + n + '\\napiVersion: v1\\nkind: ConfigMap\\nmetadata:\\n  name: ' + n);
  process.exit(0);
}
if (!process.env.KUBECONFIG || !fs.existsSync(process.env.KUBECONFIG)) {
  console.error('fatal error loading kube config: no such file'); process.exit(1);
}
const kube = fs.readFileSync(process.env.KUBECONFIG, 'utf8');
const token = /token: (\\S+)/.exec(kube);
if (token) console.log('info Using kube config with token ' + token[1]);
console.log("info Using namespace '" + flag('--namespace') + "'");
console.log("info Using kube context '" + (flag('--kube-context') || 'current') + "'");
for (const n of names) console.log('deploy:' + n + ' Successfully deployed ' + n + ' with kubectl');
process.exit(0);`;

/**
 * Stand-in for gcloud (Cloud SDK 528) `container clusters get-credentials`: writes a kubeconfig
 * entry to $KUBECONFIG (context gke_<project>_<region>_<cluster>) and prints on stderr
 * "Fetching cluster endpoint and auth data." / "kubeconfig entry generated for <cluster>."; an
 * unknown cluster gives gcloud's 404 ResponseError and exit 1.
 */
export const GCLOUD_CREDENTIALS_STAND_IN = `record();
const opt = n => (argv.find(a => a.startsWith(n + '=')) || '').slice(n.length + 1);
if (argv[0] === 'container' && argv[2] === 'get-credentials') {
  const cluster = argv[3];
  if (cluster !== 'fraud-detection') {
    console.error('ERROR: (gcloud.container.clusters.get-credentials) ResponseError: code=404, message=Not found: projects/' + opt('--project') + '/locations/' + opt('--region') + '/clusters/' + cluster + '.');
    process.exit(1);
  }
  const ctx = 'gke_' + opt('--project') + '_' + opt('--region') + '_' + cluster;
  fs.writeFileSync(process.env.KUBECONFIG, 'apiVersion: v1\\nkind: Config\\ncurrent-context: ' + ctx + '\\ncontexts:\\n- name: ' + ctx + '\\n');
  console.error('Fetching cluster endpoint and auth data.');
  console.error('kubeconfig entry generated for ' + cluster + '.');
  process.exit(0);
}
process.exit(2);`;

/**
 * Stand-in for gcloud (Cloud SDK 528) `builds triggers`: `describe` of an unknown trigger prints
 * "ERROR: (gcloud.builds.triggers.describe) NOT_FOUND: Requested entity was not found." and exits
 * 1; `create github` prints "Created [https://cloudbuild.googleapis.com/v1/projects/<p>/locations/
 * global/triggers/<uuid>]." on stderr plus the NAME/CREATE_TIME table and remembers the trigger.
 * It also echoes the access token it was given (from the token file), which must be redacted.
 */
export const GCLOUD_TRIGGERS_STAND_IN = `record();
const opt = n => (argv.find(a => a.startsWith(n + '=')) || '').slice(n.length + 1);
const db = __filename + '.triggers';
const known = fs.existsSync(db) ? fs.readFileSync(db, 'utf8').split('\\n') : [];
if (process.env.CLOUDSDK_AUTH_ACCESS_TOKEN_FILE) {
  console.error('DEBUG: using access token ' + fs.readFileSync(process.env.CLOUDSDK_AUTH_ACCESS_TOKEN_FILE, 'utf8'));
}
if (argv[0] === 'builds' && argv[1] === 'triggers' && argv[2] === 'describe') {
  if (known.includes(argv[3])) { console.log('projects/' + opt('--project') + '/locations/global/triggers/' + argv[3]); process.exit(0); }
  console.error('ERROR: (gcloud.builds.triggers.describe) NOT_FOUND: Requested entity was not found.');
  process.exit(1);
}
if (argv[0] === 'builds' && argv[1] === 'triggers' && argv[2] === 'create' && argv[3] === 'github') {
  fs.appendFileSync(db, opt('--name') + '\\n');
  console.error('Created [https://cloudbuild.googleapis.com/v1/projects/' + opt('--project') + '/locations/global/triggers/0f3c8a52-6d1e-4b7a-9b2e-5c1f2a7d9e10].');
  console.log('NAME                    CREATE_TIME                STATUS');
  console.log(opt('--name').padEnd(24) + '2026-11-28T12:00:00+00:00');
  process.exit(0);
}
process.exit(2);`;

/**
 * Stand-in for gcloud's service-account impersonation (Cloud SDK 528; real IAM cannot run here),
 * put in front of another gcloud stand-in's body. `gcloud auth print-access-token
 * --impersonate-service-account=<sa>` (https://cloud.google.com/sdk/gcloud/reference/auth/print-access-token)
 * prints gcloud's impersonation warning on stderr ("WARNING: This command is using service account
 * impersonation. All API calls will be executed as [<sa>].") and a fresh token on stdout, when
 * the caller may mint tokens for <sa> (listed in `<stand-in>.grants`); otherwise gcloud's
 * PERMISSION_DENIED on iam.serviceAccounts.getAccessToken and exit 1. Without the flag it would
 * print the backend's own token: `ya29.backend-own-token`. Every token it issued is appended as
 * {sa, token} to `<stand-in>.tokens.jsonl`. Any other command given a token by
 * CLOUDSDK_AUTH_ACCESS_TOKEN_FILE is refused with PERMISSION_DENIED unless the token was issued for
 * a service account of the command's --project (the Chinese wall the real IAM enforces).
 */
export const GCLOUD_IMPERSONATION_STAND_IN = `record();
const flagValue = n => (argv.find(a => a.startsWith(n + '=')) || '').slice(n.length + 1);
const tokensFile = __filename + '.tokens.jsonl';
const issued = () => fs.existsSync(tokensFile) ? fs.readFileSync(tokensFile, 'utf8').trim().split('\\n').filter(Boolean).map(l => JSON.parse(l)) : [];
if (argv[0] === 'auth' && argv[1] === 'print-access-token') {
  const sa = flagValue('--impersonate-service-account');
  if (!sa) { console.log('ya29.backend-own-token'); process.exit(0); }
  const grants = fs.existsSync(__filename + '.grants') ? fs.readFileSync(__filename + '.grants', 'utf8').split('\\n') : [];
  if (!grants.includes(sa)) {
    console.error("ERROR: (gcloud.auth.print-access-token) PERMISSION_DENIED: Permission 'iam.serviceAccounts.getAccessToken' denied on resource (or it may not exist). This command is authenticated as backend@platform-7.iam.gserviceaccount.com which is the active account specified by the [core/account] property. Impersonation is used to impersonate " + sa + '.');
    process.exit(1);
  }
  const token = 'ya29.c.stand-in-' + require('node:crypto').randomBytes(12).toString('hex');
  fs.appendFileSync(tokensFile, JSON.stringify({ sa, token }) + '\\n');
  console.error('WARNING: This command is using service account impersonation. All API calls will be executed as [' + sa + '].');
  console.log(token);
  process.exit(0);
}
if (process.env.CLOUDSDK_AUTH_ACCESS_TOKEN_FILE) {
  const used = fs.readFileSync(process.env.CLOUDSDK_AUTH_ACCESS_TOKEN_FILE, 'utf8').trim();
  const grant = issued().find(t => t.token === used);
  const project = flagValue('--project');
  if (grant && project && !grant.sa.endsWith('@' + project + '.iam.gserviceaccount.com')) {
    console.error('ERROR: (gcloud) PERMISSION_DENIED: ' + grant.sa + ' has no access to project ' + project + '.');
    process.exit(1);
  }
}
`;

/** The impersonation stand-in in front of another gcloud stand-in (whose own `record()` is dropped). */
export function withImpersonation(gcloudStandIn: string): string {
  return (
    GCLOUD_IMPERSONATION_STAND_IN + gcloudStandIn.replace(/^record\(\);/, '')
  );
}
