/** The first and last instants (UTC) of a month `YYYY-MM`. */
export function monthBounds(month: string): { from: Date; to: Date } {
  const match = /^(\d{4})-(\d{2})$/.exec(month);
  if (!match) {
    throw new TypeError(`Not a month (YYYY-MM): '${month}'`);
  }
  const year = Number(match[1]);
  const index = Number(match[2]) - 1;
  return {
    from: new Date(Date.UTC(year, index, 1)),
    to: new Date(Date.UTC(year, index + 1, 0, 23, 59, 59)),
  };
}

export function previousMonth(month: string): string {
  const { from } = monthBounds(month);
  const date = new Date(
    Date.UTC(from.getUTCFullYear(), from.getUTCMonth() - 1, 1),
  );
  return date.toISOString().slice(0, 7);
}

/**
 * Whether a month's costs may still change: the current month (and any later one), and the
 * previous month up to `finalAfterDay` (UTC) included.
 */
export function isEstimated(
  month: string,
  now: Date,
  finalAfterDay: number,
): boolean {
  const current = now.toISOString().slice(0, 7);
  if (month >= current) {
    return true;
  }
  return month === previousMonth(current) && now.getUTCDate() <= finalAfterDay;
}
