// Browser tests of the screens' finish (issue 20): readable numbers and labels, layouts that hold
// at 1000 px, state in the URL, confirmation of irreversible actions, the breakdowns, top movers and
// the overview CSV, and load errors with a retry; the Tags tab as the API computes it. Screenshots at 1600 and 1000 px in e2e/output/.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import {
  APP_URL,
  CART,
  CART_COSTS_URL as CART_COSTS,
  OUTPUT,
  api,
  apiGet,
  cents,
  closeBrowser,
  launchSignedIn,
  monthOffset,
  money,
  waitForText,
} from './support.mjs';

let browser;
let page;
/** Figures measured by the tests, written to e2e/output/timings.json. */
const timings = {};

before(async () => {
  ({ browser, page } = await launchSignedIn());
});

after(() => closeBrowser(browser, timings));

/** Screenshots of the page at 1600 and 1000 px wide, then back to the suite's size. */
async function screenshots(name) {
  for (const width of [1600, 1000]) {
    await page.setViewportSize({ width, height: 900 });
    await page.waitForTimeout(300); // charts redraw at the new width
    await page.screenshot({
      path: path.join(OUTPUT, `${name}-${width}.png`),
      fullPage: true,
    });
  }
  await page.setViewportSize({ width: 1400, height: 900 });
}

/** The texts of a table's cells in one column (0-based), body rows only. */
async function columnTexts(table, column) {
  return table
    .locator('tbody tr')
    .evaluateAll(
      (rows, index) => rows.map(row => row.cells[index]?.textContent ?? ''),
      column,
    );
}

/** Cents of a shown amount such as "$12,345.67" or "-$5.00". */
function shownCents(text) {
  return cents(text.replace(/[$,+\s]/g, ''));
}

test('numbers and labels are readable: prices, coefficients, names and links', async () => {
  await page.goto(CART_COSTS);
  await page.getByTestId('finops-total').waitFor();

  // Unit prices: at most six significant decimals (they had 30).
  const products = page.getByRole('table', { name: 'Top products' });
  await products.waitFor();
  for (const price of await columnTexts(products, 2)) {
    if (price === '–') continue;
    const decimals = (price.split(' / ')[0].split('.')[1] ?? '').replace(
      /^0+/,
      '',
    );
    assert.ok(decimals.length <= 6, `unit price ${price}: over 6 decimals`);
  }
  // Coefficients as percentages; the domain by its name, not its key.
  const indirect = page.getByRole('table', { name: 'Indirect costs' });
  assert.match(await indirect.textContent(), /8\.33%/);
  assert.doesNotMatch(await indirect.textContent(), /0\.0833|SHARED_TOOLING/);
  assert.match(
    await page.getByTestId('finops-series-DATABASES').textContent(),
    /^Databases \$/,
  );
  await screenshots('screens-costs-tab');

  // AWS service codes by their names on the overview.
  await page.goto(`${APP_URL}/finops/overview`);
  const services = page.getByRole('table', { name: 'Top 10 services' });
  await services.waitFor();
  const names = await columnTexts(services, 1);
  assert.ok(names.includes('Amazon EC2'), names.join(', '));
  assert.ok(
    !names.some(name => /^(Amazon|AWS)[A-Z][a-z]/.test(name)),
    names.join(', '),
  );

  // Owners by name, linked to their catalog pages.
  await page.goto(`${APP_URL}/finops/chargeback`);
  const owners = page.getByRole('table', { name: 'By owner' });
  await owners.waitFor();
  assert.doesNotMatch(await owners.textContent(), /group:default\//);
  assert.equal(
    await owners.getByRole('link', { name: /^commerce$/ }).getAttribute('href'),
    '/catalog/default/group/commerce',
  );
  await screenshots('screens-chargeback');
});

test('layouts hold at 1000 px: figures never wrap, cards never clip', async () => {
  await page.setViewportSize({ width: 1000, height: 900 });
  try {
    for (const url of [CART_COSTS, `${APP_URL}/finops/overview`]) {
      await page.goto(url);
      await page.locator('td.MuiTableCell-alignRight').first().waitFor();
      const wrapped = await page.evaluate(() =>
        [...document.querySelectorAll('td.MuiTableCell-alignRight')]
          .filter(cell => {
            const range = document.createRange();
            range.selectNodeContents(cell);
            const tops = new Set(
              [...range.getClientRects()].map(rect => Math.round(rect.top)),
            );
            return tops.size > 1;
          })
          .map(cell => cell.textContent),
      );
      assert.deepEqual(wrapped, [], `${url}: figures broken over lines`);
    }
    // The total card's chips stay inside the card.
    await page.goto(CART_COSTS);
    await page.getByTestId('finops-total').waitFor();
    const clipped = await page.evaluate(() => {
      const card = document
        .querySelector('[data-testid="finops-total"]')
        .closest('.MuiCard-root');
      const right = card.getBoundingClientRect().right;
      return [...card.querySelectorAll('.MuiChip-root')]
        .filter(chip => chip.getBoundingClientRect().right > right + 0.5)
        .map(chip => chip.textContent);
    });
    assert.deepEqual(clipped, []);
  } finally {
    await page.setViewportSize({ width: 1400, height: 900 });
  }
});

test('state lives in the URL: restored on reload, shared by "Copy link"', async () => {
  await page.goto(CART_COSTS);
  await page.getByTestId('finops-total').waitFor();
  await page.getByLabel('Period').selectOption('last-6');
  await page.getByRole('button', { name: 'Family' }).click();
  await page.getByLabel('Compare with').selectOption('none');
  await page.waitForURL(/period=last-6/);
  assert.match(page.url(), /groupBy=family/);
  assert.match(page.url(), /compare=none/);

  await page.reload();
  await page.getByTestId('finops-total').waitFor();
  assert.equal(await page.getByLabel('Period').inputValue(), 'last-6');
  assert.equal(await page.getByLabel('Compare with').inputValue(), 'none');
  assert.equal(
    await page
      .getByRole('button', { name: 'Family' })
      .getAttribute('aria-pressed'),
    'true',
  );
  const sixMonths = await apiGet('/costs', {
    entityRef: CART,
    from: monthOffset(-5),
    to: monthOffset(0),
  });
  await page.waitForFunction(
    expected =>
      document.querySelector('[data-testid="finops-total"]')?.textContent ===
      expected,
    money(sixMonths.total),
  );

  await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], {
    origin: APP_URL,
  });
  await page.getByRole('button', { name: 'Copy link' }).click();
  await page.getByRole('button', { name: 'Link copied' }).waitFor();
  assert.equal(
    await page.evaluate(() => navigator.clipboard.readText()),
    page.url(),
  );

  // The overview's filters.
  await page.goto(`${APP_URL}/finops/overview`);
  await page.getByTestId('overview-total').waitFor();
  await page.getByLabel('Cloud').selectOption('aws');
  await page.waitForURL(/cloud=aws/);
  await page.reload();
  await page.getByTestId('overview-total').waitFor();
  assert.equal(await page.getByLabel('Cloud').inputValue(), 'aws');
  const aws = await apiGet('/overview', {
    from: monthOffset(-2),
    to: monthOffset(0),
    cloud: 'aws',
  });
  await page.waitForFunction(
    expected =>
      document
        .querySelector('[data-testid="overview-total"]')
        ?.textContent?.includes(expected),
    money(aws.total),
  );

  // The chargeback's month.
  await page.goto(`${APP_URL}/finops/chargeback?month=${monthOffset(-3)}`);
  const report = await apiGet('/chargeback', { month: monthOffset(-3) });
  await page.waitForFunction(
    expected =>
      document.querySelector('[data-testid="chargeback-estate-total"]')
        ?.textContent === expected,
    money(report.total),
  );
});

test('closing a month asks first, and the current month cannot be closed', async () => {
  const month = monthOffset(-1);
  await page.goto(`${APP_URL}/finops/chargeback?month=${month}`);
  await page.getByTestId('chargeback-estate-total').waitFor();
  await page.getByRole('button', { name: `Close ${month}` }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByText(/cannot be changed or\s+reopened/).waitFor();
  await screenshots('screens-close-month');
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await dialog.waitFor({ state: 'detached' });
  assert.equal((await apiGet('/chargeback', { month })).status, 'open');

  await page.goto(`${APP_URL}/finops/chargeback?month=${monthOffset(0)}`);
  await page
    .getByText(`${monthOffset(0)} can be closed once it is over.`)
    .waitFor();
  assert.equal(
    await page.getByRole('button', { name: `Close ${monthOffset(0)}` }).count(),
    0,
  );
  const refused = await api('POST', '/chargeback/close', {
    body: { month: monthOffset(0) },
    status: 400,
  });
  assert.match(refused.error.message, /only a month that is over can be/);
});

test('breakdowns: a system by component, a group by component and team, with charts', async () => {
  const range = { from: monthOffset(-11), to: monthOffset(0) };
  await page.goto(`${APP_URL}/catalog/default/system/storefront/costs`);
  const byComponent = page.getByRole('table', { name: 'By component' });
  await byComponent.waitFor();
  const system = await apiGet('/costs', {
    entityRef: 'system:default/storefront',
    ...range,
    groupBy: 'component',
  });
  const shown = (await columnTexts(byComponent, 1)).map(shownCents);
  assert.equal(
    shown.reduce((a, b) => a + b, 0n),
    cents(system.total),
    'the components add up to the system total',
  );
  assert.ok((await byComponent.getByRole('link').count()) >= 2);

  await page.goto(`${APP_URL}/catalog/default/group/engineering/costs`);
  await page.getByRole('table', { name: 'By component' }).waitFor();
  await page.getByRole('button', { name: 'Team' }).click();
  // The split is in the URL: a reload keeps it.
  await page.waitForURL(/[?&]split=team/);
  await page.reload();
  const byTeam = page.getByRole('table', { name: 'By team' });
  await byTeam.waitFor();
  const group = await apiGet('/costs', {
    entityRef: 'group:default/engineering',
    ...range,
    groupBy: 'component',
  });
  const teamCents = (await columnTexts(byTeam, 2)).map(shownCents);
  assert.equal(
    teamCents.reduce((a, b) => a + b, 0n),
    cents(group.total),
  );
  assert.ok(
    (await byTeam.getByRole('link').first().getAttribute('href')).startsWith(
      '/catalog/default/group/',
    ),
  );
  await screenshots('screens-group-breakdown');

  // Top products sorts by any column and lists every product, paged.
  await page.goto(CART_COSTS);
  const products = page.getByRole('table', { name: 'Top products' });
  await products.waitFor();
  await products.getByRole('button', { name: 'Product' }).click();
  const names = await columnTexts(products, 0);
  assert.deepEqual(
    names,
    [...names].sort((a, b) => a.localeCompare(b)),
  );
});

test('top movers split the change into volume and price, and add up to it', async () => {
  await page.goto(CART_COSTS);
  await page.getByText('Top movers').waitFor();
  const costs = await apiGet('/costs', {
    entityRef: CART,
    from: monthOffset(-11),
    to: monthOffset(0),
    compareTo: 'previous',
  });
  const { movers, difference } = costs.comparison;
  const listed = [...movers.increases, ...movers.decreases];
  assert.equal(
    listed.reduce((sum, mover) => sum + cents(mover.difference), 0n) +
      cents(movers.others.difference) +
      cents(movers.unattributed),
    cents(difference),
  );
  const up = page.getByRole('table', { name: 'Largest increases' });
  const first = movers.increases[0];
  assert.equal((await columnTexts(up, 0))[0], first.name);
  assert.equal(
    shownCents((await columnTexts(up, 2))[0]),
    cents(first.volumeEffect),
  );
  assert.equal(
    shownCents((await columnTexts(up, 3))[0]),
    cents(first.priceEffect),
  );
  await screenshots('screens-movers');
});

test('the overview has its top movers too, against the previous like-for-like period', async () => {
  await page.goto(`${APP_URL}/finops/overview`);
  await page.getByText('Top movers').waitFor();
  const overview = await apiGet('/overview', {
    from: monthOffset(-2),
    to: monthOffset(0),
  });
  const { movers } = overview;
  const listed = [...movers.increases, ...movers.decreases];
  assert.ok(listed.length > 0, 'the demo estate moves');
  assert.equal(
    listed.reduce((sum, mover) => sum + cents(mover.difference), 0n) +
      cents(movers.others.difference) +
      cents(movers.unattributed),
    cents(overview.total) - cents(overview.previousTotal),
  );
  for (const [name, list] of [
    ['Largest increases', movers.increases],
    ['Largest decreases', movers.decreases],
  ]) {
    if (list.length === 0) continue;
    const table = page.getByRole('table', { name });
    assert.deepEqual(
      (await columnTexts(table, 1)).map(shownCents),
      list.slice(0, 10).map(mover => cents(mover.difference)),
      `${name}: the API's changes, in its order`,
    );
    assert.equal(
      shownCents((await columnTexts(table, 2))[0]),
      cents(list[0].volumeEffect),
    );
    assert.equal(
      shownCents((await columnTexts(table, 3))[0]),
      cents(list[0].priceEffect),
    );
  }
  await page.getByText('Top movers').scrollIntoViewIfNeeded();
  await screenshots('screens-overview-movers');
});

test('the overview CSV holds every section, each adding up to the total', async () => {
  await page.goto(`${APP_URL}/finops/overview`);
  await page.getByTestId('overview-total').waitFor();
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: /Export CSV/ }).click(),
  ]);
  const file = path.join(OUTPUT, 'overview-export.csv');
  await download.saveAs(file);
  const rows = fs
    .readFileSync(file, 'utf8')
    .trim()
    .split(/\r?\n/)
    .slice(1)
    .map(line => line.split(','));
  const total = cents(rows.find(row => row[0] === 'total')[4]);
  for (const section of ['cloud', 'account', 'category', 'monthly', 'daily']) {
    const sum = rows
      .filter(row => row[0] === section)
      .reduce((acc, row) => acc + cents(row[4]), 0n);
    assert.equal(sum, total, `${section} adds up to the total`);
  }
  const services = rows
    .filter(row => row[0] === 'top-service' || row[0] === 'other-services')
    .reduce((acc, row) => acc + cents(row[4]), 0n);
  assert.equal(services, total);
  // The movers, the others and the unattributed part: the change since the previous period.
  const previous = cents(rows.find(row => row[0] === 'previous-total')[4]);
  const moved = rows
    .filter(row => row[0].startsWith('mover'))
    .reduce((acc, row) => acc + cents(row[4]), 0n);
  assert.equal(moved, total - previous);
});

test('a failed load says why and retries, keeping the controls', async () => {
  let failing = true;
  await page.route('**/api/finops/costs?*', route =>
    failing
      ? route.fulfill({
          status: 503,
          contentType: 'application/json',
          body: JSON.stringify({
            error: {
              name: 'ServiceUnavailableError',
              message: 'mart unavailable',
            },
            response: { statusCode: 503 },
          }),
        })
      : route.continue(),
  );
  try {
    await page.goto(CART_COSTS);
    await page.getByText('Could not load costs').waitFor();
    await page.getByTestId('finops-load-error').waitFor();
    assert.match(
      await page.getByTestId('finops-load-error').textContent(),
      /mart unavailable/,
    );
    assert.ok(await page.getByLabel('Period').isVisible(), 'the period stays');
    await screenshots('screens-load-error');
    failing = false;
    await page.getByRole('button', { name: 'Retry' }).click();
    await page.getByTestId('finops-total').waitFor();
  } finally {
    await page.unroute('**/api/finops/costs?*');
  }
});

test('the open pricing view and the open run are in the URL too', async () => {
  await page.goto(`${APP_URL}/finops/pricing-views`);
  await page.getByTestId('pricing-view-actual').click();
  await page.waitForURL(/[?&]view=actual/);
  await page.reload();
  await page.getByRole('table', { name: 'Pricing rules' }).waitFor();

  const { items } = await apiGet('/ingestion/runs', { limit: '5' });
  const runId = items[0].runId;
  await page.goto(`${APP_URL}/finops/ingestion?run=${runId}`);
  await page.getByText(`Run #${runId}`, { exact: true }).waitFor();
  await page.getByRole('button', { name: 'Close run detail' }).click();
  await page.waitForURL(url => !url.search.includes('run='));
});

/** Where our code is served from in the dev bundle (webpack-internal:///../../plugins/…/src/…). */
const OUR_SOURCE = /\/(plugins\/[\w-]+|packages\/app)\/src\//;

/**
 * The console's warnings and errors of one fresh load of a page: each message's first line, and
 * whether the first frames of its component stack are in our source (React's warnings carry it).
 */
async function consoleWarnings(url) {
  const seen = new Map();
  const record = async message => {
    if (!['warning', 'error'].includes(message.type())) return;
    const args = await Promise.all(
      message.args().map(arg => arg.jsonValue().catch(() => '')),
    );
    const text = args.map(String).join(' ');
    const frames = [...text.matchAll(/\n\s+at \S+ \((\S+?)\)/g)]
      .slice(0, 4)
      .map(match => match[1]);
    seen.set(text.split('\n')[0], {
      stacked: frames.length > 0,
      ours: frames.some(frame => OUR_SOURCE.test(frame)),
    });
  };
  page.on('console', record);
  try {
    await page.goto('about:blank');
    await page.goto(url);
    await page.waitForLoadState('networkidle');
    await page.waitForTimeout(1000);
  } finally {
    page.off('console', record);
  }
  return seen;
}

test('the FinOps screens log no console warning of their own', async () => {
  // Messages without a component stack (react-aria's) that Backstage's own pages log too, from
  // the app's header with tabs: not ours.
  const backstage = new Set([
    ...(await consoleWarnings(`${APP_URL}/settings`)).keys(),
    ...(await consoleWarnings(`${APP_URL}/catalog`)).keys(),
  ]);
  const ours = {};
  for (const screen of [
    '/finops/overview',
    '/finops/pricing-views',
    '/finops/budgets',
    '/finops/reservations',
    '/finops/chargeback',
    '/finops/tags',
    '/finops/domains',
    '/finops/ingestion',
    '/catalog/default/component/cart-service/costs',
    '/catalog/default/component/cart-service/costs/budget',
    '/catalog/default/system/storefront/costs',
    '/catalog/default/group/engineering/costs',
  ]) {
    const warnings = await consoleWarnings(`${APP_URL}${screen}`);
    const extra = [...warnings]
      .filter(([text, { stacked, ours: fromUs }]) =>
        stacked ? fromUs : !backstage.has(text),
      )
      .map(([text]) => text);
    if (extra.length > 0) ours[screen] = extra;
  }
  assert.deepEqual(ours, {});
});

test("the Tags tab shows the API's tag compliance of the last complete month", async () => {
  const month = monthOffset(-1); // the tab's default month
  const report = await api('GET', '/tag-compliance', { query: { month } });
  assert.equal(report.month, month);
  assert.ok(Number(report.total) > 0, `the demo has no cost in ${month}`);
  const money = amount =>
    new Intl.NumberFormat('en-US', {
      style: 'currency',
      currency: report.currency,
    }).format(Number(amount));
  const percent = value => (value === null ? '–' : `${value}%`);

  const started = Date.now();
  await page.goto(`${APP_URL}/finops/tags`);
  await waitForText(
    page,
    'tags-compliant-percent',
    percent(report.compliantPercent),
  );
  timings.tagsTabMs = Date.now() - started;
  await waitForText(page, 'tags-compliant-cost', money(report.compliantCost));
  await waitForText(page, 'tags-unallocated', money(report.unallocatedCost));
  await waitForText(page, 'tags-total', money(report.total));
  await waitForText(
    page,
    'tags-resource-count',
    `${report.resources.length} of ${report.resourceCount} shown, costliest first`,
  );
  for (const tag of report.mandatoryTags) {
    const coverage = report.tags.find(item => item.tag === tag);
    await waitForText(
      page,
      `tags-coverage-${tag}`,
      percent(coverage?.percent ?? null),
    );
  }

  await page.getByRole('button', { name: 'Account', exact: true }).click();
  await page.getByRole('table', { name: 'Compliance by account' }).waitFor();
  // The breakdown is in the URL: a reload keeps it.
  await page.waitForURL(/[?&]by=account/);
  await page.reload();
  await page.getByRole('table', { name: 'Compliance by account' }).waitFor();
  await page.getByRole('button', { name: 'Cloud', exact: true }).click();
  await page.getByRole('table', { name: 'Compliance by cloud' }).waitFor();

  await page.mouse.move(0, 0); // no chart tooltip in the picture
  await page.screenshot({ path: path.join(OUTPUT, 'tags-tab.png') });
});
