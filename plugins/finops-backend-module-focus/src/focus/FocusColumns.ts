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

  constructor(header: string[]) {
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

  has(column: FocusColumn): boolean {
    return this.positions.has(column);
  }

  /** The cell of a column in a record, null cells (`NULL`, `null`, empty) as undefined. */
  get(fields: string[], column: FocusColumn): string | undefined {
    const position = this.positions.get(column);
    return position === undefined ? undefined : cell(fields[position]);
  }
}
