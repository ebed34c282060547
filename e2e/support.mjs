// Helpers shared by the browser tests (not a test file: scripts/browser-test.sh runs e2e/*.test.mjs).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';

export const APP_URL = process.env.FINOPS_APP_URL ?? 'http://localhost:3000';
export const BACKEND_URL =
  process.env.FINOPS_BACKEND_URL ?? 'http://localhost:7007';
export const OUTPUT = path.resolve(import.meta.dirname, 'output');
/**
 * The instant the suite lives at: FINOPS_NOW, the backend's clock (scripts/browser-test.sh sets it
 * to the 1st of a month), else the real time. The browser's clock is set to it too.
 */
export const NOW = process.env.FINOPS_NOW
  ? new Date(process.env.FINOPS_NOW)
  : new Date();

/** Headless Chromium and a 1400x900 page (the size of the README's screenshots). */
export async function launch() {
  fs.mkdirSync(OUTPUT, { recursive: true });
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  const page = await browser.newPage({
    viewport: { width: 1400, height: 900 },
  });
  if (process.env.FINOPS_NOW) {
    // The app's periods ("last 12 months", the current month) follow the backend's day: the
    // browser's clock starts at the same instant and runs on (a fixed time would also stop
    // performance.now, and animations with it).
    await page.clock.install({ time: NOW });
  }
  page.setDefaultTimeout(60_000);
  return { browser, page };
}

/** Signs in as the demo's guest (a member of group:default/finops, so a FinOps admin). */
export async function signInAsGuest(page) {
  await page.goto(APP_URL);
  await page.getByRole('button', { name: 'Enter' }).click();
  await page.getByText('Acme Catalog').waitFor();
}

/** Waits until the first scheduled ingestion has loaded the demo; answers the health route. */
export async function waitForDemoData() {
  const deadline = Date.now() + 120_000;
  let health;
  do {
    health = await (await fetch(`${BACKEND_URL}/api/finops/health`)).json();
    if (health.hasData && health.lastIngestionAt) return health;
    await new Promise(resolve => setTimeout(resolve, 1000));
  } while (Date.now() < deadline);
  assert.fail(`no demo data after 120 s: ${JSON.stringify(health)}`);
}

/** Merges figures into e2e/output/timings.json (each test file adds its own). */
export function recordTimings(timings) {
  const file = path.join(OUTPUT, 'timings.json');
  let recorded = {};
  try {
    recorded = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    // first file of the run
  }
  fs.writeFileSync(file, JSON.stringify({ ...recorded, ...timings }, null, 2));
}

/** A GET of the FinOps API as the guest; asserts 200 and returns the JSON body. */
export const apiGet = (route, query) => api('GET', route, { query });

export async function guestToken() {
  const refresh = await fetch(
    `${BACKEND_URL}/api/auth/guest/refresh?env=development`,
    { headers: { 'x-requested-with': 'XMLHttpRequest' } },
  );
  const { backstageIdentity } = await refresh.json();
  return backstageIdentity.token;
}

/** A call of the FinOps API as the guest; asserts the status and returns the JSON body. */
export async function api(method, route, { query, body, status } = {}) {
  const search = query ? `?${new URLSearchParams(query)}` : '';
  const response = await fetch(`${BACKEND_URL}/api/finops${route}${search}`, {
    method,
    headers: {
      authorization: `Bearer ${await guestToken()}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  assert.equal(
    response.status,
    status ?? (method === 'POST' ? 201 : 200),
    `${method} ${route}: ${text}`,
  );
  return text ? JSON.parse(text) : undefined;
}

/** `YYYY-MM` of the current month plus an offset. */
export function monthOffset(offset) {
  return new Date(Date.UTC(NOW.getUTCFullYear(), NOW.getUTCMonth() + offset, 1))
    .toISOString()
    .slice(0, 7);
}

/** What the UI shows for an amount in USD. */
export const money = amount =>
  new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' }).format(
    Number(amount),
  );

/** Exact cents of a decimal string such as "1623.56" or "-0.5". */
export function cents(amount) {
  const match = /^(-?)(\d+)(?:\.(\d{1,2}))?$/.exec(amount);
  assert.ok(match, `not an amount in cents: ${amount}`);
  const value =
    BigInt(match[2]) * 100n + BigInt((match[3] ?? '').padEnd(2, '0'));
  return match[1] ? -value : value;
}

/** Waits until the element with this test id shows exactly this text. */
export async function waitForText(page, testId, text) {
  await page.waitForFunction(
    ([id, expected]) =>
      document.querySelector(`[data-testid="${id}"]`)?.textContent === expected,
    [testId, text],
  );
}

/**
 * The browser of a test file, signed in as the guest once the demo's data is there (the `before`
 * of most files); `defaultTimeout` (ms) is the page's, when given.
 */
export async function launchSignedIn({ defaultTimeout } = {}) {
  const launched = await launch();
  if (defaultTimeout) launched.page.setDefaultTimeout(defaultTimeout);
  await waitForDemoData();
  await signInAsGuest(launched.page);
  return launched;
}

/** Closes the browser of a test file and writes its `timings` when it has some (its `after`). */
export async function closeBrowser(browser, timings) {
  await browser?.close();
  if (timings) recordTimings(timings);
}

/** The demo component most tests look at, and its Costs tab. */
export const CART = 'component:default/cart-service';
export const CART_COSTS_URL = `${APP_URL}/catalog/default/component/cart-service/costs`;
