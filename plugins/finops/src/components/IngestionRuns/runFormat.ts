import { DateTime, Duration } from 'luxon';

/** A timestamp for display, in the browser's zone, e.g. `2026-03-08 14:02:11`. */
export function formatTimestamp(iso: string): string {
  const date = DateTime.fromISO(iso);
  return date.isValid ? date.toFormat('yyyy-MM-dd HH:mm:ss') : iso;
}

/** How long a run took, e.g. `1h 2m 3s`; undefined while it has not finished. */
export function formatDuration(
  startedAt: string,
  finishedAt?: string,
): string | undefined {
  if (!finishedAt) {
    return undefined;
  }
  const millis =
    DateTime.fromISO(finishedAt).toMillis() -
    DateTime.fromISO(startedAt).toMillis();
  if (!Number.isFinite(millis) || millis < 0) {
    return undefined;
  }
  if (millis < 1000) {
    return `${millis} ms`;
  }
  const { hours, minutes, seconds } = Duration.fromMillis(millis)
    .shiftTo('hours', 'minutes', 'seconds')
    .toObject();
  const parts = [
    hours ? `${hours}h` : undefined,
    minutes ? `${minutes}m` : undefined,
    `${Math.floor(seconds ?? 0)}s`,
  ];
  return parts.filter(Boolean).join(' ');
}

/** A count for display, e.g. `12,345`. */
export function formatCount(count: number): string {
  return new Intl.NumberFormat('en-US').format(count);
}
