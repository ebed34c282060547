// Browser tests of the forms of issue 20 (point 5) in the running app, as the demo's guest (a FinOps
// admin), with the clock of scripts/browser-test.sh: the budget scope picked from the catalog, the
// tolerant amount input, the rule target and month pickers, stale errors that go once fixed, the
// CSV import checked by the server in a dry run and imported all or nothing, "Run now" with months
// and force; the confirm dialogs of point 4; at-risk budgets and the forecast interval tooltip; the
// budgets table's state in the URL; a budget made, edited and deleted in a component's Budget tab
// with the status the API computes. Screenshots in e2e/output/forms-*.png (1600 and 1000 px).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import {
  APP_URL,
  BACKEND_URL,
  OUTPUT,
  api,
  closeBrowser,
  guestToken,
  launchSignedIn,
  money,
  monthOffset,
  waitForText,
} from './support.mjs';

const COMPONENT = 'component:default/cart-service';
const BUDGET_URL = `${APP_URL}/catalog/default/component/cart-service/costs/budget`;
// Names and keys of this run, so the tests also run against an app that has data of earlier runs.
const RUN = Date.now().toString(36);
const VIEW_KEY = `e2e-forms-${RUN}`;

let browser;
let page;
/** Figures measured by the tests, written to e2e/output/timings.json. */
const timings = {};

before(async () => {
  ({ browser, page } = await launchSignedIn());
  await api('POST', '/pricing-views', {
    body: {
      key: VIEW_KEY,
      name: `Forms (e2e ${RUN})`,
      kind: 'what-if',
      currency: 'USD',
      parent: 'actual',
    },
  });
});

after(() => closeBrowser(browser, timings));

/** Screenshots of the page at 1600 and 1000 px wide, e2e/output/forms-<name>-<width>.png. */
async function shoot(name, scrollTo) {
  for (const width of [1600, 1000]) {
    await page.setViewportSize({ width, height: 900 });
    if (scrollTo) await scrollTo.scrollIntoViewIfNeeded();
    await page.screenshot({
      path: path.join(OUTPUT, `forms-${name}-${width}.png`),
    });
  }
  await page.setViewportSize({ width: 1400, height: 900 });
}

/** Budgets of the component made by this file, deleted at the end of each test that makes one. */
async function deleteBudget(id) {
  await api('DELETE', `/budgets/${id}`, { status: 204 });
}

async function budgetNamed(name) {
  const { items } = await api('GET', '/budgets');
  return items.find(item => item.name === name);
}

/** A CSV post of the rules route as the guest: the status and the JSON answer. */
async function postRulesCsv(key, csv, query = '') {
  const response = await fetch(
    `${BACKEND_URL}/api/finops/pricing-views/${key}/rules${query}`,
    {
      method: 'POST',
      headers: {
        authorization: `Bearer ${await guestToken()}`,
        'content-type': 'text/csv',
      },
      body: csv,
    },
  );
  return { status: response.status, body: await response.json() };
}

async function openView(key) {
  await page.goto(`${APP_URL}/finops/pricing-views`);
  await page.getByTestId(`pricing-view-${key}`).click();
  await page.getByRole('table', { name: 'Pricing rules' }).waitFor();
}

test('the budget scope is picked from the catalog by name and stored as the full ref', async () => {
  const name = `Cart picked (e2e ${RUN})`;
  await page.goto(`${APP_URL}/finops/budgets`);
  await page.getByRole('button', { name: 'New budget' }).first().click();
  const dialog = page.getByRole('dialog');
  await dialog.locator('#budget-scope-type').click();
  await page.getByRole('option', { name: 'Catalog entity' }).click();
  // Typing the entity's name (not its ref) finds it.
  await dialog.locator('#budget-scope-ref').fill('cart-service');
  await page
    .getByRole('option', {
      name: /cart-service.*component:default\/cart-service/,
    })
    .click();
  assert.equal(
    await dialog.locator('#budget-scope-ref').inputValue(),
    'cart-service',
  );
  await dialog.getByText(COMPONENT, { exact: true }).waitFor();
  await dialog.locator('#budget-name').fill(name);
  await dialog.locator('#budget-amount').fill('1500');
  await shoot('budget-entity-picker', dialog);
  await dialog.getByRole('button', { name: 'Create' }).click();
  await dialog.waitFor({ state: 'hidden' });

  const budget = await budgetNamed(name);
  assert.ok(budget, `no budget named ${name}`);
  assert.equal(budget.scopeType, 'entity');
  assert.equal(budget.scopeRef, COMPONENT);
  await deleteBudget(budget.id);
});

test('the amount takes "$5,000.50", shows the currency, and its error goes once fixed', async () => {
  const name = `Cart tolerant (e2e ${RUN})`;
  await page.goto(BUDGET_URL);
  await page.getByRole('button', { name: 'New budget' }).first().click();
  const dialog = page.getByRole('dialog');
  await dialog.locator('#budget-name').fill(name);
  const amount = dialog.locator('#budget-amount');
  // The currency of the pricing view (actual, USD) is shown in the field.
  await dialog.locator('.MuiInputAdornment-root', { hasText: '$' }).waitFor();
  await dialog.locator('.MuiInputAdornment-root', { hasText: 'USD' }).waitFor();
  await amount.fill('5,00,0');
  await amount.press('Tab');
  const error = dialog.getByText(
    'Enter a number such as 5000, 5,000 or 5000.50',
  );
  await error.waitFor();
  assert.equal(await amount.getAttribute('aria-invalid'), 'true');
  await shoot('amount-error', dialog);
  await amount.fill('$5,000.50');
  await error.waitFor({ state: 'detached' });
  assert.equal(await amount.getAttribute('aria-invalid'), 'false');
  await shoot('amount-fixed', dialog);
  await dialog.getByRole('button', { name: 'Create' }).click();
  await dialog.waitFor({ state: 'hidden' });

  const budget = await budgetNamed(name);
  assert.ok(budget, `no budget named ${name}`);
  assert.equal(Number(budget.amount), 5000.5);
  await deleteBudget(budget.id);

  // "5 000" (a space as thousands separator) is an amount too.
  await page.getByRole('button', { name: 'New budget' }).first().click();
  await dialog.locator('#budget-name').fill(`${name} (spaces)`);
  await dialog.locator('#budget-amount').fill('5 000');
  await dialog.getByRole('button', { name: 'Create' }).click();
  await dialog.waitFor({ state: 'hidden' });
  const spaced = await budgetNamed(`${name} (spaces)`);
  assert.equal(Number(spaced.amount), 5000);
  await deleteBudget(spaced.id);
});

test("a rule's target is picked among the API's families and products, its months in month inputs", async () => {
  const { items: products } = await api('GET', '/pricing-targets', {
    query: { type: 'product', search: 'm5.large' },
  });
  assert.ok(products.length > 0, 'the demo has an m5.large product');
  const product = products[0];

  await openView(VIEW_KEY);
  const form = page.getByRole('form', { name: 'Add rule' });
  // Families: a select of those the API lists.
  await form.locator('#finops-rule-target-type').selectOption('family');
  await form
    .locator('select#finops-rule-target option[value="compute"]')
    .waitFor({ state: 'attached' });
  // Products: searched as typed, chosen by name.
  await form.locator('#finops-rule-target-type').selectOption('product');
  const target = form.locator('input#finops-rule-target');
  await target.fill('m5.large');
  await page
    .getByRole('option', {
      name: new RegExp(product.key.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')),
    })
    .first()
    .click();
  assert.equal(await target.inputValue(), product.key);
  // Months: month inputs, not free text.
  for (const id of ['#finops-rule-valid-from', '#finops-rule-valid-to']) {
    assert.equal(await form.locator(id).getAttribute('type'), 'month');
  }
  await form.locator('#finops-rule-valid-from').fill(monthOffset(-3));
  await form.locator('#finops-rule-valid-to').fill(monthOffset(-1));
  // The price reads "$1,200.50"; the view's currency is shown.
  await form.locator('#finops-rule-unit-price').fill('$1,200.50');
  await shoot('rule-pickers', form);
  await form.getByRole('button', { name: 'Add rule' }).click();
  await form.getByText('Rule added.').waitFor();

  const view = await api('GET', `/pricing-views/${VIEW_KEY}`);
  const rule = view.rules.find(item => item.product === product.key);
  assert.ok(rule, `no rule of ${product.key}`);
  assert.equal(Number(rule.unitPrice), 1200.5);
  assert.equal(rule.validFrom, monthOffset(-3));
  assert.equal(rule.validTo, monthOffset(-1));
});

test("a rule's stale errors go once the input is fixed", async () => {
  await openView(VIEW_KEY);
  const form = page.getByRole('form', { name: 'Add rule' });
  await form.locator('#finops-rule-target-type').selectOption('family');
  await form
    .locator('select#finops-rule-target option[value="compute"]')
    .waitFor({ state: 'attached' });
  await form.locator('select#finops-rule-target').selectOption('compute');
  const price = form.locator('#finops-rule-unit-price');
  await price.fill('5,00');
  await price.press('Tab');
  const error = form.getByText('Enter a number such as 5000, 5,000 or 5000.50');
  await error.waitFor();
  await price.fill('0.05');
  await error.waitFor({ state: 'detached' });
  // A month order the schema refuses is said under the field, and goes once the months are fixed.
  await form.locator('#finops-rule-valid-from').fill(monthOffset(-1));
  await form.locator('#finops-rule-valid-to').fill(monthOffset(-3));
  const order = form.getByText('must not be before validFrom');
  await order.waitFor();
  await shoot('rule-stale-error', form);
  await form.locator('#finops-rule-valid-to').fill(monthOffset(0));
  await order.waitFor({ state: 'detached' });
  await form.getByText('optional; open when empty').waitFor();
});

test('the CSV preview shows the server’s dry-run reasons; the import is all or nothing', async () => {
  const before = await api('GET', `/pricing-views/${VIEW_KEY}`);
  const auditBefore = await api('GET', `/pricing-views/${VIEW_KEY}/audit`);
  const header = 'product,family,domain,unitPrice,multiplier,validFrom,validTo';
  const from = monthOffset(-6);
  // Both rows read well here; only the server knows that the second family does not exist.
  const bad = `${header}\n,compute,,,0.9,${from},\n,no-such-family-${RUN},,,0.8,${from},\n`;
  const good = `${header}\n,compute,,,0.9,${from},\n,storage,,,0.8,${from},\n`;

  await openView(VIEW_KEY);
  await page.getByRole('tab', { name: 'Import CSV' }).click();
  await page.locator('#finops-rules-csv').fill(bad);
  await page
    .getByText('Checked by the server: 2 rows, 1 with problems.', {
      exact: false,
    })
    .waitFor();
  const preview = page.getByRole('table', { name: 'CSV preview' });
  await preview.getByText(`unknown family 'no-such-family-${RUN}'`).waitFor();
  const importButton = page.getByRole('button', {
    name: 'Import',
    exact: true,
  });
  assert.equal(await importButton.isDisabled(), true);
  await shoot('csv-dry-run', preview);

  // The dry run wrote nothing; the real import of the same file adds nothing either.
  const afterDryRun = await api('GET', `/pricing-views/${VIEW_KEY}`);
  assert.equal(afterDryRun.rules.length, before.rules.length);
  const auditAfterDryRun = await api('GET', `/pricing-views/${VIEW_KEY}/audit`);
  assert.equal(auditAfterDryRun.items.length, auditBefore.items.length);
  const refused = await postRulesCsv(VIEW_KEY, bad);
  assert.equal(refused.status, 422);
  assert.equal(refused.body.added, 0);
  assert.deepEqual(
    refused.body.rejected.map(r => r.index),
    [1],
  );
  const afterRefusal = await api('GET', `/pricing-views/${VIEW_KEY}`);
  assert.equal(afterRefusal.rules.length, before.rules.length);

  // Fixed: the server says every row can go in, and the import adds them all.
  await page.locator('#finops-rules-csv').fill(good);
  await page
    .getByText('Checked by the server: all 2 rows can be imported.')
    .waitFor();
  await shoot('csv-dry-run-clean', preview);
  await importButton.click();
  await page
    .getByRole('status', { name: 'Import report' })
    .getByText('2 rules added, 0 rejected.')
    .waitFor();
  const after = await api('GET', `/pricing-views/${VIEW_KEY}`);
  assert.equal(after.rules.length, before.rules.length + 2);
});

test('"Run now" has months and force for admins, checked inline, and starts that run', async () => {
  const from = monthOffset(-2);
  const to = monthOffset(-1);
  await page.goto(`${APP_URL}/finops/ingestion`);
  await page.getByRole('button', { name: 'Options' }).click();
  const group = page.getByRole('group', { name: 'Run options' });
  const runNow = page.getByRole('button', { name: 'Run now' });
  assert.equal(
    await group.locator('#finops-run-from').getAttribute('type'),
    'month',
  );
  await group.locator('#finops-run-from').fill(from);
  await group.locator('#finops-run-to').fill(monthOffset(-3));
  const error = group.getByText('Must not be before the first month');
  await error.waitFor();
  assert.equal(await runNow.isDisabled(), true);
  await group.locator('#finops-run-to').fill(to);
  await error.waitFor({ state: 'detached' });
  await group.getByLabel('Force').check();
  await page.getByText(`${from} to ${to} (2 months), forced`).waitFor();
  await shoot('run-now-options', group);

  const posted = page.waitForRequest(
    request =>
      request.method() === 'POST' &&
      request.url().endsWith('/api/finops/ingestion/runs'),
  );
  const answered = page.waitForResponse(
    response =>
      response.request().method() === 'POST' &&
      response.url().endsWith('/api/finops/ingestion/runs'),
  );
  await runNow.click();
  assert.deepEqual((await posted).postDataJSON(), {
    months: [from, to],
    force: true,
  });
  const response = await answered;
  assert.equal(response.status(), 202);
  const { runId } = await response.json();

  // The run as the API has it; waited for, so that the next tests see a quiet backend.
  const deadline = Date.now() + 180_000;
  let run;
  do {
    run = await api('GET', `/ingestion/runs/${runId}`);
    if (run.status !== 'running') break;
    await page.waitForTimeout(1000);
  } while (Date.now() < deadline);
  assert.notEqual(run.status, 'running', `run ${runId} did not finish`);
  assert.equal(run.trigger, 'manual');
  assert.equal(run.force, true);
  const months = [...new Set(run.ledger.map(load => load.month))].sort();
  assert.ok(months.length > 0, 'the run loaded months');
  assert.ok(
    months.every(month => month === from || month === to),
    `months loaded: ${months.join(', ')}`,
  );

  // A month after the current one is refused by the API with a clear message.
  const future = await api('POST', '/ingestion/runs', {
    body: { months: [monthOffset(1)] },
    status: 400,
  });
  assert.match(future.error.message, /is after the current month/);
});

test('deleting a budget and a pricing view asks first', async () => {
  const name = `Cart to delete (e2e ${RUN})`;
  const budget = await api('POST', '/budgets', {
    body: {
      name,
      scopeType: 'entity',
      scopeRef: COMPONENT,
      period: 'month',
      amount: '100',
    },
  });
  await page.goto(`${APP_URL}/finops/budgets`);
  await page.getByRole('button', { name: `Delete ${name}` }).click();
  let dialog = page.getByRole('dialog');
  await dialog.getByText(`Delete the budget ${name}?`).waitFor();
  await shoot('confirm-delete-budget', dialog);
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await dialog.waitFor({ state: 'hidden' });
  await api('GET', `/budgets/${budget.id}`);
  await page.getByRole('button', { name: `Delete ${name}` }).click();
  await dialog.getByRole('button', { name: 'Delete', exact: true }).click();
  await dialog.waitFor({ state: 'hidden' });
  await api('GET', `/budgets/${budget.id}`, { status: 404 });

  const key = `e2e-forms-delete-${RUN}`;
  await api('POST', '/pricing-views', {
    body: {
      key,
      name: `Delete me (e2e ${RUN})`,
      kind: 'what-if',
      currency: 'USD',
    },
  });
  await openView(key);
  await page.getByRole('button', { name: 'Delete view' }).click();
  dialog = page.getByRole('dialog');
  await dialog
    .getByText(`Delete the pricing view Delete me (e2e ${RUN})?`)
    .waitFor();
  await shoot('confirm-delete-view', dialog);
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await dialog.waitFor({ state: 'hidden' });
  await api('GET', `/pricing-views/${key}`);
  await page.getByRole('button', { name: 'Delete view' }).click();
  await dialog.getByRole('button', { name: 'Delete', exact: true }).click();
  await dialog.waitFor({ state: 'hidden' });
  await api('GET', `/pricing-views/${key}`, { status: 404 });
});

test('a budget at risk stands out, and the forecast interval tooltip reads in full', async () => {
  // A quarter (the demo's months of it so far cost something) against $1: far over; and one
  // against a billion: calm.
  const risky = await api('POST', '/budgets', {
    body: {
      name: `Cart at risk (e2e ${RUN})`,
      scopeType: 'entity',
      scopeRef: COMPONENT,
      period: 'quarter',
      amount: '1',
    },
  });
  const calm = await api('POST', '/budgets', {
    body: {
      name: `Cart calm (e2e ${RUN})`,
      scopeType: 'entity',
      scopeRef: COMPONENT,
      period: 'quarter',
      amount: '1000000000',
    },
  });
  const status = await api('GET', `/budgets/${risky.id}/status`);
  assert.ok(Number(status.risk) >= 100, `risk ${status.risk}`);

  await page.goto(`${APP_URL}/finops/budgets`);
  const flag = page.getByTestId(`budget-${risky.id}-at-risk`);
  await flag.waitFor();
  assert.match(await flag.textContent(), /at risk/);
  assert.equal(await flag.locator('svg').count(), 1);
  const background = await flag.evaluate(
    el => getComputedStyle(el.closest('tr')).backgroundColor,
  );
  assert.notEqual(background, 'rgba(0, 0, 0, 0)');
  await page.getByText(`Cart calm (e2e ${RUN})`).waitFor();
  assert.equal(await page.getByTestId(`budget-${calm.id}-at-risk`).count(), 0);
  await shoot('budget-at-risk', flag);

  // The card on the component's Budget tab: the warning, and the chart's tooltip.
  await page.goto(BUDGET_URL);
  const card = page.getByTestId(`budget-${risky.id}`);
  await card.getByRole('status', { name: 'Budget at risk' }).waitFor();
  const chart = card.locator('.recharts-wrapper');
  await chart.waitFor();
  await chart.scrollIntoViewIfNeeded();
  const box = await chart.boundingBox();
  // Late in the quarter, where the forecast and its interval are.
  await page.mouse.move(box.x + box.width * 0.9, box.y + box.height * 0.5);
  const tooltip = card.locator('.recharts-default-tooltip');
  await tooltip.getByText('Forecast interval', { exact: false }).waitFor();
  const day = (
    await tooltip.locator('.recharts-tooltip-label').textContent()
  ).trim();
  const point = status.series.find(item => item.day === day);
  assert.ok(point?.low !== undefined, `no interval on ${day}`);
  const text = await tooltip.textContent();
  assert.ok(
    text.includes(`${money(point.low)} – ${money(point.high)}`),
    `tooltip "${text}" lacks ${money(point.low)} – ${money(point.high)}`,
  );
  assert.doesNotMatch(text, /\$[\d.]+K – \$[\d.]+K/);
  await shoot('budget-tooltip', card);

  await deleteBudget(risky.id);
  await deleteBudget(calm.id);
});

test("the budgets table's search, sort and page are in the URL, restored on reload", async () => {
  const prefix = `Paged (e2e ${RUN})`;
  const made = [];
  for (let i = 1; i <= 25; i++) {
    made.push(
      await api('POST', '/budgets', {
        body: {
          name: `${prefix} ${String(i).padStart(2, '0')}`,
          scopeType: 'entity',
          scopeRef: COMPONENT,
          period: 'month',
          amount: String(1000 * i),
        },
      }),
    );
  }
  try {
    await page.goto(`${APP_URL}/finops/budgets`);
    await page.getByText('Budgets by risk').waitFor();
    await page.getByPlaceholder('Filter').fill(prefix);
    await page.waitForURL(/[?&]q=/);
    // Sorted by amount (the direction the table chose is in the URL too), then page 2.
    await page
      .getByRole('columnheader', { name: 'Budget', exact: true })
      .click();
    await page.waitForURL(/sort=amount/);
    const direction = new URL(page.url()).searchParams.get('dir') ?? 'desc';
    await page.getByRole('button', { name: 'Next Page' }).click();
    await page.waitForURL(/[?&]page=2/);
    const url = page.url();
    const firstNames = () =>
      page
        .locator('tbody tr td:first-child')
        .evaluateAll(cells => cells.map(cell => cell.textContent.trim()));
    // Page 2 at 20 a page: budgets 05 to 01 (amounts descending) or 21 to 25 (ascending).
    const expected = (
      direction === 'desc' ? [5, 4, 3, 2, 1] : [21, 22, 23, 24, 25]
    ).map(i => `${prefix} ${String(i).padStart(2, '0')}`);
    assert.deepEqual(await firstNames(), expected);

    await page.reload();
    await page.getByText(expected[0]).waitFor();
    assert.equal(page.url(), url);
    assert.deepEqual(await firstNames(), expected);
    assert.equal(await page.getByPlaceholder('Filter').inputValue(), prefix);
    await shoot('budgets-table-url', page.getByText('Budgets by risk'));
  } finally {
    for (const budget of made) await deleteBudget(budget.id);
  }
});

test("a budget made in the component's Budget tab shows the API's status", async () => {
  const NAME = `Cart monthly (e2e ${RUN})`;
  await page.goto(BUDGET_URL);
  const newBudget = page.getByRole('button', { name: 'New budget' }).first();
  await newBudget.click();

  const dialog = page.getByRole('dialog');
  await dialog.locator('#budget-name').fill(NAME);
  await dialog.locator('#budget-amount').fill('1500');
  const started = Date.now();
  await dialog.getByRole('button', { name: 'Create' }).click();
  await dialog.waitFor({ state: 'hidden' });

  // The budget as the API has it, and its status.
  const { items } = await api('GET', '/budgets', {
    query: { entityRef: COMPONENT },
  });
  const budget = items.find(item => item.name === NAME);
  assert.ok(budget, `no budget named ${NAME}`);
  assert.equal(Number(budget.amount), 1500);
  assert.equal(budget.period, 'month');
  assert.equal(budget.view, 'actual');
  assert.deepEqual(budget.thresholds, ['50', '80', '100']);
  const status = await api('GET', `/budgets/${budget.id}/status`);

  await waitForText(page, `budget-${budget.id}-actual`, money(status.actual));
  timings.budgetCreateToStatusMs = Date.now() - started;
  await waitForText(page, `budget-${budget.id}-amount`, money(status.amount));
  await waitForText(
    page,
    `budget-${budget.id}-forecast`,
    money(status.forecast),
  );
  assert.ok(Number(status.actual) > 0, 'the demo component costs something');

  await page
    .getByTestId(`budget-${budget.id}`)
    .evaluate(card =>
      card.closest('.MuiCard-root').scrollIntoView({ block: 'start' }),
    );
  await page.mouse.move(0, 0); // no chart tooltip in the picture
  await page.screenshot({ path: path.join(OUTPUT, 'budget-section.png') });

  // The FinOps page's Budgets tab lists it.
  await page.goto(`${APP_URL}/finops/budgets`);
  await page.getByText(NAME, { exact: true }).waitFor();
  await page.screenshot({ path: path.join(OUTPUT, 'budgets-tab.png') });
});

test('a budget is edited and deleted from its card', async () => {
  const name = `Cart quarterly (e2e ${RUN})`;
  const created = await api('POST', '/budgets', {
    body: {
      name,
      scopeType: 'entity',
      scopeRef: COMPONENT,
      period: 'quarter',
      amount: '4000',
    },
  });
  await page.goto(BUDGET_URL);
  await page.getByRole('button', { name: `Edit ${name}` }).click();
  const dialog = page.getByRole('dialog');
  await dialog.locator('#budget-amount').fill('4500.50');
  await dialog.getByRole('button', { name: 'Save' }).click();
  await dialog.waitFor({ state: 'hidden' });
  await waitForText(page, `budget-${created.id}-amount`, money('4500.50'));
  const edited = await api('GET', `/budgets/${created.id}`);
  assert.equal(edited.amount, '4500.50');
  assert.equal(edited.period, 'quarter');

  await page.getByRole('button', { name: `Delete ${name}` }).click();
  await page
    .getByRole('dialog')
    .getByRole('button', { name: 'Delete', exact: true })
    .click();
  await page.getByTestId(`budget-${created.id}`).waitFor({ state: 'detached' });
  const { items } = await api('GET', '/budgets', {
    query: { entityRef: COMPONENT },
  });
  assert.ok(!items.some(item => item.id === created.id), 'still listed');
});
