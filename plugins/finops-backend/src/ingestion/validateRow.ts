import { CostSourceRow } from '@finops-backstage/plugin-finops-node';
import { DomainMode } from '@finops-backstage/plugin-finops-common';

const DECIMAL = /^-?\d+(\.\d+)?$/;
const DAY = /^\d{4}-\d{2}-\d{2}$/;
const CURRENCY = /^[A-Z]{3}$/;

/** A source row that passed validation, ready to be mapped and loaded. */
export interface ValidRow {
  row: CostSourceRow;
  /** The product to load, with its unit; a currency-metered product when the row had no usable quantity. */
  product: CostSourceRow['product'];
  quantity: string;
  billed: string;
  currency: string;
  /** The same consumption at list, contracted and amortized prices, where the source gave them. */
  amounts: Record<(typeof OTHER_AMOUNTS)[number], string | undefined>;
}

/** Amounts a row may carry beside what was billed; each fills a pricing view of the batch. */
export const OTHER_AMOUNTS = [
  'listAmount',
  'contractedAmount',
  'amortizedAmount',
] as const;

const CHARGE_CATEGORIES = ['Usage', 'Purchase', 'Tax', 'Credit', 'Adjustment'];
/** The fields a row and its product must have, built once (not an array per row). */
const ROW_FIELDS = ['day', 'domainKey', 'product'] as const;
const PRODUCT_FIELDS = [
  'key',
  'name',
  'unit',
  'provider',
  'service',
  'familyKey',
] as const;
const PRICING_CATEGORIES = ['Standard', 'Committed', 'Dynamic', 'Other'];

/** Either a valid row or the reason it is rejected. */
export type RowCheck =
  | { ok: true; value: ValidRow }
  | { ok: false; reason: string };

const fail = (reason: string): RowCheck => ({ ok: false, reason });

/**
 * The last day found to be a real date: a month's rows come a day at a time, so the date is
 * parsed once per day, not once per row.
 */
let lastRealDay = '';
function isRealDay(day: string): boolean {
  if (day === lastRealDay) {
    return true;
  }
  if (!DAY.test(day) || Number.isNaN(Date.parse(`${day}T00:00:00Z`))) {
    return false;
  }
  lastRealDay = day;
  return true;
}

// Decimal strings are checked by pattern and passed on as text: PostgreSQL's numeric does the
// arithmetic, exactly, and no decimal object is built per row (the batch reads millions).
const ZERO = /^-?0*\.?0*$/;
const isZero = (value: string) => ZERO.test(value);
const isNegative = (value: string) => value.startsWith('-') && !isZero(value);

function isDecimal(value: unknown): value is string {
  return typeof value === 'string' && DECIMAL.test(value.trim());
}

const hasReplacement = (text: unknown) =>
  typeof text === 'string' && text.includes('\uFFFD');

/** Whether a text of the row holds U+FFFD (a decoder met bytes that were not UTF-8). */
function hasBadEncoding(row: CostSourceRow): boolean {
  if (
    hasReplacement(row.product?.key) ||
    hasReplacement(row.product?.name) ||
    hasReplacement(row.product?.unit) ||
    hasReplacement(row.account?.key) ||
    hasReplacement(row.entityRef)
  ) {
    return true;
  }
  // No array per row: the batch reads millions of rows.
  const tags = row.tags;
  if (tags) {
    for (const key in tags) {
      if (
        Object.prototype.hasOwnProperty.call(tags, key) &&
        (hasReplacement(key) || hasReplacement(tags[key]))
      ) {
        return true;
      }
    }
  }
  return false;
}

/**
 * Checks one source row for the month being loaded. Every reason names the field and the problem,
 * so a rejected-row report can be acted on.
 *
 * A row whose quantity is missing or zero but which billed an amount becomes a row of a
 * currency-metered product (unit = currency, quantity = amount), so no money is lost.
 */
export function validateRow(
  row: CostSourceRow,
  month: string,
  domainMode: DomainMode,
  defaultCurrency: string,
): RowCheck {
  if (!row || typeof row !== 'object') {
    return fail('missing row');
  }
  if (typeof row.invalid === 'string' && row.invalid !== '') {
    return fail(row.invalid);
  }
  for (const field of ROW_FIELDS) {
    if (row[field] === undefined || row[field] === null || row[field] === '') {
      return fail(`missing column: ${field}`);
    }
  }
  const { product } = row;
  for (const field of PRODUCT_FIELDS) {
    if (typeof product[field] !== 'string' || product[field].trim() === '') {
      return fail(
        field === 'unit'
          ? 'unknown unit: the product has no unit'
          : `missing column: product.${field}`,
      );
    }
  }
  if (hasBadEncoding(row)) {
    return fail('wrong encoding: text is not valid UTF-8');
  }
  if (typeof row.day !== 'string' || !isRealDay(row.day)) {
    return fail(`bad date: '${row.day}' is not YYYY-MM-DD`);
  }
  if (row.day.slice(0, 7) !== month) {
    return fail(`date outside the month: ${row.day} is not in ${month}`);
  }

  const currency = row.currency ?? defaultCurrency;
  if (!CURRENCY.test(currency)) {
    return fail(`bad currency: '${currency}'`);
  }
  let billed = '0';
  if (
    row.billedAmount !== undefined &&
    row.billedAmount !== null &&
    row.billedAmount !== ''
  ) {
    if (!isDecimal(row.billedAmount)) {
      return fail(`bad number: billedAmount '${row.billedAmount}'`);
    }
    billed = row.billedAmount.trim();
  }

  const amounts = {} as ValidRow['amounts'];
  for (const field of OTHER_AMOUNTS) {
    const amount = row[field];
    if (amount === undefined || amount === null || amount === '') {
      amounts[field] = undefined;
    } else if (!isDecimal(amount)) {
      return fail(`bad number: ${field} '${amount}'`);
    } else {
      amounts[field] = amount.trim();
    }
  }
  if (
    row.chargeCategory !== undefined &&
    !CHARGE_CATEGORIES.includes(row.chargeCategory)
  ) {
    return fail(`unknown chargeCategory '${row.chargeCategory}'`);
  }
  if (
    row.pricingCategory !== undefined &&
    !PRICING_CATEGORIES.includes(row.pricingCategory)
  ) {
    return fail(`unknown pricingCategory '${row.pricingCategory}'`);
  }
  if (row.commitment !== undefined) {
    const { id, status, quantity: committed } = row.commitment;
    if (typeof id !== 'string' || id.trim() === '') {
      return fail('missing column: commitment.id');
    }
    if (status !== undefined && status !== 'Used' && status !== 'Unused') {
      return fail(`unknown commitment.status '${status}'`);
    }
    if (committed !== undefined && !isDecimal(committed)) {
      return fail(`bad number: commitment.quantity '${committed}'`);
    }
  }

  const rawQuantity = row.quantity;
  const quantityMissing =
    rawQuantity === undefined || rawQuantity === null || rawQuantity === '';
  if (!quantityMissing && !isDecimal(rawQuantity)) {
    return fail(`bad number: quantity '${rawQuantity}'`);
  }
  const quantity = quantityMissing ? '0' : rawQuantity.trim();

  if (domainMode === 'INDIRECT') {
    // A distributed amount is in the actual view's currency: it is one product's price.
    if (currency !== defaultCurrency) {
      return fail(
        `currency ${currency} differs from the actual pricing view's currency ${defaultCurrency}`,
      );
    }
    if (!row.entityRef) {
      return fail('missing column: entity_ref');
    }
    if (quantityMissing) {
      return fail('missing column: quantity (the weight)');
    }
    if (isNegative(quantity)) {
      return fail(`negative weight: ${rawQuantity}`);
    }
    return {
      ok: true,
      value: {
        row,
        product,
        quantity,
        billed,
        currency,
        amounts,
      },
    };
  }

  if (isZero(quantity) && !isZero(billed)) {
    // No usable quantity for an amount billed: meter the amount itself.
    return {
      ok: true,
      value: {
        row,
        product: {
          ...product,
          key: `${product.key}:amount`,
          name: `${product.name} (amount)`,
          unit: currency,
        },
        quantity: billed,
        billed,
        currency,
        amounts,
      },
    };
  }
  if (isNegative(quantity) && product.unit !== currency) {
    return fail(`negative quantity: ${rawQuantity} ${product.unit}`);
  }
  return {
    ok: true,
    value: {
      row,
      product,
      quantity,
      billed,
      currency,
      amounts,
    },
  };
}
