import { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import {
  CostRow,
  finopsActionsUsePermission,
  sumOf,
} from '@finops-backstage/plugin-finops-common';
import Decimal from 'decimal.js';
import {
  FinopsActionContext,
  costsQueryOf,
  entityCostsOf,
} from './FinopsActionContext';
import { monthTotals } from '../costs/monthTotals';

/** Products listed by default, largest first. */
const TOP_PRODUCTS = 10;

/** Month totals, direct and indirect apart, from the rows of the costs route (their cents added). */
function monthsOf(rows: CostRow[]) {
  const [total, direct, indirect] = [
    monthTotals(rows),
    monthTotals(rows, 'DIRECT'),
    monthTotals(rows, 'INDIRECT'),
  ];
  const zero = new Decimal(0);
  return [...total.keys()].sort().map(month => ({
    month,
    total: total.get(month)!.toFixed(2),
    direct: (direct.get(month) ?? zero).toFixed(2),
    indirect: (indirect.get(month) ?? zero).toFixed(2),
  }));
}

/** The products of the period, largest first: each one's rows added. */
function productsOf(rows: CostRow[]) {
  const products = new Map<
    string,
    { row: CostRow; cost: Decimal; quantity: Decimal }
  >();
  for (const row of rows) {
    const product = products.get(row.key) ?? {
      row,
      cost: new Decimal(0),
      quantity: new Decimal(0),
    };
    product.cost = product.cost.plus(row.cost);
    product.quantity = product.quantity.plus(row.quantity ?? 0);
    products.set(row.key, product);
  }
  return [...products.values()]
    .sort(
      (a, b) => b.cost.comparedTo(a.cost) || (a.row.key < b.row.key ? -1 : 1),
    )
    .map(({ row, cost, quantity }) => ({
      productKey: row.key,
      name: row.label,
      mode: row.mode,
      cost: cost.toFixed(2),
      // An indirect share's quantity is a coefficient per month: not one to add up.
      ...(row.unit && row.mode === 'DIRECT'
        ? { quantity: quantity.toFixed(), unit: row.unit }
        : {}),
    }));
}

/** `finops:get-entity-costs`: what an entity cost, by month and top products. */
export function registerGetEntityCosts(
  actionsRegistry: ActionsRegistryService,
  context: FinopsActionContext,
) {
  actionsRegistry.register({
    name: 'get-entity-costs',
    title: 'Get the costs of a catalog entity',
    description: `What a component, system or group of the Backstage catalog cost over a period of months, in a pricing view: the total, direct and indirect apart, each month, and the products that cost most. The figures are those of the entity's Costs tab (GET /api/finops/costs). Amounts are decimal strings in the view's currency. Default period: the last three months, the current one included.`,
    schema: {
      input: z =>
        z.object({
          entityRef: z
            .string()
            .describe(
              'Full entity reference, such as component:default/checkout or group:default/payments',
            ),
          from: z
            .string()
            .optional()
            .describe('First month, YYYY-MM (default: two months before `to`)'),
          to: z
            .string()
            .optional()
            .describe('Last month, YYYY-MM (default: the current month)'),
          view: z
            .string()
            .optional()
            .describe(
              'Pricing view key (default: actual, the invoiced prices)',
            ),
          topProducts: z
            .number()
            .int()
            .min(1)
            .max(50)
            .optional()
            .describe(`How many products to list (default ${TOP_PRODUCTS})`),
        }),
      output: z =>
        z.object({
          entityRef: z.string(),
          view: z.object({ key: z.string(), name: z.string() }),
          currency: z.string(),
          from: z.string(),
          to: z.string(),
          total: z.string(),
          direct: z.string(),
          indirect: z.string(),
          months: z.array(
            z.object({
              month: z.string(),
              total: z.string(),
              direct: z.string(),
              indirect: z.string(),
            }),
          ),
          topProducts: z.array(
            z.object({
              productKey: z.string(),
              name: z.string(),
              mode: z.string(),
              cost: z.string(),
              quantity: z.string().optional(),
              unit: z.string().optional(),
            }),
          ),
          otherProducts: z.object({ count: z.number(), cost: z.string() }),
          unpricedProducts: z
            .array(z.string())
            .describe(
              'Products with quantities that the view does not price (not costed at 0)',
            ),
        }),
    },
    visibilityPermission: finopsActionsUsePermission,
    attributes: { readOnly: true, idempotent: true, destructive: false },
    action: async ({ input, credentials }) => {
      const query = costsQueryOf(
        context,
        input,
        { months: 3, endsMonthsAgo: 0 },
        { groupBy: 'product', granularity: 'month' },
      );
      const { view, result } = await entityCostsOf(context, query, credentials);
      const products = productsOf(result.rows);
      const listed = products.slice(0, input.topProducts ?? TOP_PRODUCTS);
      const others = products.slice(listed.length);
      return {
        output: {
          entityRef: query.entityRef,
          view: { key: view.key, name: view.name },
          currency: view.currency,
          from: query.from,
          to: query.to,
          total: result.total,
          direct: result.direct,
          indirect: result.indirect,
          months: monthsOf(result.rows),
          topProducts: listed,
          otherProducts: {
            count: others.length,
            cost: sumOf(others.map(product => product.cost)).toFixed(2),
          },
          unpricedProducts: [
            ...new Set(result.unpriced.map(item => item.productKey)),
          ],
        },
      };
    },
  });
}
