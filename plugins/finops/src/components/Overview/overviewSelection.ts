import { OverviewQuery } from '../../api';
import {
  MonthRange,
  PERIOD_PRESETS,
  PeriodChoice,
  UrlStateCodec,
  monthParam,
  monthRangeOf,
  oneOf,
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
  'period',
  'from',
  'to',
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
      period: oneOf(
        params.get('period'),
        [...PERIOD_PRESETS, 'custom'] as const,
        initial.period,
      ),
      custom: {
        from: monthParam(params.get('from'), initial.custom.from),
        to: monthParam(params.get('to'), initial.custom.to),
      },
      cloud: filter('cloud'),
      account: filter('account'),
      category: filter('category'),
    };
  },
  write(selection) {
    const custom = selection.period === 'custom';
    return {
      period:
        selection.period === initialOverviewSelection().period
          ? undefined
          : selection.period,
      from: custom ? selection.custom.from : undefined,
      to: custom ? selection.custom.to : undefined,
      cloud: selection.cloud,
      account: selection.account,
      category: selection.category,
    };
  },
};
