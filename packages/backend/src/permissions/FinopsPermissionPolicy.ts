import {
  AuthorizeResult,
  PolicyDecision,
  isResourcePermission,
} from '@backstage/plugin-permission-common';
import {
  createFinopsBudgetConditionalDecision,
  finopsBudgetConditions,
} from '@finops-backstage/plugin-finops-backend';
import {
  PermissionPolicy,
  PolicyQuery,
  PolicyQueryUser,
} from '@backstage/plugin-permission-node';

/** FinOps reads for admins only: the raw content of rejected billing rows. */
const ADMIN_ONLY_READS = new Set(['finops.rawRows.read']);

/** The admin groups used when `finops.adminGroups` is not configured. */
export const DEFAULT_FINOPS_ADMIN_GROUPS = ['group:default/finops'];

/**
 * Allows every permission, except writes of the FinOps plugins (`finops.*`
 * with an action other than `read`) and the read of raw billing rows (`finops.rawRows.read`):
 * those only for members of an admin group, except budgets,
 * which the owners of a catalog entity may manage for that entity (a conditional decision with
 * the backend's rule IS_SCOPE_OWNER).
 */
export class FinopsPermissionPolicy implements PermissionPolicy {
  private readonly adminGroups: ReadonlySet<string>;

  constructor(options: { adminGroups: string[] }) {
    this.adminGroups = new Set(
      options.adminGroups.map(ref => ref.toLocaleLowerCase('en-US')),
    );
  }

  async handle(
    request: PolicyQuery,
    user?: PolicyQueryUser,
  ): Promise<PolicyDecision> {
    const { permission } = request;
    const isFinopsWrite =
      permission.name.startsWith('finops.') &&
      permission.attributes.action !== 'read';
    const isAdminOnly = isFinopsWrite || ADMIN_ONLY_READS.has(permission.name);
    if (!isAdminOnly || this.isAdmin(user)) {
      return { result: AuthorizeResult.ALLOW };
    }
    // Budgets: others may manage those of the entities they (or their groups) own.
    if (isResourcePermission(permission, 'finops-budget') && user) {
      return createFinopsBudgetConditionalDecision(
        permission,
        finopsBudgetConditions.isScopeOwner({
          claims: user.info.ownershipEntityRefs,
        }),
      );
    }
    return { result: AuthorizeResult.DENY };
  }

  private isAdmin(user?: PolicyQueryUser): boolean {
    const refs = user?.info.ownershipEntityRefs ?? [];
    return refs.some(ref =>
      this.adminGroups.has(ref.toLocaleLowerCase('en-US')),
    );
  }
}
