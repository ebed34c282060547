import { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import {
  entityRefSchema,
  finopsActionsUsePermission,
  monthPeriodSchema,
  monthSchema,
  percentOf,
  pricingRuleInputSchema,
  shiftMonth,
} from '@finops-backstage/plugin-finops-common';
import Decimal from 'decimal.js';
import { parseInput } from '../service/validation';
import {
  FinopsActionContext,
  currentMonth,
  withRequestLimits,
} from './FinopsActionContext';
import { monthTotals } from '../costs/monthTotals';

/** `finops:simulate-price-change`: a price change's effect, computed like a what-if view, never saved. */
export function registerSimulatePriceChange(
  actionsRegistry: ActionsRegistryService,
  context: FinopsActionContext,
) {
  actionsRegistry.register({
    name: 'simulate-price-change',
    title: 'Simulate a price change',
    description: `What an entity of the Backstage catalog (or the whole estate, without entityRef) would cost over a period if the prices of a domain, a family or a product changed: by a multiplier (1.1 = 10 % dearer, 0.8 = a 20 % discount) or to a new unit price. Computed exactly like a what-if pricing view on top of the base view (same resolution, same rounding), but nothing is saved. Domains, families and products are the keys the FinOps admin page lists (e.g. domain CLOUD, family compute, product aws:AmazonEC2:m5.large:eu-west-1). Default period: the last three whole months.`,
    schema: {
      input: z =>
        z.object({
          entityRef: z
            .string()
            .optional()
            .describe('Full entity reference; omit it for the whole estate'),
          view: z
            .string()
            .optional()
            .describe(
              'The pricing view the change applies on (default: actual)',
            ),
          from: z.string().optional().describe('First month, YYYY-MM'),
          to: z
            .string()
            .optional()
            .describe('Last month, YYYY-MM (default: last month)'),
          domain: z.string().optional().describe('A domain key, such as CLOUD'),
          family: z
            .string()
            .optional()
            .describe('A family key, such as compute'),
          product: z.string().optional().describe('A product key'),
          multiplier: z
            .string()
            .optional()
            .describe(
              'Decimal multiplier of the current unit prices, such as "1.1"',
            ),
          unitPrice: z
            .string()
            .optional()
            .describe("The new unit price, a decimal in the view's currency"),
        }),
      output: z =>
        z.object({
          scope: z.string().describe('The entity reference, or "estate"'),
          view: z.string(),
          currency: z.string(),
          from: z.string(),
          to: z.string(),
          baselineTotal: z.string(),
          simulatedTotal: z.string(),
          difference: z.string(),
          percentChange: z.string().nullable(),
          months: z
            .array(
              z.object({
                month: z.string(),
                baseline: z.string(),
                simulated: z.string(),
                difference: z.string(),
              }),
            )
            .optional(),
        }),
    },
    visibilityPermission: finopsActionsUsePermission,
    attributes: { readOnly: true, idempotent: true, destructive: false },
    action: async ({ input, credentials }) => {
      const to = parseInput(
        monthSchema,
        input.to ?? shiftMonth(currentMonth(context), -1),
        'to',
      );
      const from = parseInput(
        monthSchema,
        input.from ?? shiftMonth(to, -2),
        'from',
      );
      parseInput(monthPeriodSchema, { from, to }, 'input');
      const rule = parseInput(
        pricingRuleInputSchema,
        {
          ...(input.domain ? { domain: input.domain } : {}),
          ...(input.family ? { family: input.family } : {}),
          ...(input.product ? { product: input.product } : {}),
          ...(input.multiplier ? { multiplier: input.multiplier } : {}),
          ...(input.unitPrice ? { unitPrice: input.unitPrice } : {}),
          validFrom: from,
          validTo: to,
        },
        'input',
      );
      const entityRef =
        input.entityRef === undefined
          ? undefined
          : parseInput(entityRefSchema, input.entityRef, 'entityRef');
      const base = input.view ?? 'actual';
      return withRequestLimits(context, () =>
        context.simulatePrices({ base, rule }, async (costs, views) => {
          const period = { from, to, scope: entityRef ?? 'estate', view: base };
          if (entityRef === undefined) {
            const [before, after] = [
              await costs.getOverview({ viewId: views.base, from, to }),
              await costs.getOverview({ viewId: views.simulated, from, to }),
            ];
            const difference = new Decimal(after.total).minus(before.total);
            return {
              output: {
                ...period,
                currency: views.currency,
                baselineTotal: before.total,
                simulatedTotal: after.total,
                difference: difference.toFixed(2),
                percentChange: percentOf(difference, before.total),
              },
            };
          }
          const applicationIds = await costs.applicationsOf(
            entityRef,
            credentials,
          );
          const costsIn = (viewId: number) =>
            costs.getCosts({
              applicationIds,
              viewId,
              from,
              to,
              granularity: 'month',
              groupBy: 'domain',
            });
          const [before, after] = [
            await costsIn(views.base),
            await costsIn(views.simulated),
          ];
          const [monthsBefore, monthsAfter] = [
            monthTotals(before.rows),
            monthTotals(after.rows),
          ];
          const months = [
            ...new Set([...monthsBefore.keys(), ...monthsAfter.keys()]),
          ].sort();
          const difference = new Decimal(after.total).minus(before.total);
          return {
            output: {
              ...period,
              currency: views.currency,
              baselineTotal: before.total,
              simulatedTotal: after.total,
              difference: difference.toFixed(2),
              percentChange: percentOf(difference, before.total),
              months: months.map(month => {
                const [was, is] = [
                  monthsBefore.get(month) ?? new Decimal(0),
                  monthsAfter.get(month) ?? new Decimal(0),
                ];
                return {
                  month,
                  baseline: was.toFixed(2),
                  simulated: is.toFixed(2),
                  difference: is.minus(was).toFixed(2),
                };
              }),
            },
          };
        }),
      );
    },
  });
}
