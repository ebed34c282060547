import {
  allocateCents,
  OverviewFilterValues,
  monthIndex,
  percentOf,
  shiftMonth,
  sumDecimals,
  sumOf,
} from '@finops-backstage/plugin-finops-common';
import Decimal from 'decimal.js';
import { Knex } from 'knex';
import { moversOf } from '../movers';
import { alignedProductMonths } from './alignedProductMonths';

/** Filters of the organisation overview. */
export interface OverviewQuery {
  viewId: number;
  from: string;
  to: string;
  cloud?: string;
  account?: string;
  category?: string;
  /** The last day included of the `to` month, `YYYY-MM-DD`: the month is cut after it. */
  through?: string;
  /** The period compared with; default the previous one of the same length, whole. */
  previous?: { from: string; to: string; through?: string };
}

/** The estate's quantity of a product on an account in a month, priced: the unit of allocation. */
export interface Atom {
  month: string;
  product_key: string;
  product_name: string;
  unit: string;
  provider: string;
  service: string;
  region: string;
  family_key: string;
  family_name: string;
  account_key: string;
  account_name: string;
  quantity: string;
  /** The quantity up to `through` (all of it in a month that is not cut). */
  kept: string;
  /** A recurring monthly charge (an indirect share, a fee metered in a currency), not usage. */
  charge: boolean;
  unit_price: string | null;
}

/** Display names of the clouds the mart knows; other keys are shown as they are. */
const CLOUD_LABELS: Record<string, string> = {
  aws: 'AWS',
  azure: 'Azure',
  gcp: 'Google Cloud',
  oci: 'Oracle Cloud (OCI)',
};

/** The values the overview's filters accept: every cloud, account and category of the mart. */
export async function overviewFilterValues(
  knex: Knex,
): Promise<OverviewFilterValues> {
  const [clouds, accounts, categories] = await Promise.all([
    knex('dim_product').distinct('provider').orderBy('provider'),
    knex('dim_account')
      .select('account_key', knex.raw('min(name) AS name'))
      .groupBy('account_key')
      .orderBy('account_key'),
    knex('dim_family').select('family_key', 'name').orderBy('family_key'),
  ]);
  return {
    cloud: clouds.map(({ provider }) => ({
      key: provider,
      label: CLOUD_LABELS[provider] ?? provider,
    })),
    account: [
      ...accounts.map(({ account_key, name }) => ({
        key: account_key,
        label: name,
      })),
      { key: 'none', label: 'No account' },
    ],
    category: categories.map(({ family_key, name }) => ({
      key: family_key,
      label: name,
    })),
  };
}

/**
 * The estate's cost in a period, in cents that add up: each month of the whole estate (whatever
 * the filters) is rounded half away from zero and allocated over its product-account cells by
 * largest remainder (kept with the prices: `cost_estate_monthly`); filters select cells, so a
 * filtered answer has the cents of the unfiltered one's split. With `through`, the `to` month is
 * cut after that day: each cell keeps the cents of its days up to it (shared by largest
 * remainder between the days kept and the others).
 */
async function atomsOf(
  knex: Knex,
  query: OverviewQuery,
  from: string,
  to: string,
  through?: string,
) {
  const { rows } = (await knex.raw(
    `WITH kept AS (
       SELECT product_id, account_id,
              coalesce(sum(quantity) FILTER (WHERE day <= CAST(:through AS date)), 0) AS kept
         FROM agg_quantity_estate_daily
        WHERE CAST(:through AS date) IS NOT NULL AND period_month = :to
        GROUP BY 1, 2
     )
     SELECT to_char(c.period_month, 'YYYY-MM') AS month, p.product_key,
            p.name AS product_name, p.unit, p.provider, p.service,
            coalesce(p.region, 'global') AS region, f.family_key, f.name AS family_name,
            coalesce(a.account_key, 'none') AS account_key,
            coalesce(a.name, 'No account') AS account_name, c.quantity::text AS quantity,
            (CASE WHEN k.kept IS NULL THEN c.quantity ELSE k.kept END)::text AS kept,
            (c.indirect OR p.unit ~ '^[A-Z]{3}$') AS charge,
            c.unit_price::text AS unit_price, c.cents::text AS cents
       FROM cost_estate_monthly c
       JOIN dim_product p ON p.product_id = c.product_id
       JOIN dim_family f ON f.family_id = p.family_id
       LEFT JOIN dim_account a ON a.account_id = c.account_id
       LEFT JOIN kept k ON c.period_month = :to AND k.product_id = c.product_id
                       AND k.account_id = c.account_id
      WHERE c.pricing_view_id = :viewId AND c.period_month BETWEEN :from AND :to
        AND (CAST(:cloud AS text) IS NULL OR p.provider = :cloud)
        AND (CAST(:category AS text) IS NULL OR f.family_key = :category)
        AND (CAST(:account AS text) IS NULL OR coalesce(a.account_key, 'none') = :account)
      ORDER BY c.period_month, c.product_id, c.account_id`,
    {
      from: `${from}-01`,
      to: `${to}-01`,
      viewId: query.viewId,
      through: through ?? null,
      cloud: query.cloud ?? null,
      account: query.account ?? null,
      category: query.category ?? null,
    },
  )) as { rows: Array<Atom & { cents: string }> };
  const cents = rows.map(atom => new Decimal(atom.cents));
  if (through) {
    rows.forEach((atom, index) => {
      if (atom.month !== to || atom.kept === atom.quantity) return;
      const price = new Decimal(atom.unit_price ?? 0);
      const kept = new Decimal(atom.kept);
      [cents[index]] = allocateCents(
        [
          kept.times(price),
          new Decimal(atom.quantity).minus(kept).times(price),
        ],
        cents[index],
      );
      atom.quantity = atom.kept;
    });
  }
  return rows.map((atom, index) => ({ ...atom, cents: cents[index] }));
}

/**
 * The exact cost of each day of the filtered estate (days with quantities, priced or not, up to
 * `through`), usage and recurring charges apart.
 */
async function daysOf(
  knex: Knex,
  query: OverviewQuery,
): Promise<
  Array<{ month: string; day: string; charge: boolean; cost: string }>
> {
  // The estate's exact cost per day is kept with the prices, per cloud, category and account.
  const { rows } = await knex.raw(
    `SELECT to_char(c.period_month, 'YYYY-MM') AS month, to_char(c.day, 'YYYY-MM-DD') AS day,
            c.charge, sum(c.cost)::text AS cost
       FROM cost_estate_daily c
      WHERE c.pricing_view_id = :viewId AND c.period_month BETWEEN :from AND :to
        AND (CAST(:through AS date) IS NULL OR c.day <= CAST(:through AS date))
        AND (CAST(:cloud AS text) IS NULL OR c.provider = :cloud)
        AND (CAST(:category AS text) IS NULL
             OR c.family_id IN (SELECT family_id FROM dim_family WHERE family_key = :category))
        AND (CAST(:account AS text) IS NULL
             OR (:account = 'none' AND c.account_id = 0)
             OR c.account_id IN (SELECT account_id FROM dim_account WHERE account_key = :account))
      GROUP BY 1, 2, 3
      ORDER BY 2, 3`,
    {
      from: `${query.from}-01`,
      to: `${query.to}-01`,
      viewId: query.viewId,
      cloud: query.cloud ?? null,
      account: query.account ?? null,
      category: query.category ?? null,
      through: query.through ?? null,
    },
  );
  return rows;
}

/** An atom with its cents. */
export type Allocated = Atom & { cents: Decimal };

/** Cents summed by a key, largest first (ties by key). */
function split<T extends { key: string }>(
  atoms: Allocated[],
  keyOf: (atom: Allocated) => T,
): Array<T & { cost: string }> {
  const groups = new Map<string, { slice: T; cents: Decimal }>();
  for (const atom of atoms) {
    const slice = keyOf(atom);
    const id = `${slice.key}\u0000${(slice as { label?: string }).label ?? ''}`;
    const group = groups.get(id) ?? { slice, cents: new Decimal(0) };
    group.cents = group.cents.plus(atom.cents);
    groups.set(id, group);
  }
  return [...groups.values()]
    .sort(
      (a, b) =>
        b.cents.comparedTo(a.cents) ||
        (a.slice.key < b.slice.key ? -1 : Number(a.slice.key > b.slice.key)),
    )
    .map(({ slice, cents }) => ({ ...slice, cost: cents.toFixed(2) }));
}

/** How many services the overview lists; the others are summed. */
const TOP_SERVICES = 10;

/**
 * The organisation overview of the FinOps page. Every split and series adds up to `total` to the
 * cent: they are sums of the same allocated cells (see {@link atomsOf}); days share out the cents
 * of their month.
 */
export async function getOverview(knex: Knex, query: OverviewQuery) {
  const length = monthIndex(query.to) - monthIndex(query.from) + 1;
  const previousPeriod = query.previous ?? {
    from: shiftMonth(query.from, -length),
    to: shiftMonth(query.to, -length),
  };
  const current = await atomsOf(
    knex,
    query,
    query.from,
    query.to,
    query.through,
  );
  const previous = await atomsOf(
    knex,
    query,
    previousPeriod.from,
    previousPeriod.to,
    previousPeriod.through,
  );
  const days = await daysOf(knex, query);
  // How far the previous period lies behind: its months are aligned with the current ones.
  const shift = monthIndex(query.from) - monthIndex(previousPeriod.from);

  const total = sumOf(current.map(atom => atom.cents));
  const previousTotal = sumOf(previous.map(atom => atom.cents));
  const monthly = split(current, atom => ({ key: atom.month }))
    .map(({ key, cost }) => ({ month: key, cost }))
    .sort((a, b) => (a.month < b.month ? -1 : Number(a.month > b.month)));
  // Usage and recurring charges of each month share out their cents over their own days.
  const byDay = new Map<string, { usage: Decimal; charges: Decimal }>();
  for (const charge of [false, true]) {
    const monthCents = split(
      current.filter(atom => atom.charge === charge),
      atom => ({ key: atom.month }),
    );
    for (const { key: month, cost } of monthCents) {
      const ofMonth = days.filter(
        day => day.month === month && day.charge === charge,
      );
      if (ofMonth.length === 0) {
        // A cent without a day of its own (rounding a cut month) is charged on the 1st.
        ofMonth.push({ month, day: `${month}-01`, charge, cost: '0' });
      }
      const cents = allocateCents(
        ofMonth.map(day => day.cost),
        cost,
      );
      ofMonth.forEach((day, i) => {
        const entry = byDay.get(day.day) ?? {
          usage: new Decimal(0),
          charges: new Decimal(0),
        };
        if (charge) entry.charges = entry.charges.plus(cents[i]);
        else entry.usage = entry.usage.plus(cents[i]);
        byDay.set(day.day, entry);
      });
    }
  }
  for (const day of days) {
    if (!byDay.has(day.day)) {
      byDay.set(day.day, { usage: new Decimal(0), charges: new Decimal(0) });
    }
  }
  const daily = [...byDay]
    .sort(([a], [b]) => (a < b ? -1 : Number(a > b)))
    .map(([day, { usage, charges }]) => ({
      day,
      cost: usage.plus(charges).toFixed(2),
      usage: usage.toFixed(2),
      charges: charges.toFixed(2),
    }));
  // Weekday and weekend figures are of usage: a charge booked on the 1st says nothing of a weekday.
  const usage = sumOf(daily.map(entry => entry.usage));
  const weekend = sumOf(
    daily
      .filter(({ day }) =>
        [0, 6].includes(new Date(`${day}T00:00Z`).getUTCDay()),
      )
      .map(entry => entry.usage),
  );
  const services = split(current, atom => ({
    key: `${atom.provider}\u0000${atom.service}`,
  })).map(({ key, cost }) => {
    const [provider, service] = key.split('\u0000');
    return { provider, service, cost };
  });
  const others = services.slice(TOP_SERVICES);
  const unpriced = new Map<
    string,
    { productKey: string; name: string; quantity: string }
  >();
  for (const atom of current.filter(a => a.unit_price === null)) {
    const entry = unpriced.get(atom.product_key) ?? {
      productKey: atom.product_key,
      name: `${atom.product_name} (${atom.unit})`,
      quantity: '0',
    };
    entry.quantity = sumDecimals([entry.quantity, atom.quantity]);
    unpriced.set(atom.product_key, entry);
  }
  const dayCount = new Set(days.map(day => day.day)).size;
  return {
    total: total.toFixed(2),
    ...(query.through ? { through: query.through } : {}),
    days: dayCount,
    averagePerDay:
      dayCount === 0
        ? '0.00'
        : total
            .dividedBy(dayCount)
            .toDecimalPlaces(2, Decimal.ROUND_HALF_UP)
            .toFixed(2),
    /** The period `previousTotal` is of: the same length, cut on the same day of the month. */
    previous: previousPeriod,
    previousTotal: previousTotal.toFixed(2),
    trendPercent: percentOf(total.minus(previousTotal), previousTotal),
    /** The weekend's share of usage (recurring charges left out). */
    weekendShare: percentOf(weekend, usage) ?? '0.0',
    topServices: services.slice(0, TOP_SERVICES),
    /** The services after the top ten: how many, and their cost (top + others = total). */
    otherServices: {
      count: others.length,
      cost: sumOf(others.map(s => s.cost)).toFixed(2),
    },
    byCloud: split(current, atom => ({ key: atom.provider })),
    byAccount: split(current, atom => ({
      key: atom.account_key,
      label: atom.account_name,
    })),
    byRegion: split(current, atom => ({ key: atom.region })),
    byCategory: split(current, atom => ({
      key: atom.family_key,
      label: atom.family_name,
    })),
    daily,
    monthly,
    unpriced: [...unpriced.values()],
    /** What moved most against `previous`, product by product, split into volume and price. */
    movers: moversOf(
      alignedProductMonths(current, previous, shift),
      total.minus(previousTotal),
    ),
  };
}
