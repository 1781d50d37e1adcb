/**
 * Permission policy of MX for Backstage: everyone signed in reads, configured groups create
 * projects, a project's owners and `mx.admins.groups` change it.
 *
 * @packageDocumentation
 */
export { permissionModuleMxPolicy as default } from './module';
export {
  MxPermissionPolicy,
  readMxPolicyOptions,
  type MxPolicyOptions,
} from './policy';
