/** The FinOps backend's clock: what "now" is for sources, budgets, forecasts and periods. */
export type FinopsClock = () => Date;

/**
 * The one place the backend reads the time. It is the system's clock, except outside production
 * where `FINOPS_NOW` (an ISO instant such as `2026-12-01T09:00:00Z`) sets it: time then starts at
 * that instant when the process starts and runs on from there, so the demo and the tests can live
 * on any day of the month. In production (`NODE_ENV=production`) `FINOPS_NOW` is refused.
 */
export function createFinopsClock(
  env: Record<string, string | undefined> = process.env,
  system: () => number = Date.now,
): FinopsClock {
  const setting = env.FINOPS_NOW?.trim();
  if (!setting) {
    return () => new Date(system());
  }
  if (env.NODE_ENV === 'production') {
    throw new Error(
      'FINOPS_NOW sets the FinOps clock for the demo and tests only; unset it in production',
    );
  }
  const start = Date.parse(setting);
  if (!Number.isFinite(start)) {
    throw new Error(
      `FINOPS_NOW must be an ISO instant such as 2026-12-01T09:00:00Z, not '${setting}'`,
    );
  }
  const started = system();
  return () => new Date(start + (system() - started));
}

/** `YYYY-MM-DD` of an instant, in UTC (the mart's days are UTC days). */
export function utcDay(instant: Date): string {
  return instant.toISOString().slice(0, 10);
}
