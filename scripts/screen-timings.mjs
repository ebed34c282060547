// Time from navigation to the first chart of the Costs tab and of the overview, median of 3 loads
// each (the browser's cache warm after the sign-in, as a user's is), in headless Chromium.
//   node scripts/screen-timings.mjs                 the dev bundle (`npm start`, port 3000)
//   FINOPS_APP_URL=http://localhost:7007 node scripts/screen-timings.mjs
//                                                   the production bundle served by the backend
//                                                   (after `yarn workspace app build`)
// Prints one JSON line; the machine's load average is beside the figures (they mean little on a
// busy machine).
import os from 'node:os';
import {
  APP_URL,
  CART_COSTS_URL,
  closeBrowser,
  launchSignedIn,
} from '../e2e/support.mjs';

const SCREENS = {
  costsTab: CART_COSTS_URL,
  overview: `${APP_URL}/finops/overview`,
};
const LOADS = 3;

const { browser, page } = await launchSignedIn();
const figures = {};
try {
  for (const [name, url] of Object.entries(SCREENS)) {
    const times = [];
    for (let i = 0; i < LOADS; i++) {
      await page.goto('about:blank');
      const started = performance.now();
      await page.goto(url);
      await page.locator('.recharts-surface').first().waitFor();
      times.push(Math.round(performance.now() - started));
    }
    const sorted = [...times].sort((a, b) => a - b);
    figures[name] = { medianMs: sorted[Math.floor(LOADS / 2)], timesMs: times };
  }
} finally {
  await closeBrowser(browser);
}
console.log(
  JSON.stringify({
    appUrl: APP_URL,
    ...figures,
    loadAverage: os.loadavg().map(load => Number(load.toFixed(2))),
  }),
);
