import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import {
  DEFAULT_FINOPS_ADMIN_GROUPS,
  FinopsPermissionPolicy,
} from './FinopsPermissionPolicy';

/** Sets the FinOps permission policy on the permission backend. */
export const finopsPolicyModule = createBackendModule({
  pluginId: 'permission',
  moduleId: 'finops-policy',
  register(reg) {
    reg.registerInit({
      deps: {
        config: coreServices.rootConfig,
        policy: policyExtensionPoint,
      },
      async init({ config, policy }) {
        const adminGroups =
          config.getOptionalStringArray('finops.adminGroups') ??
          DEFAULT_FINOPS_ADMIN_GROUPS;
        policy.setPolicy(
          new FinopsPermissionPolicy({
            adminGroups,
            actionUsers: config.getOptionalStringArray(
              'finops.actions.allowed',
            ),
          }),
        );
      },
    });
  },
});
