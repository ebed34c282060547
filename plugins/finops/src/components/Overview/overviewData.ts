import {
  OverviewResponse,
  toCsv,
} from '@finops-backstage/plugin-finops-common';
import { DateTime } from 'luxon';

/** Weekday labels, Monday first (Luxon weekday 1–7). */
export const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

/**
 * The daily usage summed per weekday, for display only: recurring monthly charges (booked on the
 * 1st) say nothing of a weekday and are left out.
 */
export function costByWeekday(
  daily: OverviewResponse['daily'],
): Array<{ weekday: string; cost: number; weekend: boolean }> {
  const sums = WEEKDAYS.map(() => 0);
  for (const { day, usage } of daily) {
    const date = DateTime.fromISO(day, { zone: 'utc' });
    if (date.isValid) {
      sums[date.weekday - 1] += Number(usage);
    }
  }
  return WEEKDAYS.map((weekday, index) => ({
    weekday,
    cost: Math.round(sums[index] * 100) / 100,
    weekend: index >= 5,
  }));
}

/** The CSV export of the overview: the top services, then the daily series. */
export function overviewCsv(overview: OverviewResponse): string {
  const services = toCsv(
    ['section', 'provider', 'service', 'day', 'cost', 'currency'],
    [
      ...overview.topServices.map(service => [
        'top-service',
        service.provider,
        service.service,
        undefined,
        service.cost,
        overview.currency,
      ]),
      ...overview.daily.map(day => [
        'daily',
        undefined,
        undefined,
        day.day,
        day.cost,
        overview.currency,
      ]),
    ],
  );
  return services;
}

/** Saves text as a file through a Blob and an object URL. */
export function downloadText(text: string, fileName: string) {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/csv' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.appendChild(link);
  link.click();
  link.remove();
  URL.revokeObjectURL(url);
}
