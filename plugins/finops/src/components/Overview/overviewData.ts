import { Theme } from '@material-ui/core/styles';
import {
  OverviewResponse,
  toCsv,
} from '@finops-backstage/plugin-finops-common';
import { DateTime } from 'luxon';

/** Brand colours of the clouds; other providers take theme colours. */
const CLOUD_COLOURS: Record<string, string> = {
  aws: '#FF9900',
  azure: '#0078D4',
};

/** Colours of chart slices from the theme, readable in light and dark. */
export function paletteOf(theme: Theme): string[] {
  return [
    theme.palette.primary.main,
    theme.palette.secondary.main,
    theme.palette.success.main,
    theme.palette.warning.main,
    theme.palette.info.main,
    theme.palette.error.main,
    theme.palette.primary.light,
    theme.palette.secondary.light,
    theme.palette.success.dark,
    theme.palette.info.dark,
  ];
}

/** The colour of a cloud: its brand colour, or one of the theme's. */
export function cloudColour(key: string, index: number, theme: Theme): string {
  const palette = paletteOf(theme);
  return CLOUD_COLOURS[key.toLowerCase()] ?? palette[index % palette.length];
}

/** Display names of the clouds. */
export function cloudLabel(key: string): string {
  switch (key.toLowerCase()) {
    case 'aws':
      return 'AWS';
    case 'azure':
      return 'Azure';
    case 'gcp':
      return 'GCP';
    case 'oci':
      return 'OCI';
    default:
      return key;
  }
}

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
