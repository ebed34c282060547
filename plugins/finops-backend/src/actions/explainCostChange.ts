import { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import {
  finopsActionsUsePermission,
  percentOf,
} from '@finops-backstage/plugin-finops-common';
import {
  FinopsActionContext,
  costsQueryOf,
  entityCostsOf,
} from './FinopsActionContext';

/** `finops:explain-cost-change`: an entity's change against the previous like-for-like period. */
export function registerExplainCostChange(
  actionsRegistry: ActionsRegistryService,
  context: FinopsActionContext,
) {
  actionsRegistry.register({
    name: 'explain-cost-change',
    title: "Explain a change in an entity's costs",
    description: `Why a component, system or group of the Backstage catalog costs more or less than before: its cost over a period against the previous period of the same length (like for like: a month still running is compared with the same days of the month before), the difference split into a volume effect ("we used more": Σ(q₁−q₀)·p₀), a price effect ("each unit cost more": Σq₁·(p₁−p₀)) and what is priced on one side only, and the products that moved most, each with its own split and its quantities on both sides. difference = volumeEffect + priceEffect + addedCost − removedCost, and the products listed plus others plus unattributed (indirect shares, rounding) add up to it, to the cent. Default period: the last whole month.`,
    schema: {
      input: z =>
        z.object({
          entityRef: z
            .string()
            .describe(
              'Full entity reference, such as component:default/checkout',
            ),
          from: z
            .string()
            .optional()
            .describe('First month of the period, YYYY-MM (default: `to`)'),
          to: z
            .string()
            .optional()
            .describe(
              'Last month of the period, YYYY-MM (default: last month)',
            ),
          view: z
            .string()
            .optional()
            .describe('Pricing view key (default: actual)'),
        }),
      output: z => {
        const side = z.object({
          from: z.string(),
          to: z.string(),
          through: z.string().optional(),
          total: z.string(),
        });
        const mover = z.object({
          productKey: z.string(),
          name: z.string(),
          unit: z.string(),
          baselineQuantity: z.string(),
          quantity: z.string(),
          difference: z.string(),
          volumeEffect: z.string(),
          priceEffect: z.string(),
          addedCost: z.string(),
          removedCost: z.string(),
        });
        return z.object({
          entityRef: z.string(),
          view: z.object({ key: z.string(), name: z.string() }),
          currency: z.string(),
          current: side,
          baseline: side,
          difference: z.string(),
          percentChange: z.string().nullable(),
          volumeEffect: z.string(),
          priceEffect: z.string(),
          addedCost: z.string(),
          removedCost: z.string(),
          increases: z.array(mover),
          decreases: z.array(mover),
          others: z.object({ count: z.number(), difference: z.string() }),
          unattributed: z.string(),
        });
      },
    },
    visibilityPermission: finopsActionsUsePermission,
    attributes: { readOnly: true, idempotent: true, destructive: false },
    action: async ({ input, credentials }) => {
      const query = costsQueryOf(
        context,
        input,
        { months: 1, endsMonthsAgo: 1 },
        { compareTo: 'previous' },
      );
      const { view, comparison } = await entityCostsOf(
        context,
        query,
        credentials,
      );
      const compared = comparison!;
      return {
        output: {
          entityRef: query.entityRef,
          view: { key: view.key, name: view.name },
          currency: view.currency,
          current: {
            from: compared.current.from,
            to: compared.current.to,
            ...(compared.current.through
              ? { through: compared.current.through }
              : {}),
            total: compared.total,
          },
          baseline: {
            from: compared.baseline.from,
            to: compared.baseline.to,
            ...(compared.baseline.through
              ? { through: compared.baseline.through }
              : {}),
            total: compared.baselineTotal,
          },
          difference: compared.difference,
          percentChange: percentOf(compared.difference, compared.baselineTotal),
          volumeEffect: compared.volumeEffect,
          priceEffect: compared.priceEffect,
          addedCost: compared.addedCost,
          removedCost: compared.removedCost,
          ...compared.movers,
        },
      };
    },
  });
}
