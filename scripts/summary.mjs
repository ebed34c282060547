// Prints one closing line for the whole suite: "N passed, N failed", from jest's JSON report
// and the TAP output of the node:test steps (browser tests, two backend replicas).
import fs from 'node:fs';

const [jestJson, ...tapFiles] = process.argv.slice(2);
const jest = JSON.parse(fs.readFileSync(jestJson, 'utf8'));
const taps = tapFiles.map(file => fs.readFileSync(file, 'utf8'));
const count = name =>
  taps.reduce(
    (sum, tap) =>
      sum + Number(tap.match(new RegExp(`^# ${name} (\\d+)$`, 'm'))?.[1] ?? 0),
    0,
  );

const passed = jest.numPassedTests + count('pass');
const failed = jest.numFailedTests + count('fail');
const skipped = jest.numPendingTests + count('skipped');
console.log(`\n${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
