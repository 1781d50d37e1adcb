/**
 * Stand-ins for the CLIs the mx actions run, for tests and the template check kit on machines
 * where the real tool cannot run (devspace not installable, no Terraform provider registry).
 * Each follows the real CLI's documented flags, output and exit codes; see `standIns.ts`.
 *
 * @packageDocumentation
 */
export { DEVSPACE_STAND_IN, TERRAFORM_STAND_IN } from './standIns';
export { writeStandIn } from './writeStandIn';
