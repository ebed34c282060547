// The browser test of scripts/verify-install.sh, in a brand-new app made by @backstage/create-app
// with the suite installed from its tarballs (not one of e2e/*.test.mjs: browser-test.sh does not
// run it). FINOPS_APP_URL and FINOPS_BACKEND_URL point at that app.
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, test } from 'node:test';
import {
  APP_URL,
  OUTPUT,
  apiGet,
  launch,
  money,
  monthOffset,
  waitForDemoData,
} from '../support.mjs';

let browser;
let page;

/** Runs a step; on failure, a screenshot and the page's text go to e2e/output first. */
async function step(name, body) {
  try {
    await body();
  } catch (error) {
    await page
      .screenshot({ path: path.join(OUTPUT, `new-app-failed-${name}.png`) })
      .catch(() => {});
    const text = await page
      .locator('body')
      .innerText()
      .catch(() => '');
    console.error(`${name} failed at ${page.url()}:\n${text.slice(0, 1500)}`);
    throw error;
  }
}

before(async () => {
  ({ browser, page } = await launch());
});
after(async () => {
  await browser?.close();
});

test('the new app starts and its first ingestion loads the demo source', async () => {
  // The app's first build and start take minutes on 2 cores.
  const deadline = Date.now() + 600_000;
  for (;;) {
    const up = await fetch(APP_URL).then(
      r => r.ok,
      () => false,
    );
    if (up) break;
    assert.ok(Date.now() < deadline, `${APP_URL} did not answer in 10 minutes`);
    await new Promise(resolve => setTimeout(resolve, 2000));
  }
  const health = await waitForDemoData();
  assert.ok(health.sources.includes('demo'));
});

test("a guest signs in, and a component's Cost tab shows a non-zero total equal to the API's", () =>
  step('cost-tab', async () => {
    await page.goto(APP_URL);
    await page.getByRole('button', { name: 'Enter' }).click();
    // Signed in once the sign-in page is gone: a new page load keeps the session then.
    await page
      .getByRole('button', { name: 'Enter' })
      .waitFor({ state: 'detached' });
    await page
      .getByText(/Catalog/)
      .first()
      .waitFor();
    await page.goto(`${APP_URL}/catalog/default/component/cart-service/costs`);
    const total = page.getByTestId('finops-total');
    await total.waitFor({ timeout: 180_000 });
    const expected = await apiGet('/costs', {
      entityRef: 'component:default/cart-service',
      from: monthOffset(-11),
      to: monthOffset(0),
    });
    assert.ok(Number(expected.total) > 0, `a total of ${expected.total}`);
    await page.waitForFunction(
      ([testId, text]) =>
        document.querySelector(`[data-testid="${testId}"]`)?.textContent ===
        text,
      ['finops-total', money(expected.total)],
    );
    await page.screenshot({ path: path.join(OUTPUT, 'new-app-cost-tab.png') });
  }));

test('the FinOps page opens', () =>
  step('finops-page', async () => {
    await page.goto(`${APP_URL}/finops`);
    await page.getByTestId('overview-total').waitFor({ timeout: 120_000 });
    await page.screenshot({ path: path.join(OUTPUT, 'new-app-finops.png') });
  }));
