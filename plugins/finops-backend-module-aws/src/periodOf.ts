/** `YYYY-MM-DD` of a date. */
function dayOf(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/**
 * The period of a month Cost Explorer is asked for: from the 1st to the next month's 1st, or to
 * today for the current month (End is exclusive, so through yesterday, the last complete day).
 * Undefined when the month has no complete day yet.
 */
export function periodOf(
  month: string,
  now: Date,
): { Start: string; End: string } | undefined {
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(month)) {
    throw new TypeError(`Not a month (YYYY-MM): '${month}'`);
  }
  const start = `${month}-01`;
  const next = new Date(`${start}T00:00:00Z`);
  next.setUTCMonth(next.getUTCMonth() + 1);
  const today = dayOf(now);
  const nextStart = dayOf(next);
  const end = nextStart < today ? nextStart : today;
  return end > start ? { Start: start, End: end } : undefined;
}

/** The inclusive last day of an exclusive Cost Explorer End. */
export function lastDayBefore(end: string): string {
  const date = new Date(`${end}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() - 1);
  return dayOf(date);
}
