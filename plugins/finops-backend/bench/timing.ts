/*
 * Clocks and the progress log of the benchmarks.
 */

/** Seconds since `since` (a `process.hrtime.bigint()`). */
export const seconds = (since: bigint) =>
  Number(process.hrtime.bigint() - since) / 1e9;

/** A progress line, stamped with the time of day (UTC). */
export const log = (message: string) =>
  console.log(`[${new Date().toISOString().slice(11, 19)}] ${message}`);

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}
