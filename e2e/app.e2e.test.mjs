// Browser test of the running app (started by scripts/test.sh, or by `npm start` when run by hand):
// guest sign-in, a demo component's Costs tab, the FinOps page from the sidebar, and the health route.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { recordTimings } from './support.mjs';

const APP_URL = process.env.FINOPS_APP_URL ?? 'http://localhost:3000';
const BACKEND_URL = process.env.FINOPS_BACKEND_URL ?? 'http://localhost:7007';
const OUTPUT = path.resolve(import.meta.dirname, 'output');

let browser;
let page;
/** Figures measured by the tests, written to e2e/output/timings.json. */
const timings = {};

before(async () => {
  fs.mkdirSync(OUTPUT, { recursive: true });
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  page.setDefaultTimeout(60_000);
});

after(async () => {
  await browser?.close();
  recordTimings(timings);
});

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
  const deadline = Date.now() + 90_000;
  let health;
  do {
    health = await (await fetch(`${BACKEND_URL}/api/finops/health`)).json();
    if (health.hasData && health.lastIngestionAt) break;
    await new Promise(resolve => setTimeout(resolve, 1000));
  } while (Date.now() < deadline);
  assert.equal(health.hasData, true);
  assert.deepEqual(health.sources, ['demo', 'indirect:SHARED_TOOLING']);
});

/** `YYYY-MM` of the current month plus an offset. */
function monthOffset(offset) {
  const now = new Date();
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + offset, 1))
    .toISOString()
    .slice(0, 7);
}

/** A GET of the FinOps API as the guest. */
async function apiGet(route, query) {
  const refresh = await fetch(
    `${BACKEND_URL}/api/auth/guest/refresh?env=development`,
    {
      headers: { 'x-requested-with': 'XMLHttpRequest' },
    },
  );
  const { backstageIdentity } = await refresh.json();
  const response = await fetch(
    `${BACKEND_URL}/api/finops${route}?${new URLSearchParams(query)}`,
    {
      headers: { authorization: `Bearer ${backstageIdentity.token}` },
    },
  );
  assert.equal(response.status, 200);
  return response.json();
}

const money = amount =>
  new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' }).format(
    Number(amount),
  );

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
