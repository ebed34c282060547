import { OverviewQuery } from '../../api';
import {
  MonthRange,
  PERIOD_URL_KEYS,
  PeriodChoice,
  UrlStateCodec,
  monthRangeOf,
  periodFromParams,
  periodToParams,
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

/** The query parameters the overview keeps its selection in. */
export const OVERVIEW_URL_KEYS = [
  ...PERIOD_URL_KEYS,
  'cloud',
  'account',
  'category',
] as const;

/** The overview's selection in its URL: `?period=last-12&cloud=aws&category=compute`. */
export const overviewSelectionCodec: UrlStateCodec<OverviewSelection> = {
  read(params) {
    const initial = initialOverviewSelection();
    const filter = (key: 'cloud' | 'account' | 'category') =>
      params.get(key) || undefined;
    return {
      ...periodFromParams(params, initial),
      cloud: filter('cloud'),
      account: filter('account'),
      category: filter('category'),
    };
  },
  write(selection) {
    return {
      ...periodToParams(selection, initialOverviewSelection()),
      cloud: selection.cloud,
      account: selection.account,
      category: selection.category,
    };
  },
};
