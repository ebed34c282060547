// Browser test of the Reservations and Chargeback tabs of a demo component's Costs menu, a
// recommendation turned into a what-if pricing view in one click, and the FinOps page's tabs.
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
} from './support.mjs';

const COMPONENTS = [
  'cart-service',
  'checkout-service',
  'payment-gateway',
  'web-storefront',
  'ledger-service',
];

let browser, page;

/** `YYYY-MM` of the previous month, the Chargeback tabs' default. */
const previousMonth = () => monthOffset(-1);

async function waitForText(testId, text) {
  await page.waitForFunction(
    ([id, expected]) =>
      document
        .querySelector(`[data-testid="${id}"]`)
        ?.textContent?.startsWith(expected),
    [testId, text],
  );
}

before(
  async () =>
    ({ browser, page } = await launchSignedIn({ defaultTimeout: 90_000 })),
);

after(() => closeBrowser(browser));

test("a demo component's Reservations tab turns a recommendation into a what-if view", async () => {
  let component;
  let report;
  for (const name of COMPONENTS) {
    report = await apiGet('/commitments/recommendations', {
      entityRef: `component:default/${name}`,
    });
    if (report.recommendations.some(r => r.best)) {
      component = name;
      break;
    }
  }
  assert.ok(component, 'no demo component with a reservation to recommend');
  await page.goto(
    `${APP_URL}/catalog/default/component/${component}/costs/reservations`,
  );
  await waitForText(
    'estimated-annual-savings',
    money(report.estimatedAnnualSavings),
  );

  const top = report.recommendations.find(r => r.best);
  const rowId = `recommendation-${top.productKey}|${top.best.term}|${top.best.paymentOption}`;
  const row = page.locator(`[data-testid="${rowId}"]`);
  await row.getByRole('button', { name: 'What-if view' }).click();
  const chip = row.getByText(/^View .* created$/);
  await chip.waitFor();
  const viewKey = /^View (.*) created$/.exec(await chip.textContent())[1];
  await page.screenshot({
    path: path.join(OUTPUT, 'reservations-section.png'),
    fullPage: true,
  });

  // The view exists, a what-if child of actual with the product's committed multiplier.
  const view = await apiGet(`/pricing-views/${viewKey}`, {});
  assert.equal(view.kind, 'what-if');
  assert.equal(view.parent, 'actual');
  assert.equal(view.rules.length, 1);
  assert.equal(view.rules[0].product, top.productKey);
  assert.ok(Number(view.rules[0].multiplier) < 1);

  // The component costs less in the what-if view than in actual over the lookback's last month.
  const month = report.until.slice(0, 7);
  const [actual, whatIf] = await Promise.all(
    ['actual', viewKey].map(v =>
      apiGet('/costs', {
        entityRef: `component:default/${component}`,
        from: month,
        to: month,
        view: v,
      }),
    ),
  );
  assert.ok(Number(whatIf.total) < Number(actual.total));

  // The Costs tab in the new view shows the what-if total the API gives for its period.
  await page.goto(`${APP_URL}/catalog/default/component/${component}/costs`);
  await page.getByTestId('finops-total').waitFor();
  await page.selectOption('#finops-view', viewKey);
  const tabWhatIf = await apiGet('/costs', {
    entityRef: `component:default/${component}`,
    from: monthOffset(-11),
    to: monthOffset(0),
    view: viewKey,
  });
  const tabActual = await apiGet('/costs', {
    entityRef: `component:default/${component}`,
    from: monthOffset(-11),
    to: monthOffset(0),
  });
  assert.ok(Number(tabWhatIf.total) < Number(tabActual.total));
  await page.waitForFunction(
    text =>
      document.querySelector('[data-testid="finops-total"]')?.textContent ===
      text,
    money(tabWhatIf.total),
  );

  // The Chargeback tab: what the component is charged last month, as the API says.
  await page.goto(
    `${APP_URL}/catalog/default/component/${component}/costs/chargeback`,
  );
  const chargeback = await apiGet('/chargeback', {
    month: previousMonth(),
    entityRef: `component:default/${component}`,
  });
  await waitForText('chargeback-total', money(chargeback.total));
  await page.getByRole('table', { name: 'Chargeback lines' }).waitFor();
  await page.screenshot({
    path: path.join(OUTPUT, 'chargeback-section.png'),
    fullPage: true,
  });
});

test('the FinOps page has Reservations and Chargeback tabs', async () => {
  await page.goto(`${APP_URL}/finops/chargeback`);
  const estate = await apiGet('/chargeback', { month: previousMonth() });
  await waitForText('chargeback-estate-total', money(estate.total));
  await page.getByRole('table', { name: 'By owner' }).waitFor();
  await page.screenshot({
    path: path.join(OUTPUT, 'chargeback-tab.png'),
    fullPage: true,
  });

  await page.goto(`${APP_URL}/finops/reservations`);
  const recommendations = await apiGet('/commitments/recommendations', {});
  await waitForText(
    'estimated-annual-savings',
    money(recommendations.estimatedAnnualSavings),
  );
  await page.screenshot({
    path: path.join(OUTPUT, 'reservations-tab.png'),
    fullPage: true,
  });
});
