import { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import {
  daySchema,
  entityRefSchema,
  finopsActionsUsePermission,
} from '@finops-backstage/plugin-finops-common';
import { budgetStatus } from '../budgets/budgetStatus';
import { parseInput } from '../service/validation';
import { FinopsActionContext, withRequestLimits } from './FinopsActionContext';

/** Budgets of one entity reported at most (the Budgets tab pages the rest). */
const BUDGETS_LISTED = 50;

/** `finops:get-budget-status`: an entity's budgets, where each stands and what it crossed. */
export function registerGetBudgetStatus(
  actionsRegistry: ActionsRegistryService,
  context: FinopsActionContext,
) {
  actionsRegistry.register({
    name: 'get-budget-status',
    title: 'Get the budget status of a catalog entity',
    description: `The budgets set on a component, system or group of the Backstage catalog and where each stands in its current period (month, quarter or year): the amount, the actual cost of the days loaded, the forecast to the period's end with its interval, the percent used, the risk (forecast ÷ amount) and the thresholds crossed by the actual or by the forecast. The figures are those of GET /api/finops/budgets?status=true. Default day: today.`,
    schema: {
      input: z =>
        z.object({
          entityRef: z
            .string()
            .describe(
              'Full entity reference, such as component:default/checkout',
            ),
          at: z
            .string()
            .optional()
            .describe('The day to report, YYYY-MM-DD (default: today)'),
        }),
      output: z =>
        z.object({
          entityRef: z.string(),
          budgets: z.array(
            z.object({
              id: z.string(),
              name: z.string(),
              period: z.string(),
              view: z.string(),
              currency: z.string(),
              amount: z.string(),
              periodStart: z.string(),
              periodEnd: z.string(),
              asOf: z.string(),
              actual: z.string(),
              forecast: z.string(),
              forecastLow: z.string(),
              forecastHigh: z.string(),
              percentUsed: z.string(),
              risk: z.string(),
              variance: z.string(),
              thresholdsCrossed: z.array(
                z.object({
                  percent: z.string(),
                  amount: z.string(),
                  byActual: z.boolean(),
                  byForecast: z.boolean(),
                }),
              ),
            }),
          ),
        }),
    },
    visibilityPermission: finopsActionsUsePermission,
    attributes: { readOnly: true, idempotent: true, destructive: false },
    action: async ({ input, credentials }) => {
      const entityRef = parseInput(
        entityRefSchema,
        input.entityRef,
        'entityRef',
      );
      const day =
        input.at === undefined
          ? context.now().toISOString().slice(0, 10)
          : parseInput(daySchema, input.at, 'at');
      return withRequestLimits(context, async () => {
        // Not found unless the catalog shows the entity to the caller, as for the routes.
        await context.costs.applicationsOf(entityRef, credentials);
        const budgets = await context.budgets.list({
          scopeRef: entityRef,
          limit: BUDGETS_LISTED,
          offset: 0,
        });
        const items = [];
        for (const budget of budgets) {
          const status = await budgetStatus(context, budget, day, credentials);
          items.push({
            id: budget.id,
            name: budget.name,
            period: budget.period,
            view: budget.view,
            currency: budget.currency,
            amount: status.amount,
            periodStart: status.periodStart,
            periodEnd: status.periodEnd,
            asOf: status.asOf,
            actual: status.actual,
            forecast: status.forecast,
            forecastLow: status.forecastLow,
            forecastHigh: status.forecastHigh,
            percentUsed: status.percentUsed,
            risk: status.risk,
            variance: status.variance,
            thresholdsCrossed: status.thresholds
              .filter(t => t.crossedByActual || t.crossedByForecast)
              .map(t => ({
                percent: t.percent,
                amount: t.amount,
                byActual: t.crossedByActual,
                byForecast: t.crossedByForecast,
              })),
          });
        }
        return { output: { entityRef, budgets: items } };
      });
    },
  });
}
