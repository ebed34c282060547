import { createPermission } from '@backstage/plugin-permission-common';

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

/** Every permission of the FinOps plugins. */
export const finopsPermissions = [
  finopsPricingViewCreatePermission,
  finopsPricingViewUpdatePermission,
  finopsPricingViewDeletePermission,
  finopsDomainUpdatePermission,
  finopsRunTriggerPermission,
];
