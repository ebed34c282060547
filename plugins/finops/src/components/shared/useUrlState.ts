import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router-dom';
import { PERIOD_PRESETS, PeriodSelection, recentMonths } from './format';

/** How a screen's state is read from and written to the query parameters of its URL. */
export interface UrlStateCodec<S> {
  /** The state the parameters describe; anything missing or invalid falls back to the default. */
  read(params: URLSearchParams): S;
  /** The parameters of a state; a value equal to the default is left out (short links). */
  write(state: S): Record<string, string | undefined>;
}

/**
 * A screen's state (period, view, filters, selected row…) kept in the URL's query parameters, so
 * that a reload restores it and a copied link shares it. Parameters the codec does not write are
 * kept; a change replaces the history entry rather than adding one.
 */
export function useUrlState<S>(
  codec: UrlStateCodec<S>,
  keys: readonly string[],
): [S, (state: S) => void] {
  const [params, setParams] = useSearchParams();
  const search = params.toString();
  // The state follows the parameters, not the codec object (often rebuilt on each render).
  const state = useMemo(
    () => codec.read(new URLSearchParams(search)),
    [search], // eslint-disable-line react-hooks/exhaustive-deps
  );
  const setState = useCallback(
    (next: S) => {
      setParams(
        current => {
          const updated = new URLSearchParams(current);
          for (const key of keys) {
            updated.delete(key);
          }
          for (const [key, value] of Object.entries(codec.write(next))) {
            if (value !== undefined && value !== '') {
              updated.set(key, value);
            }
          }
          return updated;
        },
        { replace: true },
      );
    },
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [setParams, keys.join(',')],
  );
  return [state, setState];
}

/** A parameter's value if it is one of the allowed ones, else the fallback. */
export function oneOf<T extends string>(
  value: string | null,
  allowed: readonly T[],
  fallback: T,
): T {
  return value !== null && (allowed as readonly string[]).includes(value)
    ? (value as T)
    : fallback;
}

/** A `YYYY-MM` parameter, else the fallback. */
export function monthParam(value: string | null, fallback: string): string {
  return value !== null && /^\d{4}-(0[1-9]|1[0-2])$/.test(value)
    ? value
    : fallback;
}

/** The keys of a period in a URL: the choice, and the months of a custom one. */
export const PERIOD_URL_KEYS = ['period', 'from', 'to'] as const;

/**
 * The period a URL selects (`?period=last-12`, `?period=custom&from=2026-01&to=2026-03`); each
 * missing or invalid part is the initial selection's.
 */
export function periodFromParams(
  params: URLSearchParams,
  initial: PeriodSelection,
): PeriodSelection {
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
  };
}

/**
 * The parameters of a period: `period` unless it is the initial choice, `from` and `to` for a
 * custom one only.
 */
export function periodToParams(
  selection: PeriodSelection,
  initial: PeriodSelection,
): Record<(typeof PERIOD_URL_KEYS)[number], string | undefined> {
  const custom = selection.period === 'custom';
  return {
    period: selection.period === initial.period ? undefined : selection.period,
    from: custom ? selection.custom.from : undefined,
    to: custom ? selection.custom.to : undefined,
  };
}

/** One query parameter as a screen's state (the selected row, say); undefined when absent. */
export function useUrlParam(
  key: string,
): [string | undefined, (value: string | undefined) => void] {
  const codec = useMemo<UrlStateCodec<string | undefined>>(
    () => ({
      read: params => params.get(key) ?? undefined,
      write: value => ({ [key]: value }),
    }),
    [key],
  );
  return useUrlState(codec, [key]);
}

/** The keys of a monthly report's state: its month and pricing view. */
export const MONTH_VIEW_URL_KEYS = ['month', 'view'] as const;

/**
 * A monthly report's month and view in its URL (`?month=2026-10&view=amortized`); by default the
 * last complete month and the actual view, left out of the URL.
 */
export const monthViewCodec: UrlStateCodec<{ month: string; view: string }> = {
  read: params => ({
    month: monthParam(params.get('month'), defaultMonth()),
    view: params.get('view') || 'actual',
  }),
  write: state => ({
    month: state.month === defaultMonth() ? undefined : state.month,
    view: state.view === 'actual' ? undefined : state.view,
  }),
};

function defaultMonth(): string {
  return recentMonths()[1];
}
