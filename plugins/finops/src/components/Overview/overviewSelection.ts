import { OverviewQuery } from '../../api';
import { MonthRange, PeriodPreset, monthRangeOf } from '../shared';

/** The period of the overview: a preset, or custom months. */
export type OverviewPeriod = PeriodPreset | 'custom';

/** Everything the filter bar of the overview selects. */
export interface OverviewSelection {
  period: OverviewPeriod;
  /** The months of a custom period, `YYYY-MM`. */
  custom: MonthRange;
  cloud?: string;
  account?: string;
  category?: string;
}

/** The selection the overview opens with. */
export function initialOverviewSelection(): OverviewSelection {
  return { period: 'last-3', custom: monthRangeOf('last-3') };
}

/** The query of a selection, or undefined while a custom period is incomplete or reversed. */
export function overviewQueryOf(
  selection: OverviewSelection,
): OverviewQuery | undefined {
  let range: MonthRange;
  if (selection.period === 'custom') {
    const { from, to } = selection.custom;
    const month = /^\d{4}-\d{2}$/;
    if (!month.test(from) || !month.test(to) || from > to) {
      return undefined;
    }
    range = { from, to };
  } else {
    range = monthRangeOf(selection.period);
  }
  return {
    from: range.from,
    to: range.to,
    ...(selection.cloud ? { cloud: selection.cloud } : {}),
    ...(selection.account ? { account: selection.account } : {}),
    ...(selection.category ? { category: selection.category } : {}),
  };
}
