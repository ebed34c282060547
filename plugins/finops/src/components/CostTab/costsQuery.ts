import { CostsQuery } from '../../api';
import {
  MonthRange,
  PERIOD_URL_KEYS,
  PeriodChoice,
  UrlStateCodec,
  monthRangeOf,
  oneOf,
  periodFromParams,
  periodToParams,
} from '../shared';

/** What the monthly chart can be split by. */
export const CHART_GROUP_BYS = ['domain', 'family', 'product'] as const;
/** A split of the monthly chart. */
export type ChartGroupBy = (typeof CHART_GROUP_BYS)[number];

/**
 * What the baseline is: `previous` (the previous period of the same length, the tab's default),
 * `view:<key>` (another pricing view over the same period), or `none` (no comparison is asked for
 * nor shown).
 */
export type CompareChoice = 'none' | 'previous' | `view:${string}`;

/** Everything the header of the tab selects. */
export interface CostSelection {
  period: PeriodChoice;
  /** The months of a custom period, `YYYY-MM`. */
  custom: MonthRange;
  view: string;
  compare: CompareChoice;
  groupBy: ChartGroupBy;
}

/** The selection a tab opens with. */
export function initialSelection(): CostSelection {
  return {
    period: 'last-12',
    custom: monthRangeOf('last-3'),
    view: 'actual',
    compare: 'previous',
    groupBy: 'domain',
  };
}

/** The view key of a `view:<key>` choice, if it is one. */
export function compareViewOf(compare: CompareChoice): string | undefined {
  return compare.startsWith('view:')
    ? compare.slice('view:'.length)
    : undefined;
}

/**
 * The main query of the tab: the chart's split by month, with the chosen comparison (none for
 * `none`). The CSV export downloads this same query.
 */
export function mainQueryOf(
  entityRef: string,
  range: MonthRange,
  selection: CostSelection,
): CostsQuery {
  const compareView = compareViewOf(selection.compare);
  return {
    entityRef,
    view: selection.view,
    from: range.from,
    to: range.to,
    granularity: 'month',
    groupBy: selection.groupBy,
    ...(compareView ? { compareView } : {}),
    ...(selection.compare === 'previous' ? { compareTo: 'previous' } : {}),
  };
}

/** The query parameters the tab keeps its selection in. */
export const COST_URL_KEYS = [
  ...PERIOD_URL_KEYS,
  'view',
  'compare',
  'groupBy',
] as const;

/** The tab's selection in its URL: `?period=custom&from=2026-01&to=2026-03&view=list&compare=view:amortized`. */
export const costSelectionCodec: UrlStateCodec<CostSelection> = {
  read(params) {
    const initial = initialSelection();
    const compare = params.get('compare');
    return {
      ...periodFromParams(params, initial),
      view: params.get('view') || initial.view,
      compare:
        compare === 'none' ||
        compare === 'previous' ||
        (compare?.startsWith('view:') && compare.length > 5)
          ? (compare as CompareChoice)
          : initial.compare,
      groupBy: oneOf(params.get('groupBy'), CHART_GROUP_BYS, initial.groupBy),
    };
  },
  write(selection) {
    const initial = initialSelection();
    const unlessDefault = <K extends keyof CostSelection>(key: K) =>
      selection[key] === initial[key] ? undefined : String(selection[key]);
    return {
      ...periodToParams(selection, initial),
      view: unlessDefault('view'),
      compare: unlessDefault('compare'),
      groupBy: unlessDefault('groupBy'),
    };
  },
};
