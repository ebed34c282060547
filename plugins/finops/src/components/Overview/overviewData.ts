import {
  OverviewResponse,
  toCsv,
} from '@finops-backstage/plugin-finops-common';
import { DateTime } from 'luxon';
import { cloudLabel, labelOf, serviceLabel } from '../shared';

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

/**
 * The CSV export of the overview, every section: the total and the previous period's, the split
 * by cloud, account, region and category, the top services and the others, the months, the days,
 * the unpriced quantities and the movers. Each split adds up to the total, to the cent, and the
 * movers with the others and the unattributed part to the total minus the previous total (the
 * API's amounts, full precision; keys beside their display names).
 */
export function overviewCsv(overview: OverviewResponse): string {
  const { currency } = overview;
  const row = (
    section: string,
    fields: {
      provider?: string;
      service?: string;
      day?: string;
      cost?: string;
      key?: string;
      label?: string;
      quantity?: string;
      volume?: string;
      price?: string;
    },
  ) => [
    section,
    fields.provider,
    fields.service,
    fields.day,
    fields.cost,
    fields.cost === undefined ? undefined : currency,
    fields.key,
    fields.label,
    fields.quantity,
    fields.volume,
    fields.price,
  ];
  const period = `${overview.from} to ${overview.to}`;
  const slices = (
    section: string,
    items: OverviewResponse['byCloud'],
    label: (slice: OverviewResponse['byCloud'][number]) => string = slice =>
      labelOf(slice.key, slice.label),
  ) =>
    items.map(slice =>
      row(section, { key: slice.key, label: label(slice), cost: slice.cost }),
    );
  return toCsv(
    [
      'section',
      'provider',
      'service',
      'day',
      'cost',
      'currency',
      'key',
      'label',
      'quantity',
      'volume_effect',
      'price_effect',
    ],
    [
      row('total', {
        key: 'period',
        label: overview.through ? `${period} (to ${overview.through})` : period,
        cost: overview.total,
      }),
      row('previous-total', {
        key: 'previous',
        label: `${overview.previous.from} to ${overview.previous.to}`,
        cost: overview.previousTotal,
      }),
      ...slices('cloud', overview.byCloud, slice => cloudLabel(slice.key)),
      ...slices('account', overview.byAccount),
      ...slices('region', overview.byRegion),
      ...slices('category', overview.byCategory),
      ...overview.topServices.map(service =>
        row('top-service', {
          provider: service.provider,
          service: service.service,
          cost: service.cost,
          label: serviceLabel(service.service),
        }),
      ),
      ...(overview.otherServices.count > 0
        ? [
            row('other-services', {
              label: `${overview.otherServices.count} other services`,
              cost: overview.otherServices.cost,
            }),
          ]
        : []),
      ...overview.monthly.map(month =>
        row('monthly', { day: month.month, cost: month.cost }),
      ),
      ...overview.daily.map(day =>
        row('daily', { day: day.day, cost: day.cost }),
      ),
      ...overview.unpriced.map(item =>
        row('unpriced', {
          key: item.productKey,
          label: item.name,
          quantity: item.quantity,
        }),
      ),
      // The movers' changes against the previous period, with the volume and price parts.
      ...[...overview.movers.increases, ...overview.movers.decreases].map(
        mover =>
          row('mover', {
            key: mover.productKey,
            label: mover.name,
            cost: mover.difference,
            quantity: mover.quantity,
            volume: mover.volumeEffect,
            price: mover.priceEffect,
          }),
      ),
      row('movers-others', {
        label: `${overview.movers.others.count} other products`,
        cost: overview.movers.others.difference,
      }),
      row('movers-unattributed', {
        label: 'Not attributed to a product (indirect shares, rounding)',
        cost: overview.movers.unattributed,
      }),
    ],
  );
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
