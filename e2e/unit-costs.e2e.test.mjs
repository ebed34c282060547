// Browser test of unit economics on the demo: checkout-service's "Cost per unit" card shows the
// figures GET /unit-costs answers (the latest cost per order, the change split into volume and
// efficiency), its chart is drawn, and the FinOps overview lists the entities with a metric.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import {
  apiGet,
  APP_URL,
  closeBrowser,
  launchSignedIn,
  monthOffset,
  OUTPUT,
  waitForText,
} from './support.mjs';

const CHECKOUT = 'component:default/checkout-service';

let browser, page;
const timings = {};

before(async () => ({ browser, page } = await launchSignedIn()));

after(() => closeBrowser(browser, timings));

/** What the card shows for a cost per unit in USD (every decimal the API gives). */
const perUnit = amount =>
  new Intl.NumberFormat('en-US', {
    style: 'currency',
    currency: 'USD',
    minimumFractionDigits: 2,
    maximumFractionDigits: 6,
  }).format(Number(amount));

/** What the card shows for a signed amount in USD: `+$1,234.56`, `-$5.00`. */
const signed = amount => {
  const text = new Intl.NumberFormat('en-US', {
    style: 'currency',
    currency: 'USD',
  }).format(Number(amount));
  return Number(amount) > 0 ? `+${text}` : text;
};

test("checkout-service's cost per order is the API's, month by month beside the orders", async () => {
  const { items } = await apiGet('/business-metrics', { entityRef: CHECKOUT });
  assert.deepEqual(
    items.map(item => [item.metric, item.unit]),
    [['orders', 'order']],
  );
  const started = Date.now();
  await page.goto(
    `${APP_URL}/catalog/default/component/checkout-service/costs`,
  );
  const latest = page.getByTestId('finops-unit-cost-latest');
  await latest.waitFor();
  timings.unitCostCardMs = Date.now() - started;

  // The tab's default period (the last 12 months), complete months only.
  const answer = await apiGet('/unit-costs', {
    entityRef: CHECKOUT,
    metric: 'orders',
    from: monthOffset(-11),
    to: monthOffset(-1),
  });
  assert.equal(answer.periods.length, 11);
  const last = answer.periods.at(-1);
  assert.ok(last.costPerUnit, 'the last complete month has a cost per order');
  assert.ok(Number(last.costPerUnit) > 0);
  await waitForText(page, 'finops-unit-cost-latest', perUnit(last.costPerUnit));

  const { change } = answer;
  assert.ok(change, answer.changeUnavailable);
  assert.equal(
    await page.getByTestId('finops-unit-cost-difference').textContent(),
    signed(change.cost.difference),
  );
  assert.equal(
    await page.getByTestId('finops-unit-cost-volume').textContent(),
    signed(change.volume),
  );
  assert.equal(
    await page.getByTestId('finops-unit-cost-efficiency').textContent(),
    signed(change.efficiency),
  );
  // Volume and efficiency add up to the difference, to the cent.
  const cents = amount => Math.round(Number(amount) * 100);
  assert.equal(
    cents(change.volume) + cents(change.efficiency),
    cents(change.cost.difference),
  );

  // The chart: one bar of orders per month, and the line of the cost per order.
  const card = page.getByTestId('finops-unit-cost-card');
  await card.locator('.recharts-line-curve').waitFor();
  assert.equal(
    await card.locator('.recharts-bar-rectangle').count(),
    answer.periods.filter(period => period.value !== undefined).length,
  );
  await card.scrollIntoViewIfNeeded();
  await page.screenshot({
    path: path.join(OUTPUT, 'unit-costs.png'),
    fullPage: true,
  });
});

test('the FinOps overview lists the entities with a metric, linked to their pages', async () => {
  await page.goto(`${APP_URL}/finops/overview`);
  const table = page.getByRole('table', {
    name: 'Entities with a business metric',
  });
  await table.waitFor();
  const { items } = await apiGet('/business-metrics', {});
  assert.deepEqual(
    items.map(item => item.entityRef),
    [
      'component:default/checkout-service',
      'component:default/payment-gateway',
      'component:default/search-api',
    ],
  );
  for (const name of ['checkout-service', 'payment-gateway', 'search-api']) {
    assert.equal(
      await table.getByRole('link', { name }).getAttribute('href'),
      `/catalog/default/component/${name}`,
    );
  }
  await table.getByRole('link', { name: 'search-api' }).click();
  await page.waitForURL(/\/catalog\/default\/component\/search-api/);
});
