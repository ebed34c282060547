import { ResultByTime } from '@aws-sdk/client-cost-explorer';
import Decimal from 'decimal.js';
import { Exact } from './splitExactly';

/** Usage quantity, unblended (billed) and amortized cost of something. */
export interface Figures {
  quantity: Decimal;
  billed: Decimal;
  amortized: Decimal;
}

export const FIGURES = ['quantity', 'billed', 'amortized'] as const;

export const zero = (): Figures => ({
  quantity: new Exact(0),
  billed: new Exact(0),
  amortized: new Exact(0),
});

/** Adds the metrics of a Cost Explorer group (UsageQuantity, UnblendedCost, AmortizedCost). */
export function add(into: Figures, metrics: ResultByTime['Total']): void {
  into.quantity = into.quantity.plus(metrics?.UsageQuantity?.Amount || '0');
  into.billed = into.billed.plus(metrics?.UnblendedCost?.Amount || '0');
  into.amortized = into.amortized.plus(metrics?.AmortizedCost?.Amount || '0');
}

export function isZero(figures: Figures): boolean {
  return FIGURES.every(figure => figures[figure].isZero());
}
