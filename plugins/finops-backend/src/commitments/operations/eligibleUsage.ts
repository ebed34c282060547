/** Families whose products reservations and savings plans cover (plus any family a row committed). */
export const ELIGIBLE_FAMILIES = ['compute', 'database'];

/** Units metered by the hour (`Hrs`, `Hours`, `h`): one unit, `Hours`, committed in whole units. */
export const HOURLY_UNITS = /^(hrs|hours?|h)$/i;

/** The SQL condition (on `f`) and its `:apps` binding that keep the given applications, or all. */
export function applicationScope(apps?: number[]) {
  return {
    apps: apps ?? null,
    sql: `(CAST(:apps AS integer[]) IS NULL OR f.application_id = ANY(CAST(:apps AS integer[])))`,
  };
}
