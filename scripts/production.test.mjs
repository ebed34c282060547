// The production path as a test of `npm test`: scripts/verify-production.sh (the backend bundle,
// NODE_ENV=production, app-config.production.yaml, Debian's PostgreSQL), each check a line.
import { spawn } from 'node:child_process';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import path from 'node:path';

test('the backend bundle in production mode, against an external PostgreSQL', async t => {
  if (process.getuid?.() !== 0) {
    t.skip(
      'needs root (it installs and starts PostgreSQL as the postgres user)',
    );
    return;
  }
  const script = path.join(import.meta.dirname, 'verify-production.sh');
  const child = spawn('bash', [script], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, FINOPS_SKIP_INSTALL: '1' },
  });
  let out = '';
  child.stdout.on('data', chunk => {
    out += chunk;
    process.stdout.write(chunk);
  });
  const code = await new Promise(resolve => child.on('exit', resolve));
  assert.equal(code, 0, 'verify-production.sh failed');
  assert.match(out, /^production path verified/m);
  assert.doesNotMatch(out, /^FAIL/m);
});
