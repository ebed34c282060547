// The figures of "one number, one truth" for cart-service and the estate, from a running app
// (`npm start`, after the first ingestion run has loaded the demo):
//   node scripts/demo-figures.mjs
// Prints JSON: the comparison with the previous period beside the direct answer for its baseline,
// the list view against actual, the CSV's sum, cart-service's row in its group, the estate in
// actual and amortized, the overview's splits and trend, the recommendations, an unknown filter.
import { parse } from 'csv-parse/sync';

const BACKEND = process.env.FINOPS_BACKEND_URL ?? 'http://localhost:7007';
const now = process.env.FINOPS_NOW
  ? new Date(process.env.FINOPS_NOW)
  : new Date();
const month = offset =>
  new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + offset, 1))
    .toISOString()
    .slice(0, 7);

const refresh = await fetch(
  `${BACKEND}/api/auth/guest/refresh?env=development`,
  { headers: { 'x-requested-with': 'XMLHttpRequest' } },
);
const { token } = (await refresh.json()).backstageIdentity;
async function get(route, query) {
  const response = await fetch(
    `${BACKEND}/api/finops${route}?${new URLSearchParams(query)}`,
    { headers: { authorization: `Bearer ${token}` } },
  );
  const text = await response.text();
  if (!response.ok)
    return { status: response.status, body: text.slice(0, 200) };
  return response.headers.get('content-type')?.includes('json')
    ? JSON.parse(text)
    : text;
}
const cents = amount => {
  const [, sign, units, decimals = ''] = /^(-?)(\d+)(?:\.(\d{1,2}))?$/.exec(
    amount,
  );
  const value = BigInt(units) * 100n + BigInt(decimals.padEnd(2, '0'));
  return sign ? -value : value;
};
const sum = amounts => {
  const total = amounts.reduce((a, amount) => a + cents(amount), 0n);
  const abs = total < 0n ? -total : total;
  return `${total < 0n ? '-' : ''}${abs / 100n}.${String(abs % 100n).padStart(
    2,
    '0',
  )}`;
};

const CART = 'component:default/cart-service';
const last12 = { from: month(-11), to: month(0) };
const figures = {};

const compared = await get('/costs', {
  entityRef: CART,
  ...last12,
  compareTo: 'previous',
});
const { comparison } = compared;
figures.cartService = {
  last12Months: compared.total,
  vsPrevious: {
    ...comparison,
    oneSided: `${
      comparison.oneSided.items.length + comparison.oneSided.omitted.count
    } product-months priced on one side only`,
  },
  baselineAnsweredDirectly: (
    await get('/costs', {
      entityRef: CART,
      from: comparison.baseline.from,
      to: comparison.baseline.to,
      ...(comparison.baseline.through
        ? { through: comparison.baseline.through }
        : {}),
    })
  ).total,
};
const list = await get('/costs', {
  entityRef: CART,
  ...last12,
  view: 'list',
  compareView: 'actual',
});
figures.cartService.listVsActual = {
  total: list.total,
  baselineTotal: list.comparison.baselineTotal,
  difference: list.comparison.difference,
};
const csv = await get('/costs', {
  entityRef: CART,
  ...last12,
  groupBy: 'product',
  format: 'csv',
});
figures.cartService.csvSum = sum(
  parse(csv, { columns: true }).map(row => row.cost),
);
const group = await get('/costs', {
  entityRef: 'group:default/engineering',
  ...last12,
  groupBy: 'component',
});
figures.cartService.rowInGroup = sum(
  group.rows.filter(row => row.key === CART).map(row => row.cost),
);

figures.estate = {};
for (const view of ['actual', 'amortized']) {
  figures.estate[view] = (await get('/overview', { view, ...last12 })).total;
}
const overview = await get('/overview', { from: month(-2), to: month(0) });
figures.estate.last3Months = {
  total: overview.total,
  ...Object.fromEntries(
    ['byCloud', 'byAccount', 'byRegion', 'byCategory', 'daily'].map(split => [
      `sum of ${split}`,
      sum(overview[split].map(slice => slice.cost)),
    ]),
  ),
  previous: overview.previous,
  previousTotal: overview.previousTotal,
  trendPercent: overview.trendPercent,
  weekendShare: overview.weekendShare,
};
const recommendations = await get('/commitments/recommendations', {});
figures.estate.recommendationsWithBest = recommendations.recommendations.filter(
  r => r.best,
).length;
const unknown = await get('/overview', {
  from: month(-2),
  to: month(0),
  cloud: 'Microsoft',
});
figures.estate.unknownCloud = unknown.status ?? `200, total ${unknown.total}`;

console.log(JSON.stringify(figures, null, 2));
