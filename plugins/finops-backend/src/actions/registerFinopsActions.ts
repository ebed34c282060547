import { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import { registerExplainCostChange } from './explainCostChange';
import { FinopsActionContext } from './FinopsActionContext';
import { registerGetBudgetStatus } from './getBudgetStatus';
import { registerGetEntityCosts } from './getEntityCosts';
import { registerSimulatePriceChange } from './simulatePriceChange';

export type { FinopsActionContext };

/**
 * The FinOps actions of Backstage's actions registry, which `@backstage/plugin-mcp-actions-backend`
 * serves to AI assistants as MCP tools: all read only, seen by those granted
 * `finops.actions.use`, and answering from the code the REST routes answer from.
 */
export function registerFinopsActions(
  actionsRegistry: ActionsRegistryService,
  context: FinopsActionContext,
): void {
  registerGetEntityCosts(actionsRegistry, context);
  registerExplainCostChange(actionsRegistry, context);
  registerGetBudgetStatus(actionsRegistry, context);
  registerSimulatePriceChange(actionsRegistry, context);
}
