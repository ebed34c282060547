import { formatMoney } from './format';

/** The opposite amount, as a decimal string (`"0.00"` stays unsigned). */
export function negated(amount: string): string {
  if (Number(amount) === 0) return amount;
  return amount.startsWith('-') ? amount.slice(1) : `-${amount}`;
}

/** An amount with its sign, e.g. `+$1,234.56`, `-$5.00`, `$0.00`. */
export function signedMoney(amount: string, currency: string): string {
  const text = formatMoney(amount, currency);
  return Number(amount) > 0 ? `+${text}` : text;
}

/** The difference in percent of the baseline, for display; undefined when the baseline is 0. */
export function percentOf(
  difference: string,
  baseline: string,
): string | undefined {
  const base = Number(baseline);
  if (base === 0) {
    return undefined;
  }
  const percent = (Number(difference) / base) * 100;
  return `${percent > 0 ? '+' : ''}${percent.toFixed(1)}%`;
}
