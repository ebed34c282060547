import { createPermission } from '@backstage/plugin-permission-common';
import { finopsChargebackClosePermission } from './chargeback';

/** Create a pricing view. */
export const finopsPricingViewCreatePermission = createPermission({
  name: 'finops.pricingView.create',
  attributes: { action: 'create' },
});

/** Change a pricing view or its prices. */
export const finopsPricingViewUpdatePermission = createPermission({
  name: 'finops.pricingView.update',
  attributes: { action: 'update' },
});

/** Soft-delete a pricing view. */
export const finopsPricingViewDeletePermission = createPermission({
  name: 'finops.pricingView.delete',
  attributes: { action: 'delete' },
});

/** Change a cost domain's mode or indirect method. */
export const finopsDomainUpdatePermission = createPermission({
  name: 'finops.domain.update',
  attributes: { action: 'update' },
});

/** Start an ingestion run by hand. */
export const finopsRunTriggerPermission = createPermission({
  name: 'finops.run.trigger',
  attributes: { action: 'create' },
});

/**
 * See the raw content of the rows an ingestion run rejected (accounts, resource ids, tag values).
 * Without it, a run shows the rejected rows' counts and reasons only. Admins by default.
 */
export const finopsRawRowsReadPermission = createPermission({
  name: 'finops.rawRows.read',
  attributes: { action: 'read' },
});

/**
 * See and call the FinOps actions (the tools an AI assistant gets through MCP): read only, they
 * answer what the Costs tab shows. Everyone signed in by default; a policy may narrow it.
 */
export const finopsActionsUsePermission = createPermission({
  name: 'finops.actions.use',
  attributes: { action: 'read' },
});

/** The resource type of budgets: conditional decisions about them are evaluated by the FinOps backend. */
export const FINOPS_BUDGET_RESOURCE_TYPE = 'finops-budget' as const;

/** Create a budget (owners of an entity for their own entity; admins for any scope). */
export const finopsBudgetCreatePermission = createPermission({
  name: 'finops.budget.create',
  attributes: { action: 'create' },
  resourceType: FINOPS_BUDGET_RESOURCE_TYPE,
});

/** Change a budget. */
export const finopsBudgetUpdatePermission = createPermission({
  name: 'finops.budget.update',
  attributes: { action: 'update' },
  resourceType: FINOPS_BUDGET_RESOURCE_TYPE,
});

/** Soft-delete a budget. */
export const finopsBudgetDeletePermission = createPermission({
  name: 'finops.budget.delete',
  attributes: { action: 'delete' },
  resourceType: FINOPS_BUDGET_RESOURCE_TYPE,
});

/** The budget permissions. */
export const finopsBudgetPermissions = [
  finopsBudgetCreatePermission,
  finopsBudgetUpdatePermission,
  finopsBudgetDeletePermission,
];

/** Every permission of the FinOps plugins. */
export const finopsPermissions = [
  finopsPricingViewCreatePermission,
  finopsPricingViewUpdatePermission,
  finopsPricingViewDeletePermission,
  finopsDomainUpdatePermission,
  finopsRunTriggerPermission,
  finopsRawRowsReadPermission,
  finopsBudgetCreatePermission,
  finopsBudgetUpdatePermission,
  finopsBudgetDeletePermission,
  finopsChargebackClosePermission,
  finopsActionsUsePermission,
];
