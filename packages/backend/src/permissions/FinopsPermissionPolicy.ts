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

/** The permission to see and call the FinOps actions (MCP tools). */
const ACTIONS_USE = 'finops.actions.use';

/** The admin groups used when `finops.adminGroups` is not configured. */
export const DEFAULT_FINOPS_ADMIN_GROUPS = ['group:default/finops'];

/**
 * Allows every permission, except writes of the FinOps plugins (`finops.*`
 * with an action other than `read`) and the read of raw billing rows (`finops.rawRows.read`):
 * those only for members of an admin group, except budgets,
 * which the owners of a catalog entity may manage for that entity (a conditional decision with
 * the backend's rule IS_SCOPE_OWNER). The FinOps actions (`finops.actions.use`, the tools an AI
 * assistant gets through MCP) are for everyone signed in, or, when `actionUsers` is given
 * (`finops.actions.allowed`), for those users and the members of those groups only.
 */
export class FinopsPermissionPolicy implements PermissionPolicy {
  private readonly adminGroups: ReadonlySet<string>;
  private readonly actionUsers?: ReadonlySet<string>;

  constructor(options: { adminGroups: string[]; actionUsers?: string[] }) {
    this.adminGroups = lowerCased(options.adminGroups);
    this.actionUsers = options.actionUsers
      ? lowerCased(options.actionUsers)
      : undefined;
  }

  async handle(
    request: PolicyQuery,
    user?: PolicyQueryUser,
  ): Promise<PolicyDecision> {
    const { permission } = request;
    if (permission.name === ACTIONS_USE && this.actionUsers) {
      return {
        result: isAmong(user, this.actionUsers)
          ? AuthorizeResult.ALLOW
          : AuthorizeResult.DENY,
      };
    }
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
    return isAmong(user, this.adminGroups);
  }
}

function lowerCased(refs: string[]): ReadonlySet<string> {
  return new Set(refs.map(ref => ref.toLocaleLowerCase('en-US')));
}

/** Whether the user, or a group they belong to, is one of `refs`. */
function isAmong(
  user: PolicyQueryUser | undefined,
  refs: ReadonlySet<string>,
): boolean {
  return (user?.info.ownershipEntityRefs ?? []).some(ref =>
    refs.has(ref.toLocaleLowerCase('en-US')),
  );
}
