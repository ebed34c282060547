// Browser test of a demo component's entity page: the Costs menu of four tabs, each at its own URL,
// and the costs card of the Overview, whose month to date is what the API answers.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import {
  apiGet,
  APP_URL,
  closeBrowser,
  launchSignedIn,
  money,
  monthOffset,
  OUTPUT,
  waitForText,
} from './support.mjs';

const CART = 'component:default/cart-service';
const ENTITY_URL = `${APP_URL}/catalog/default/component/cart-service`;

let browser, page;
const timings = {};

before(async () => ({ browser, page } = await launchSignedIn()));

after(() => closeBrowser(browser, timings));

/** Opens a URL of the entity page and waits until `ready` shows; records how long it took. */
async function visit(url, ready, timing) {
  const started = Date.now();
  await page.goto(url);
  await ready();
  timings[timing] = Date.now() - started;
  assert.equal(page.url(), url);
}

test('the Costs menu holds the four tabs, in order, each at its own URL', async () => {
  await visit(
    `${ENTITY_URL}/costs`,
    () => page.getByTestId('finops-total').waitFor(),
    'entityCostTabMs',
  );
  const costs = await apiGet('/costs', {
    entityRef: CART,
    from: monthOffset(-11),
    to: monthOffset(0),
  });
  assert.equal(
    await page.getByTestId('finops-total').textContent(),
    money(costs.total),
  );
  await page.getByText('Cost by month').waitFor();

  // One menu in the entity page's navigation, with the tabs in the plugin's order.
  await page
    .getByRole('navigation', { name: 'Content navigation' })
    .getByRole('button', { name: 'Costs' })
    .click();
  const items = page.getByRole('menu').locator('[role^="menuitem"]');
  await items.first().waitFor();
  assert.deepEqual(await items.allTextContents(), [
    'Cost',
    'Budget',
    'Reservations',
    'Chargeback',
  ]);
  // The menu fades in: the picture waits for the end of the finite animations.
  await page.evaluate(() =>
    Promise.all(
      document
        .getAnimations()
        .filter(run => run.effect?.getComputedTiming().endTime !== Infinity)
        .map(run => run.finished),
    ),
  );
  await page.screenshot({ path: path.join(OUTPUT, 'entity-costs-menu.png') });
  await items.filter({ hasText: 'Budget' }).click();
  await page.waitForURL(`${ENTITY_URL}/costs/budget`);
  await page.getByRole('button', { name: 'New budget' }).first().waitFor();

  await visit(
    `${ENTITY_URL}/costs/budget`,
    () => page.getByRole('button', { name: 'New budget' }).first().waitFor(),
    'entityBudgetTabMs',
  );
  assert.equal(await page.getByTestId('finops-total').count(), 0);

  const recommendations = await apiGet('/commitments/recommendations', {
    entityRef: CART,
  });
  await visit(
    `${ENTITY_URL}/costs/reservations`,
    () => page.getByText('Coverage and utilisation').waitFor(),
    'entityReservationsTabMs',
  );
  await page.getByText('Recommendations', { exact: true }).first().waitFor();
  if (recommendations.recommendations.length > 0) {
    await waitForText(
      page,
      'estimated-annual-savings',
      `${money(recommendations.estimatedAnnualSavings)} a year`,
    );
  }

  const chargeback = await apiGet('/chargeback', {
    month: monthOffset(-1),
    entityRef: CART,
  });
  await visit(
    `${ENTITY_URL}/costs/chargeback`,
    () => page.getByTestId('chargeback-total').waitFor(),
    'entityChargebackTabMs',
  );
  await waitForText(page, 'chargeback-total', money(chargeback.total));
  await page.screenshot({
    path: path.join(OUTPUT, 'entity-chargeback-tab.png'),
    fullPage: true,
  });
});

test("the Overview's costs card shows the month to date the API answers, and links to the Cost tab", async () => {
  const started = Date.now();
  const answer = page.waitForResponse(
    response =>
      response.url().includes('/api/finops/costs?') &&
      new URL(response.url()).searchParams.get('granularity') === 'day' &&
      new URL(response.url()).searchParams.get('compareTo') === 'previous',
  );
  await page.goto(ENTITY_URL);
  const response = await answer;
  const card = page.getByTestId('finops-card-total');
  await card.waitFor();
  timings.entityOverviewCardMs = Date.now() - started;

  // The card's query: this month by day, compared like for like with the previous month.
  const query = Object.fromEntries(new URL(response.url()).searchParams);
  const month = monthOffset(0);
  assert.deepEqual(query, {
    entityRef: CART,
    from: month,
    to: month,
    granularity: 'day',
    groupBy: 'domain',
    compareTo: 'previous',
  });
  const expected = await apiGet('/costs', query);
  const { comparison } = expected;
  assert.ok(comparison.current.through, JSON.stringify(comparison.current));
  assert.equal(await card.textContent(), money(comparison.total));
  // The figure is what the route answers for the month cut on the same day.
  const direct = await apiGet('/costs', {
    entityRef: CART,
    from: month,
    to: month,
    through: comparison.current.through,
  });
  assert.equal(direct.total, comparison.total);
  const change = await page.getByTestId('finops-card-change').textContent();
  assert.ok(
    change.endsWith(`: ${money(comparison.baselineTotal)}`),
    `'${change}' does not end with the baseline ${comparison.baselineTotal}`,
  );
  assert.match(change, /month to date vs previous month to date/);
  await page.getByTestId('finops-card-budget').waitFor();
  await page.screenshot({
    path: path.join(OUTPUT, 'entity-overview-card.png'),
    fullPage: true,
  });

  await page.getByRole('link', { name: /View costs/ }).click();
  await page.waitForURL(`${ENTITY_URL}/costs`);
  await page.getByTestId('finops-total').waitFor();
});
