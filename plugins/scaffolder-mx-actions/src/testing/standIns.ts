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

