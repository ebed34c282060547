// Prints one closing line for the whole suite: "N passed, N failed", from jest's JSON report
// and the browser tests' TAP output.
import fs from 'node:fs';

const [jestJson, browserTap] = process.argv.slice(2);
const jest = JSON.parse(fs.readFileSync(jestJson, 'utf8'));
const tap = fs.readFileSync(browserTap, 'utf8');
const count = name =>
  Number(tap.match(new RegExp(`^# ${name} (\\d+)$`, 'm'))?.[1] ?? 0);

const passed = jest.numPassedTests + count('pass');
const failed = jest.numFailedTests + count('fail');
const skipped = jest.numPendingTests + count('skipped');
console.log(`\n${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
