// Browser test of the FinOps page's Tags tab: the tag compliance of the last complete month, as the
// API computes it, shown in the running app.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import {
  api,
  APP_URL,
  closeBrowser,
  launchSignedIn,
  monthOffset,
  OUTPUT,
  waitForText,
} from './support.mjs';

let browser, page;
const timings = {};

before(async () => ({ browser, page } = await launchSignedIn()));

after(() => closeBrowser(browser, timings));

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
  await page.getByRole('button', { name: 'Cloud', exact: true }).click();
  await page.getByRole('table', { name: 'Compliance by cloud' }).waitFor();

  await page.mouse.move(0, 0); // no chart tooltip in the picture
  await page.screenshot({ path: path.join(OUTPUT, 'tags-tab.png') });
});
