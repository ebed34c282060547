/*
 * --trace-sql: the time the batch spends in each SQL statement, by patching the pg client that
 * knex uses.
 */
import { log, seconds } from './timing';

/** With --trace-sql: the time spent in each SQL statement of the batch, printed after each phase. */
export function traceSql() {
  const spent = new Map<string, { ms: number; calls: number }>();
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { Client } = require(require.resolve('pg', {
    paths: [require.resolve('knex')],
  }));
  const query = Client.prototype.query;
  Client.prototype.query = function traced(this: unknown, ...params: any[]) {
    const text = String(params[0]?.text ?? params[0])
      .replace(/\s+/g, ' ')
      .slice(0, 90);
    const started = process.hrtime.bigint();
    const done = () => {
      const entry = spent.get(text) ?? { ms: 0, calls: 0 };
      entry.ms += seconds(started) * 1000;
      entry.calls += 1;
      spent.set(text, entry);
    };
    const last = params[params.length - 1];
    if (typeof last === 'function') {
      params[params.length - 1] = (...results: unknown[]) => {
        done();
        return last(...results);
      };
    }
    const result = query.apply(this, params);
    if (result && typeof result.then === 'function') {
      result.then(done, done);
    } else if (result && typeof result.on === 'function') {
      result.on('finish', done);
    }
    return result;
  };
  // Printed per phase (each load, each reload), then forgotten: a reload's statements apart.
  return (phase: string) => {
    log(`SQL time of ${phase}, by statement:`);
    [...spent]
      .sort((a, b) => b[1].ms - a[1].ms)
      .slice(0, 15)
      .forEach(([text, entry]) =>
        console.log(
          `${entry.ms.toFixed(0).padStart(8)} ms ${String(entry.calls).padStart(
            6,
          )}×  ${text}`,
        ),
      );
    spent.clear();
  };
}
