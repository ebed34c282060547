/*
 * The HTTP load phases: each endpoint one request at a time, then under 10 connections
 * (autocannon), against the running backend.
 */
import autocannon from 'autocannon';
import { Backend } from './startBackend';
import { Endpoint } from './scaleQuestions';
import { log, median, seconds } from './timing';

export interface Latency {
  name: string;
  p50: number;
  p95: number;
  p99: number;
  requestsPerSecond: number;
  errors: number;
  /** Median of 10 requests sent one at a time. */
  sequentialMedianMs: number;
}

/**
 * autocannon reports p50, p90, p97.5 and p99 but not p95: interpolate between p90 and p97.5, so
 * the figure is an honest estimate from its own histogram (the JSON keeps all four).
 */
function percentile95(result: autocannon.Result): number {
  const latency = result.latency as unknown as Record<string, number>;
  const p90 = latency.p90;
  const p975 = latency.p97_5;
  return (
    Math.round((p90 + ((95 - 90) / (97.5 - 90)) * (p975 - p90)) * 100) / 100
  );
}

/** Each endpoint one request at a time, then under 10 connections for `duration` seconds. */
export async function measureEndpoints(
  { base, token }: Backend,
  endpoints: Endpoint[],
  duration: number,
): Promise<Latency[]> {
  const headers = { authorization: `Bearer ${token}` };
  const results: Latency[] = [];
  for (const endpoint of endpoints) {
    // Warm-up, and a check that the endpoint answers.
    const check = await fetch(`${base}${endpoint.path()}`, { headers });
    if (!check.ok)
      throw new Error(
        `${endpoint.name}: ${check.status} ${await check.text()}`,
      );
    await check.arrayBuffer();
    // One request at a time: the latency without queueing.
    const single: number[] = [];
    for (let i = 0; i < 10; i += 1) {
      const started = process.hrtime.bigint();
      const response = await fetch(`${base}${endpoint.path()}`, { headers });
      await response.arrayBuffer();
      single.push(seconds(started) * 1000);
    }
    const load = (seconds_: number) =>
      autocannon({
        url: base,
        connections: 10,
        duration: seconds_,
        headers,
        requests: [
          {
            method: 'GET',
            setupRequest: request => ({ ...request, path: endpoint.path() }),
          },
        ],
      });
    await load(2);
    const result = await load(duration);
    const errors = result.errors + result.non2xx + result.timeouts;
    results.push({
      name: endpoint.name,
      p50: result.latency.p50,
      p95: percentile95(result),
      p99: result.latency.p99,
      requestsPerSecond: result.requests.average,
      errors,
      sequentialMedianMs: Math.round(median(single) * 10) / 10,
    });
    log(
      `${endpoint.name}: one at a time ${median(single).toFixed(
        1,
      )} ms; 10 connections p50 ${result.latency.p50} ms, p95 ${percentile95(
        result,
      )} ms, ${result.requests.average} req/s, ${errors} errors`,
    );
  }
  return results;
}
