import {
  allocateCents,
  amountOfCents,
  OverviewFilterValues,
  monthIndex,
  percentOf,
  shiftMonth,
  sumOf,
} from '@finops-backstage/plugin-finops-common';
import Decimal from 'decimal.js';
import { Knex } from 'knex';
import { moversOfShares } from '../movers';
import { overviewFigures } from './overviewFigures';

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

/** Slices with their cents, largest first (ties by key), as `cost` strings. */
function ranked<T extends { key: string; cents: string }>(
  slices: T[],
): Array<Omit<T, 'cents'> & { cost: string }> {
  return slices
    .map(slice => ({ slice, cents: new Decimal(slice.cents) }))
    .sort(
      (a, b) =>
        b.cents.comparedTo(a.cents) ||
        (a.slice.key < b.slice.key ? -1 : Number(a.slice.key > b.slice.key)),
    )
    .map(({ slice: { cents: _cents, ...rest }, cents }) => ({
      ...rest,
      cost: cents.toFixed(2),
    }));
}

/** How many services the overview lists; the others are summed. */
const TOP_SERVICES = 10;

/**
 * The organisation overview of the FinOps page. Every split and series adds up to `total` to the
 * cent: they are sums of the same allocated atoms (see {@link overviewFigures}); days share out
 * the cents of their month.
 */
export async function getOverview(knex: Knex, query: OverviewQuery) {
  const length = monthIndex(query.to) - monthIndex(query.from) + 1;
  const previousPeriod = query.previous ?? {
    from: shiftMonth(query.from, -length),
    to: shiftMonth(query.to, -length),
  };
  const [figures, days] = await Promise.all([
    overviewFigures(knex, query, {
      current: query,
      previous: previousPeriod,
      // How far the previous period lies behind: its months are aligned with the current ones.
      shift: monthIndex(query.from) - monthIndex(previousPeriod.from),
    }),
    daysOf(knex, query),
  ]);

  const total = sumOf(figures.months.map(month => month.cents));
  const previousTotal = new Decimal(figures.previousCents);
  const monthly = [...new Set(figures.months.map(({ month }) => month))]
    .sort()
    .map(month => ({
      month,
      cost: sumOf(
        figures.months.filter(m => m.month === month).map(m => m.cents),
      ).toFixed(2),
    }));
  // Usage and recurring charges of each month share out their cents over their own days
  // (whole cents from here on: integers add up exactly).
  const byDay = new Map<string, { usage: number; charges: number }>();
  for (const day of days) byDay.set(day.day, { usage: 0, charges: 0 });
  for (const { month, charge, cents: monthCents } of figures.months) {
    const ofMonth = days.filter(
      day => day.month === month && day.charge === charge,
    );
    if (ofMonth.length === 0) {
      // A cent without a day of its own (rounding a cut month) is charged on the 1st.
      ofMonth.push({ month, day: `${month}-01`, charge, cost: '0' });
    }
    const cents = allocateCents(
      ofMonth.map(day => day.cost),
      monthCents,
    );
    ofMonth.forEach((day, i) => {
      const entry = byDay.get(day.day) ?? { usage: 0, charges: 0 };
      entry[charge ? 'charges' : 'usage'] += cents[i].times(100).toNumber();
      byDay.set(day.day, entry);
    });
  }
  const daily = [...byDay]
    .sort(([a], [b]) => (a < b ? -1 : Number(a > b)))
    .map(([day, { usage, charges }]) => ({
      day,
      cost: amountOfCents(usage + charges),
      usage: amountOfCents(usage),
      charges: amountOfCents(charges),
    }));
  // Weekday and weekend figures are of usage: a charge booked on the 1st says nothing of a weekday.
  let usage = 0;
  let weekend = 0;
  for (const [day, entry] of byDay) {
    usage += entry.usage;
    if ([0, 6].includes(new Date(`${day}T00:00Z`).getUTCDay())) {
      weekend += entry.usage;
    }
  }
  const services = ranked(
    figures.services.map(({ provider, service, cents }) => ({
      key: `${provider}\u0000${service}`,
      cents,
    })),
  ).map(({ key, cost }) => {
    const [provider, service] = key.split('\u0000');
    return { provider, service, cost };
  });
  const others = services.slice(TOP_SERVICES);
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
    byCloud: ranked(figures.clouds),
    byAccount: ranked(figures.accounts),
    byRegion: ranked(figures.regions),
    byCategory: ranked(figures.categories),
    daily,
    monthly,
    unpriced: figures.unpriced.map(entry => ({
      ...entry,
      quantity: new Decimal(entry.quantity).toFixed(),
    })),
    /** What moved most against `previous`, product by product, split into volume and price. */
    movers: moversOfShares(
      figures.products,
      figures.termTotals,
      total.minus(previousTotal),
    ),
  };
}
