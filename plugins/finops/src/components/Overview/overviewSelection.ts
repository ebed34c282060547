import { OverviewQuery } from '../../api';
import {
  MonthRange,
  PeriodChoice,
  monthRangeOf,
  selectedMonthsOf,
} from '../shared';

/** Everything the filter bar of the overview selects. */
export interface OverviewSelection {
  period: PeriodChoice;
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
  const range = selectedMonthsOf(selection);
  if (!range) {
    return undefined;
  }
  return {
    from: range.from,
    to: range.to,
    ...(selection.cloud ? { cloud: selection.cloud } : {}),
    ...(selection.account ? { account: selection.account } : {}),
    ...(selection.category ? { category: selection.category } : {}),
  };
}
