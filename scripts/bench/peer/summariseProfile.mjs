// The summary of the backend's CPU profile (bench:peer --profile).
import fs from 'node:fs';
import path from 'node:path';

/**
 * Where the backend's CPU time went, from a .cpuprofile: self time by what the code is (the
 * package or part of the backend a frame belongs to), and the time under a few functions of the
 * request path (inclusive: a sample counts for each of them on its stack).
 */
export function summariseProfile(file, window) {
  const { nodes, samples, timeDeltas, startTime } = JSON.parse(
    fs.readFileSync(file),
  );
  const byId = new Map(nodes.map(node => [node.id, node]));
  const parent = new Map();
  for (const node of nodes) {
    for (const child of node.children ?? []) parent.set(child, node.id);
  }
  const categoryOf = ({ url, functionName }) => {
    if (!url) {
      if (functionName === '(idle)') return 'idle';
      if (functionName === '(garbage collector)') return 'garbage collection';
      if (functionName === '(program)') return 'V8 / native (program)';
      if (/stringify|parse/i.test(functionName)) return 'JSON (native)';
      return `native: ${functionName || '(anonymous)'}`;
    }
    const rules = [
      [
        /finops-backend\/src\/costs\/resolveApplications/,
        'ours: resolveApplications',
      ],
      [/finops-backend\/src\/costs\//, 'ours: cost store (JS around SQL)'],
      [/finops-backend\/src\/service\//, 'ours: routes and service layer'],
      [/finops-backend\/src\/pricing\//, 'ours: pricing store'],
      [/finops-backend\/src\//, 'ours: other'],
      [/finops-common\//, 'ours: finops-common (cents, decimals)'],
      [/infrawallet/, 'peer (InfraWallet)'],
      [/node_modules\/(jose|jsonwebtoken)\//, 'auth: JWT verification (jose)'],
      [
        /plugin-auth-node|auth\/|httpAuth|DefaultAuthService|tokens/i,
        'auth: Backstage auth services',
      ],
      [/plugin-permission/, 'permissions'],
      [/catalog-client|plugin-catalog-node/, 'catalog client'],
      [/node_modules\/(pg|pg-protocol|pg-pool|pg-types)\//, 'SQL: pg driver'],
      [/node_modules\/knex\//, 'SQL: knex'],
      [/node_modules\/(decimal\.js)\//, 'decimal.js'],
      [
        /node_modules\/(winston|logform|triple-beam|readable-stream|@colors)/,
        'logging (winston)',
      ],
      [
        /node_modules\/(express|router|body-parser|express-promise-router|finalhandler|send|serve-static|cookie|on-finished|qs|content-type|raw-body)\//,
        'HTTP: express',
      ],
      [
        /node_modules\/(helmet|cors|compression|morgan)\//,
        'HTTP: middleware (helmet, cors, compression, morgan)',
      ],
      [/node_modules\/zod\//, 'validation (zod)'],
      [/backend-defaults/, 'Backstage backend-defaults (other)'],
      [/^node:|^internal\//, 'Node.js core (http, net, streams, timers)'],
      [/node_modules\//, 'other packages'],
    ];
    for (const [pattern, name] of rules) if (pattern.test(url)) return name;
    return 'other';
  };
  const inclusive = [
    [
      'HTTP auth (httpAuth.credentials, token verification)',
      /^(credentials|authenticate|verifyToken|jwtVerify)$/,
    ],
    ['our GET /costs handler', /finops-backend\/src\/service\/routes\/costs/],
    ['resolveApplications (catalog lookup + SQL)', /resolveApplications/],
    ['getCosts (SQL + cents)', /DatabaseCostStore.*getCosts|getCosts$/],
    ['res.json (serialisation)', /^json$/],
    ['JSON.stringify', /^stringify$/],
    ['logging', /winston|logform/],
  ];
  const self = new Map();
  const under = new Map();
  const ours = new Map();
  let idle = 0;
  let total = 0;
  let busy = 0;
  // Only the samples taken while the load ran (V8's clock and hrtime are both monotonic, in µs).
  let at = startTime;
  samples.forEach((id, i) => {
    at += timeDeltas[i] ?? 0;
    if (at < window.from || at > window.to) return;
    const dt = (timeDeltas[i] ?? 0) / 1000;
    total += dt;
    const leaf = byId.get(id);
    const category = categoryOf(leaf.callFrame);
    if (category === 'idle') {
      idle += dt;
      return;
    }
    self.set(category, (self.get(category) ?? 0) + dt);
    busy += dt;
    // The nearest function of ours on the stack: which of our steps caused the work.
    let mine = '(none of ours on the stack: HTTP, auth, driver callbacks, GC)';
    for (let frame = id; frame !== undefined; frame = parent.get(frame)) {
      const { functionName, url } = byId.get(frame).callFrame;
      if (/\/plugins\/finops/.test(url) && !/node_modules/.test(url)) {
        mine = `${functionName || '(anonymous)'} (${path.basename(url)})`;
        break;
      }
    }
    ours.set(mine, (ours.get(mine) ?? 0) + dt);
    const seen = new Set();
    for (let frame = id; frame !== undefined; frame = parent.get(frame)) {
      const { functionName, url } = byId.get(frame).callFrame;
      for (const [name, pattern] of inclusive) {
        if (
          !seen.has(name) &&
          (pattern.test(functionName) || pattern.test(`${url} ${functionName}`))
        ) {
          seen.add(name);
          under.set(name, (under.get(name) ?? 0) + dt);
        }
      }
    }
  });
  const rows = map =>
    [...map.entries()]
      .sort((a, b) => b[1] - a[1])
      .map(([name, ms]) => ({
        name,
        ms: Math.round(ms),
        share: `${((100 * ms) / (busy || 1)).toFixed(1)} %`,
      }));
  return {
    totalMs: Math.round(total),
    busyMs: Math.round(busy),
    idleMs: Math.round(idle),
    self: rows(self),
    inclusive: rows(under),
    nearestOfOurs: rows(ours),
  };
}
