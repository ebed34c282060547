import {
  AuthorizeResult,
  createPermission,
} from '@backstage/plugin-permission-common';
import {
  PolicyQuery,
  PolicyQueryUser,
} from '@backstage/plugin-permission-node';
import {
  DEFAULT_FINOPS_ADMIN_GROUPS,
  FinopsPermissionPolicy,
} from './FinopsPermissionPolicy';

function query(
  name: string,
  action: 'create' | 'read' | 'update' | 'delete',
): PolicyQuery {
  return { permission: createPermission({ name, attributes: { action } }) };
}

function userOf(ownershipEntityRefs: string[]): PolicyQueryUser {
  const userEntityRef = ownershipEntityRefs[0];
  return {
    credentials: {
      $$type: '@backstage/BackstageCredentials',
      principal: { type: 'user', userEntityRef },
    },
    info: { userEntityRef, ownershipEntityRefs },
  };
}

const pricingViewUpdate = query('finops.pricingView.update', 'update');
const admin = userOf(['user:default/guest', 'group:default/finops']);
const developer = userOf(['user:default/ada', 'group:default/checkout-team']);

describe('FinopsPermissionPolicy', () => {
  const policy = new FinopsPermissionPolicy({
    adminGroups: DEFAULT_FINOPS_ADMIN_GROUPS,
  });

  it('allows a FinOps write to a member of group:default/finops', async () => {
    await expect(policy.handle(pricingViewUpdate, admin)).resolves.toEqual({
      result: AuthorizeResult.ALLOW,
    });
  });

  it('denies a FinOps write to a user outside the admin groups', async () => {
    await expect(policy.handle(pricingViewUpdate, developer)).resolves.toEqual({
      result: AuthorizeResult.DENY,
    });
  });

  it('denies a FinOps write without a user', async () => {
    await expect(policy.handle(pricingViewUpdate)).resolves.toEqual({
      result: AuthorizeResult.DENY,
    });
  });

  it('allows a FinOps read to anyone signed in', async () => {
    const read = query('finops.cost.read', 'read');
    await expect(policy.handle(read, developer)).resolves.toEqual({
      result: AuthorizeResult.ALLOW,
    });
  });

  it('allows the raw rows of ingestion runs to admins only', async () => {
    const rawRows = query('finops.rawRows.read', 'read');
    await expect(policy.handle(rawRows, admin)).resolves.toEqual({
      result: AuthorizeResult.ALLOW,
    });
    await expect(policy.handle(rawRows, developer)).resolves.toEqual({
      result: AuthorizeResult.DENY,
    });
    await expect(policy.handle(rawRows)).resolves.toEqual({
      result: AuthorizeResult.DENY,
    });
  });

  it('allows other plugins’ permissions, as the allow-all policy did', async () => {
    const catalogRead = query('catalog.entity.read', 'read');
    const catalogDelete = query('catalog.entity.delete', 'delete');
    await expect(policy.handle(catalogRead, developer)).resolves.toEqual({
      result: AuthorizeResult.ALLOW,
    });
    await expect(policy.handle(catalogDelete, developer)).resolves.toEqual({
      result: AuthorizeResult.ALLOW,
    });
  });

  it('uses the configured admin groups instead of the default', async () => {
    const configured = new FinopsPermissionPolicy({
      adminGroups: ['group:default/checkout-team'],
    });
    await expect(
      configured.handle(pricingViewUpdate, developer),
    ).resolves.toEqual({ result: AuthorizeResult.ALLOW });
    await expect(configured.handle(pricingViewUpdate, admin)).resolves.toEqual({
      result: AuthorizeResult.DENY,
    });
  });

  it('gives owners a conditional decision on budgets, and admins an allow', async () => {
    const budgetCreate: PolicyQuery = {
      permission: createPermission({
        name: 'finops.budget.create',
        attributes: { action: 'create' },
        resourceType: 'finops-budget',
      }),
    };
    await expect(policy.handle(budgetCreate, admin)).resolves.toEqual({
      result: AuthorizeResult.ALLOW,
    });
    await expect(policy.handle(budgetCreate, developer)).resolves.toEqual({
      result: AuthorizeResult.CONDITIONAL,
      pluginId: 'finops',
      resourceType: 'finops-budget',
      conditions: {
        rule: 'IS_SCOPE_OWNER',
        resourceType: 'finops-budget',
        params: {
          claims: ['user:default/ada', 'group:default/checkout-team'],
        },
      },
    });
    await expect(policy.handle(budgetCreate)).resolves.toEqual({
      result: AuthorizeResult.DENY,
    });
  });

  it('allows the FinOps actions to everyone signed in, or only to those configured', async () => {
    const actionsUse = query('finops.actions.use', 'read');
    await expect(policy.handle(actionsUse, developer)).resolves.toEqual({
      result: AuthorizeResult.ALLOW,
    });
    const narrowed = new FinopsPermissionPolicy({
      adminGroups: DEFAULT_FINOPS_ADMIN_GROUPS,
      actionUsers: ['group:default/Checkout-Team'],
    });
    await expect(narrowed.handle(actionsUse, developer)).resolves.toEqual({
      result: AuthorizeResult.ALLOW,
    });
    await expect(narrowed.handle(actionsUse, admin)).resolves.toEqual({
      result: AuthorizeResult.DENY,
    });
    await expect(narrowed.handle(actionsUse)).resolves.toEqual({
      result: AuthorizeResult.DENY,
    });
  });
});
