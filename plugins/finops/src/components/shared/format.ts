import { shiftMonth } from '@finops-backstage/plugin-finops-common';
import { DateTime } from 'luxon';

/**
 * Formats a decimal string amount for display, e.g. `12345.6` → `$12,345.60`. The amount stays a
 * string until here; only display formatting converts it.
 */
export function formatMoney(
  amount: string,
  currency: string,
  options?: { compact?: boolean },
): string {
  const value = Number(amount);
  return new Intl.NumberFormat('en-US', {
    style: 'currency',
    currency,
    notation: options?.compact ? 'compact' : 'standard',
    maximumFractionDigits: options?.compact ? 1 : 2,
    minimumFractionDigits: options?.compact ? 0 : 2,
  }).format(value);
}

/**
 * A unit price for display: cents for prices of a unit or more, else at most six significant
 * digits (`$0.0694618`, `$0.0000002`); an average price derived from rounded costs asks for fewer. The CSV exports and the API keep the full precision.
 */
export function formatUnitPrice(
  price: string,
  currency: string,
  significantDigits = 6,
): string {
  const value = Number(price);
  const small = value !== 0 && Math.abs(value) < 1;
  return new Intl.NumberFormat('en-US', {
    style: 'currency',
    currency,
    ...(small
      ? { maximumSignificantDigits: significantDigits }
      : { minimumFractionDigits: 2, maximumFractionDigits: 4 }),
  }).format(value);
}

/** A coefficient (a fraction of 1) as a percentage: `0.0833…` → `8.33%`, `0.000123` → `0.0123%`. */
export function formatCoefficient(coefficient: string): string {
  const percent = Number(coefficient) * 100;
  return `${new Intl.NumberFormat('en-US', {
    maximumFractionDigits: Math.abs(percent) < 1 ? 4 : 2,
  }).format(percent)}%`;
}

/** A part's share of a whole, one decimal, for display: `12.5%`, `–` when the whole is 0. */
export function formatShare(part: string, whole: string): string {
  const total = Number(whole);
  return total === 0 ? '–' : `${((Number(part) / total) * 100).toFixed(1)}%`;
}

/** Formats a decimal string quantity with its unit, e.g. `1234.5 Hrs`. */
export function formatQuantity(quantity: string, unit?: string): string {
  const value = Number(quantity);
  const text = new Intl.NumberFormat('en-US', {
    maximumFractionDigits: 4,
  }).format(value);
  return unit ? `${text} ${unit}` : text;
}

/** A period of whole months, `YYYY-MM` to `YYYY-MM`. */
export interface MonthRange {
  from: string;
  to: string;
}

/** The choices of a period selector. */
export const PERIOD_PRESETS = [
  'last-3',
  'last-6',
  'last-12',
  'this-year',
] as const;
export type PeriodPreset = (typeof PERIOD_PRESETS)[number];

/** Labels of the period presets. */
export const PERIOD_LABELS: Record<PeriodPreset, string> = {
  'last-3': 'Last 3 months',
  'last-6': 'Last 6 months',
  'last-12': 'Last 12 months',
  'this-year': 'This year',
};

/** The months of a preset, ending with the current month (UTC). */
export function monthRangeOf(
  preset: PeriodPreset,
  now: DateTime = DateTime.utc(),
): MonthRange {
  const to = now.toFormat('yyyy-MM');
  const from =
    preset === 'this-year'
      ? `${to.slice(0, 4)}-01`
      : shiftMonth(to, 1 - Number(preset.split('-')[1]));
  return { from, to };
}

/** The last twelve months, newest first, `YYYY-MM`. */
export function recentMonths(now: DateTime = DateTime.utc()): string[] {
  const month = now.toFormat('yyyy-MM');
  return Array.from({ length: 12 }, (_, i) => shiftMonth(month, -i));
}

/** A period selector's choice: a preset, or custom months. */
export type PeriodChoice = PeriodPreset | 'custom';

/** What a period selector selects: the choice, and the months of a custom period (`YYYY-MM`). */
export interface PeriodSelection {
  period: PeriodChoice;
  custom: MonthRange;
}

/** The months selected, or undefined while a custom period is incomplete or reversed. */
export function selectedMonthsOf(
  selection: PeriodSelection,
): MonthRange | undefined {
  if (selection.period !== 'custom') {
    return monthRangeOf(selection.period);
  }
  const { from, to } = selection.custom;
  const month = /^\d{4}-\d{2}$/;
  if (!month.test(from) || !month.test(to) || from > to) {
    return undefined;
  }
  return { from, to };
}

/** A period of months, the last one cut after `through` (`YYYY-MM-DD`) when given. */
export interface CutPeriod {
  from: string;
  to: string;
  through?: string;
}

/** "Nov 1–14", "Jul 1 – Sep 14": the days of a cut period. */
export function cutDaysText(period: CutPeriod & { through: string }): string {
  const first = DateTime.fromISO(`${period.from}-01`, { zone: 'utc' });
  const last = DateTime.fromISO(period.through, { zone: 'utc' });
  return period.from === period.to
    ? `${first.toFormat('LLL d')}–${last.toFormat('d')}`
    : `${first.toFormat('LLL d')} – ${last.toFormat('LLL d')}`;
}

/** The previous period's months, or its days when it is cut: "2026-02 to 2026-02", "Feb 1–14". */
export function previousPeriodText(previous: CutPeriod): string {
  return previous.through
    ? cutDaysText({ ...previous, through: previous.through })
    : `${previous.from} to ${previous.to}`;
}

/**
 * How a period is compared with the previous one: like for like when the previous one is cut
 * ("month to date vs previous month to date (Nov 1–14)"), else "vs previous period (…)".
 */
export function comparedWithText(previous: CutPeriod): string {
  if (!previous.through) {
    return `vs previous period (${previous.from} to ${previous.to})`;
  }
  const what = previous.from === previous.to ? 'month' : 'period';
  return `${what} to date vs previous ${what} to date (${cutDaysText({
    ...previous,
    through: previous.through,
  })})`;
}

/** "2026-12 (partial, to Dec 15)": a month shown cut after `through`. */
export function partialMonthText(month: string, through?: string): string {
  if (!through || through.slice(0, 7) !== month) return month;
  return `${month} (partial, to ${DateTime.fromISO(through, {
    zone: 'utc',
  }).toFormat('LLL d')})`;
}
