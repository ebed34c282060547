import { FocusColumn, FocusColumns } from './FocusColumns';
import { toDecimal, utcDay } from './values';

/** The columns whose cells must be numbers when they are not null. */
const NUMBER_COLUMNS: FocusColumn[] = [
  'billedCost',
  'effectiveCost',
  'listCost',
  'contractedCost',
  'listUnitPrice',
  'contractedUnitPrice',
  'consumedQuantity',
  'pricingQuantity',
  'commitmentDiscountQuantity',
];

const CURRENCY = /^[A-Z]{3}$/;

/**
 * Why a FOCUS record cannot be loaded, naming the FOCUS column (as the file's header writes it),
 * the value and where the record is: `BilledCost: 'abc' is not a number (aws/part-1.csv:11)`.
 * The text before the first colon is the kind of the reason, without any value of the row.
 * Undefined when the record is fine.
 */
export function invalidCell(
  columns: FocusColumns,
  fields: string[],
  origin: string,
): string | undefined {
  if (fields.length !== columns.width) {
    return `malformed record: ${fields.length} fields, the header has ${columns.width} (${origin})`;
  }
  const start = columns.get(fields, 'chargePeriodStart');
  if (utcDay(start) === undefined) {
    return start === undefined
      ? `${columns.nameOf('chargePeriodStart')}: empty (${origin})`
      : `${columns.nameOf(
          'chargePeriodStart',
        )}: '${start}' is not a date (${origin})`;
  }
  for (const column of NUMBER_COLUMNS) {
    const value = columns.get(fields, column);
    if (value !== undefined && toDecimal(value) === undefined) {
      return `${columns.nameOf(
        column,
      )}: '${value}' is not a number (${origin})`;
    }
  }
  const currency = columns.get(fields, 'billingCurrency');
  if (currency !== undefined && !CURRENCY.test(currency)) {
    return `${columns.nameOf(
      'billingCurrency',
    )}: '${currency}' is not an ISO 4217 currency code (${origin})`;
  }
  return undefined;
}
