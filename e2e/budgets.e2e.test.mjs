// Browser test of budgets in the running app: a budget made in a component's Budget tab (of its
// Costs menu) shows the status the API computes for it, and is listed on the FinOps page's Budgets tab.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import {
  api,
  APP_URL,
  closeBrowser,
  launchSignedIn,
  money,
  OUTPUT,
  waitForText,
} from './support.mjs';

const COMPONENT = 'component:default/cart-service';
const BUDGET_URL = `${APP_URL}/catalog/default/component/cart-service/costs/budget`;
// A name of this run, so the test also runs against an app that has budgets from earlier runs.
const RUN = Date.now().toString(36);
const NAME = `Cart monthly (e2e ${RUN})`;

let browser, page;
const timings = {};

before(async () => ({ browser, page } = await launchSignedIn()));

after(() => closeBrowser(browser, timings));

test("a budget made in the component's Budget tab shows the API's status", async () => {
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
