// Browser test of the running app (started by scripts/test.sh, or by `npm start` when run by hand):
// guest sign-in, a demo component's Costs tab, the FinOps page from the sidebar, and the health route.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import {
  apiGet,
  APP_URL,
  BACKEND_URL,
  closeBrowser,
  launch,
  money,
  monthOffset,
  OUTPUT,
  waitForDemoData,
} from './support.mjs';

let browser, page;
/** Figures measured by the tests, written to e2e/output/timings.json. */
const timings = {};

before(async () => ({ browser, page } = await launch()));

after(() => closeBrowser(browser, timings));

test('the health route answers without credentials', async () => {
  const response = await fetch(`${BACKEND_URL}/api/finops/health`);
  assert.equal(response.status, 200);
  const health = await response.json();
  assert.equal(health.status, 'ok');
  assert.match(health.schemaVersion, /^\d{14}_/);
});

test('a guest signs in and sees the demo catalog', async () => {
  await page.goto(APP_URL);
  await page.getByRole('button', { name: 'Enter' }).click();
  await page.getByText('Acme Catalog').waitFor();
  // The guest is a member of the platform team: its components are listed as owned.
  await page.getByText('kubernetes-platform').first().waitFor();
  await page.screenshot({ path: path.join(OUTPUT, 'catalog.png') });
});

test('the first scheduled ingestion loads the demo within a minute of start-up', async () => {
  const health = await waitForDemoData();
  assert.equal(health.hasData, true);
  assert.deepEqual(health.sources, ['demo', 'indirect:SHARED_TOOLING']);
});

test("a demo component's Costs tab shows the figure the API returns", async () => {
  const started = Date.now();
  await page.goto(`${APP_URL}/catalog/default/component/cart-service/costs`);
  await page.getByTestId('finops-total').waitFor();
  await page.getByText('Cost by month').waitFor();
  await page.locator('.recharts-bar-rectangle').first().waitFor();
  timings.costsTabFirstChartMs = Date.now() - started;
  const expected = await apiGet('/costs', {
    entityRef: 'component:default/cart-service',
    from: monthOffset(-11),
    to: monthOffset(0),
  });
  assert.equal(
    await page.getByTestId('finops-total').textContent(),
    money(expected.total),
  );
  await page.screenshot({
    path: path.join(OUTPUT, 'costs-tab.png'),
    fullPage: true,
  });
});

test('the FinOps overview opens from the sidebar and its filters apply', async () => {
  await page.getByRole('link', { name: 'FinOps' }).first().click();
  await page.waitForURL(/\/finops\/overview$/);
  const total = page.getByTestId('overview-total');
  await total.waitFor();
  const all = await apiGet('/overview', {
    from: monthOffset(-2),
    to: monthOffset(0),
  });
  await page.waitForFunction(
    ([testId, text]) =>
      document
        .querySelector(`[data-testid="${testId}"]`)
        ?.textContent?.includes(text),
    ['overview-total', money(all.total)],
  );
  await page.screenshot({
    path: path.join(OUTPUT, 'overview.png'),
    fullPage: true,
  });

  await page.selectOption('#finops-overview-cloud', 'aws');
  const aws = await apiGet('/overview', {
    from: monthOffset(-2),
    to: monthOffset(0),
    cloud: 'aws',
  });
  assert.notEqual(aws.total, all.total);
  await page.waitForFunction(
    ([testId, text]) =>
      document
        .querySelector(`[data-testid="${testId}"]`)
        ?.textContent?.includes(text),
    ['overview-total', money(aws.total)],
  );
  await page.screenshot({
    path: path.join(OUTPUT, 'overview-aws.png'),
    fullPage: true,
  });
});
