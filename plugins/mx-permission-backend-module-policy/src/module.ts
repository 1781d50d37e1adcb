import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import { MxPermissionPolicy, readMxPolicyOptions } from './policy';

/**
 * The permission backend's policy for MX for Backstage (replaces the allow-all policy module).
 * Reads `mx.admins.groups` and `mx.permissions.creators` once at start.
 */
export const permissionModuleMxPolicy = createBackendModule({
  pluginId: 'permission',
  moduleId: 'mx-policy',
  register(reg) {
    reg.registerInit({
      deps: {
        policy: policyExtensionPoint,
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        userInfo: coreServices.userInfo,
      },
      async init({ policy, config, logger, userInfo }) {
        const options = readMxPolicyOptions(config);
        logger.info(
          `MX permission policy: admins ${
            options.admins.join(', ') || '(none)'
          }; creators ${
            options.creators?.join(', ') ?? '(every signed-in user)'
          }`,
        );
        policy.setPolicy(new MxPermissionPolicy({ ...options, userInfo }));
      },
    });
  },
});
