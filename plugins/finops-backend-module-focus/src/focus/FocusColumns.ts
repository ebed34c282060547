import { cell } from './values';

/**
 * The FOCUS 1.0–1.2 columns the source reads, each with the older names it accepts
 * (FOCUS 1.0-preview wrote UsageQuantity, UsageUnit, ChargeType and Region). Provider columns
 * (`x_…`) and every other column are ignored.
 */
export const FOCUS_COLUMNS = {
  providerName: ['ProviderName', 'ServiceProviderName'],
  serviceName: ['ServiceName'],
  serviceCategory: ['ServiceCategory'],
  skuId: ['SkuId'],
  skuPriceId: ['SkuPriceId'],
  chargeDescription: ['ChargeDescription'],
  chargeCategory: ['ChargeCategory', 'ChargeType'],
  chargeClass: ['ChargeClass'],
  chargePeriodStart: ['ChargePeriodStart'],
  billingPeriodStart: ['BillingPeriodStart'],
  consumedQuantity: ['ConsumedQuantity', 'UsageQuantity'],
  consumedUnit: ['ConsumedUnit', 'UsageUnit'],
  pricingQuantity: ['PricingQuantity'],
  pricingUnit: ['PricingUnit'],
  pricingCategory: ['PricingCategory'],
  billedCost: ['BilledCost'],
  effectiveCost: ['EffectiveCost'],
  listCost: ['ListCost'],
  listUnitPrice: ['ListUnitPrice'],
  contractedCost: ['ContractedCost'],
  contractedUnitPrice: ['ContractedUnitPrice'],
  billingCurrency: ['BillingCurrency'],
  regionId: ['RegionId', 'Region'],
  regionName: ['RegionName'],
  subAccountId: ['SubAccountId'],
  subAccountName: ['SubAccountName'],
  billingAccountId: ['BillingAccountId'],
  billingAccountName: ['BillingAccountName'],
  resourceId: ['ResourceId'],
  resourceName: ['ResourceName'],
  tags: ['Tags'],
  commitmentDiscountId: ['CommitmentDiscountId'],
  commitmentDiscountName: ['CommitmentDiscountName'],
  commitmentDiscountType: ['CommitmentDiscountType'],
  commitmentDiscountCategory: ['CommitmentDiscountCategory'],
  commitmentDiscountStatus: ['CommitmentDiscountStatus'],
  commitmentDiscountQuantity: ['CommitmentDiscountQuantity'],
  commitmentDiscountUnit: ['CommitmentDiscountUnit'],
} as const;

/** A column the source reads. */
export type FocusColumn = keyof typeof FOCUS_COLUMNS;

/**
 * Where each FOCUS column sits in a file, from its header. Names are matched case-insensitively
 * (the specification's own examples write `SkuPriceid`).
 */
export class FocusColumns {
  private readonly positions = new Map<FocusColumn, number>();
  readonly width: number;

  constructor(private readonly header: string[]) {
    this.width = header.length;
    const byName = new Map<string, number>();
    header.forEach((name, position) => {
      const key = name.trim().toLowerCase();
      if (!byName.has(key)) {
        byName.set(key, position);
      }
    });
    for (const [column, names] of Object.entries(FOCUS_COLUMNS)) {
      for (const name of names) {
        const position = byName.get(name.toLowerCase());
        if (position !== undefined) {
          this.positions.set(column as FocusColumn, position);
          break;
        }
      }
    }
  }

  /** The column's name as the file's header writes it (e.g. `UsageQuantity` in a 1.0-preview file). */
  nameOf(column: FocusColumn): string {
    const position = this.positions.get(column);
    return position === undefined
      ? FOCUS_COLUMNS[column][0]
      : this.header[position].trim();
  }

  has(column: FocusColumn): boolean {
    return this.positions.has(column);
  }

  /** The cell of a column in a record, null cells (`NULL`, `null`, empty) as undefined. */
  get(fields: string[], column: FocusColumn): string | undefined {
    const position = this.positions.get(column);
    return position === undefined ? undefined : cell(fields[position]);
  }
}

/**
 * The FOCUS version a header is written in, told by the columns each version introduced:
 * 1.0-preview wrote UsageQuantity and ChargeType; 1.1 added ServiceSubcategory, SkuMeter,
 * CapacityReservationId and CommitmentDiscountQuantity; 1.2 added InvoiceId, PricingCurrency and
 * the account types.
 */
export function focusVersion(header: string[]): string {
  const names = new Set(header.map(name => name.trim().toLowerCase()));
  const any = (...columns: string[]) =>
    columns.some(column => names.has(column.toLowerCase()));
  if (
    any('InvoiceId', 'PricingCurrency', 'BillingAccountType', 'SubAccountType')
  ) {
    return '1.2';
  }
  if (
    any(
      'ServiceSubcategory',
      'SkuMeter',
      'SkuPriceDetails',
      'CapacityReservationId',
      'CommitmentDiscountQuantity',
    )
  ) {
    return '1.1';
  }
  if (any('ConsumedQuantity', 'ChargeCategory')) {
    return '1.0';
  }
  return '1.0-preview';
}

/**
 * The required columns a header lacks: BilledCost, ChargePeriodStart, a quantity (ConsumedQuantity,
 * PricingQuantity or, in a file of commitment purchases, CommitmentDiscountQuantity), and
 * BillingCurrency unless the source is configured with a currency. A row without a usable quantity
 * and unit is metered in its currency, so no amount is lost.
 */
export function missingColumns(
  columns: FocusColumns,
  options: { currencyConfigured: boolean },
): string[] {
  const missing: string[] = [];
  if (!columns.has('billedCost')) {
    missing.push('BilledCost');
  }
  if (!columns.has('chargePeriodStart')) {
    missing.push('ChargePeriodStart');
  }
  if (
    !columns.has('consumedQuantity') &&
    !columns.has('pricingQuantity') &&
    !columns.has('commitmentDiscountQuantity')
  ) {
    missing.push(
      'a quantity (ConsumedQuantity, PricingQuantity or CommitmentDiscountQuantity)',
    );
  }
  if (!columns.has('billingCurrency') && !options.currencyConfigured) {
    missing.push("BillingCurrency (or a currency in the source's config)");
  }
  return missing;
}
