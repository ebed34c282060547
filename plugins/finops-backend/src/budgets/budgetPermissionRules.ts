import {
  FINOPS_BUDGET_RESOURCE_TYPE,
  BudgetScopeType,
} from '@finops-backstage/plugin-finops-common';
import {
  createConditionExports,
  createPermissionResourceRef,
  createPermissionRule,
} from '@backstage/plugin-permission-node';
import { z } from 'zod';

/** What a budget permission is decided on: the budget's scope and its owner. */
export interface BudgetResource {
  scopeType: BudgetScopeType;
  scopeRef?: string;
  ownerRef?: string;
}

/** A filter of budgets by owner, for queries. */
export type BudgetQuery = { ownerRefs: string[] };

/** The `finops-budget` resource type of the FinOps backend. */
export const budgetPermissionResourceRef = createPermissionResourceRef<
  BudgetResource,
  BudgetQuery
>().with({ pluginId: 'finops', resourceType: FINOPS_BUDGET_RESOURCE_TYPE });

/** Allows a budget whose scope is an entity owned by one of `claims` (the user's ownership refs). */
export const isScopeOwner = createPermissionRule<
  BudgetResource,
  BudgetQuery,
  typeof FINOPS_BUDGET_RESOURCE_TYPE,
  { claims: string[] }
>({
  name: 'IS_SCOPE_OWNER',
  description:
    'Allow budgets of a catalog entity owned by the user or one of their groups',
  resourceType: FINOPS_BUDGET_RESOURCE_TYPE,
  // permission-node checks this against its own zod (4.x) while ours is 3.x: comparing the two
  // libraries' types took tsc minutes and gigabytes (TS2589), so the schema is passed untyped.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  paramsSchema: z.object({
    claims: z
      .array(z.string())
      .describe('Ownership entity refs of the user (user and groups)'),
  }) as any,
  apply: (resource, { claims }) =>
    resource.scopeType === 'entity' &&
    resource.ownerRef !== undefined &&
    claims
      .map(claim => claim.toLocaleLowerCase('en-US'))
      .includes(resource.ownerRef.toLocaleLowerCase('en-US')),
  toQuery: ({ claims }) => ({ ownerRefs: claims }),
});

/** The rules of the budget resource type. */
export const budgetPermissionRules = { isScopeOwner };

/** Conditions and conditional decisions for permission policies about budgets. */
export const {
  conditions: finopsBudgetConditions,
  createConditionalDecision: createFinopsBudgetConditionalDecision,
} = createConditionExports({
  resourceRef: budgetPermissionResourceRef,
  rules: budgetPermissionRules,
});
