// Latency figures of bench:peer's loads.
const percentile = (sorted, p) =>
  sorted.length === 0
    ? NaN
    : sorted[
        Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)
      ];
export const round = (value, digits = 1) => Number(value.toFixed(digits));
export const mib = bytes => Math.round(bytes / 1024 / 1024);

export function summary(runs) {
  const latencies = runs.flatMap(r => r.latencies).sort((a, b) => a - b);
  const seconds = runs.reduce((sum, r) => sum + r.seconds, 0);
  return {
    requests: latencies.length,
    failed: runs.reduce((sum, r) => sum + r.failed, 0),
    requestsPerSecond: round(latencies.length / seconds),
    p50: round(percentile(latencies, 50), 2),
    p95: round(percentile(latencies, 95), 2),
    p99: round(percentile(latencies, 99), 2),
  };
}
