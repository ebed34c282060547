// Browser test of "one number, one truth" on the demo, with the clock on the 1st of a month: the
// Costs tab's comparisons reconcile on screen with what the API answers for the baseline, the
// amortized view keeps the indirect domain and the overview's splits add up to its total (the
// what-if view made from a recommendation is followed into the Costs tab by reservations.e2e).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import {
  apiGet,
  APP_URL,
  CART,
  CART_COSTS_URL,
  cents,
  closeBrowser,
  launchSignedIn,
  money,
  monthOffset,
  OUTPUT,
} from './support.mjs';

let browser, page;

before(async () => ({ browser, page } = await launchSignedIn()));

after(() => closeBrowser(browser));

/** The comparison block's figures as the page shows them, label → text. */
async function comparisonOnScreen() {
  const box = page.getByTestId('finops-comparison');
  await box.waitFor();
  const cells = await box.locator('p').allTextContents();
  const figures = {};
  for (let i = 0; i + 1 < cells.length; i += 2)
    figures[cells[i]] = cells[i + 1];
  return figures;
}

/** "+$1,234.56 (12.3 %)" → "1234.56"; "−$5.00" → "-5.00". */
function amountOf(text) {
  const match = /([+\-−]?)\$([\d,]+\.\d{2})/.exec(text);
  assert.ok(match, `no amount in '${text}'`);
  const sign = match[1] === '-' || match[1] === '−' ? '-' : '';
  return `${sign}${match[2].replace(/,/g, '')}`;
}

async function choose(selectId, value) {
  await page.selectOption(`#${selectId}`, value);
}

test("cart-service's comparisons reconcile on screen", async () => {
  await page.goto(CART_COSTS_URL);
  await page.getByTestId('finops-total').waitFor();
  const period = { from: monthOffset(-11), to: monthOffset(0) };

  // Against the previous period: the baseline shown is what the API answers for that period.
  await choose('finops-compare', 'previous');
  const compared = await apiGet('/costs', {
    entityRef: CART,
    ...period,
    compareTo: 'previous',
  });
  const { baseline } = compared.comparison;
  const direct = await apiGet('/costs', {
    entityRef: CART,
    from: baseline.from,
    to: baseline.to,
    ...(baseline.through ? { through: baseline.through } : {}),
  });
  assert.equal(compared.comparison.baselineTotal, direct.total);
  await page.waitForFunction(
    text =>
      document
        .querySelector('[data-testid="finops-comparison"]')
        ?.textContent?.includes(text),
    money(direct.total),
  );
  const shown = await comparisonOnScreen();
  assert.equal(shown.Baseline, money(direct.total));
  // The period holds today: compared to the same day, and said so; the month is marked partial.
  assert.ok(baseline.through, 'the baseline is cut on the day the period is');
  assert.match(
    await page.getByTestId('finops-change').textContent(),
    /period to date vs previous period to date \(Jan 1 – Dec 1\)/,
  );
  await page
    .getByText(`${period.from} to ${period.to} (partial, to Dec 1)`, {
      exact: false,
    })
    .waitFor();
  const terms = [
    'Volume effect',
    'Price effect',
    'Added (priced only here)',
    'Removed (priced only in the baseline)',
  ].map(label => {
    assert.ok(
      shown[label],
      `no '${label}' on screen: ${JSON.stringify(shown)}`,
    );
    return cents(amountOf(shown[label]));
  });
  assert.equal(
    terms.reduce((a, b) => a + b, 0n),
    cents(amountOf(shown.Difference)),
  );
  assert.equal(
    cents(amountOf(shown.Difference)),
    cents(compared.total) - cents(direct.total),
  );
  await page.screenshot({
    path: path.join(OUTPUT, 'comparison-previous.png'),
    fullPage: true,
  });

  // Against the list view over the same period: the baseline is the list view's own total.
  await choose('finops-view', 'list');
  await choose('finops-compare', 'view:actual');
  const list = await apiGet('/costs', {
    entityRef: CART,
    ...period,
    view: 'list',
  });
  const actual = await apiGet('/costs', { entityRef: CART, ...period });
  await page.waitForFunction(
    text =>
      document.querySelector('[data-testid="finops-total"]')?.textContent ===
      text,
    money(list.total),
  );
  await page.waitForFunction(
    text =>
      document
        .querySelector('[data-testid="finops-comparison"]')
        ?.textContent?.includes(text),
    money(actual.total),
  );
  const withActual = await comparisonOnScreen();
  assert.equal(withActual.Baseline, money(actual.total));
  assert.equal(
    cents(amountOf(withActual.Difference)),
    cents(list.total) - cents(actual.total),
  );

  // Nothing to compare with: no comparison block.
  await choose('finops-compare', 'none');
  await page.getByTestId('finops-comparison').waitFor({ state: 'detached' });
  assert.equal(await page.getByTestId('finops-change').count(), 0);
});

test('the amortized view keeps the indirect domain of the estate', async () => {
  // The tab's default period: the last 12 months.
  const [actual, amortized] = await Promise.all(
    ['actual', 'amortized'].map(view =>
      apiGet('/costs', {
        entityRef: 'group:default/engineering',
        from: monthOffset(-11),
        to: monthOffset(0),
        view,
      }),
    ),
  );
  assert.ok(cents(actual.indirect) > 0n);
  assert.equal(amortized.indirect, actual.indirect);
  await page.goto(`${APP_URL}/catalog/default/group/engineering/costs`);
  await page.getByTestId('finops-total').waitFor();
  await choose('finops-view', 'amortized');
  await page.getByText(`Indirect ${money(amortized.indirect)}`).waitFor();
});

test("the overview's splits add up to its total", async () => {
  await page.goto(`${APP_URL}/finops/overview`);
  const overview = await apiGet('/overview', {
    from: monthOffset(-2),
    to: monthOffset(0),
  });
  await page.waitForFunction(
    text =>
      document
        .querySelector('[data-testid="overview-total"]')
        ?.textContent?.includes(text),
    money(overview.total),
  );
  // Its trend compares like for like, and says so.
  assert.ok(overview.previous?.through, JSON.stringify(overview.previous));
  await page
    .getByText(/to date vs previous .* to date/)
    .first()
    .waitFor();
  for (const split of ['byCloud', 'byAccount', 'byRegion', 'byCategory']) {
    assert.equal(
      overview[split].reduce((sum, slice) => sum + cents(slice.cost), 0n),
      cents(overview.total),
      split,
    );
  }
  assert.equal(
    overview.daily.reduce((sum, day) => sum + cents(day.cost), 0n),
    cents(overview.total),
  );
});
