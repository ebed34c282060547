import {
  ChargeCategory,
  CostSourceCommitment,
  CostSourceRow,
  PricingCategory,
} from '@finops-backstage/plugin-finops-node';
import Decimal from 'decimal.js';
import { FocusColumns } from './FocusColumns';
import { parseUnit, sameUnit } from './pricingUnit';
import { decimalText, slug, toDecimal, utcDay } from './values';

/** What a FOCUS row becomes, besides its own cells. */
export interface FocusRowContext {
  /** Domain of rows whose ServiceCategory has no domain of its own. */
  domain: string;
  /** Domains by ServiceCategory (e.g. `{ Databases: DATABASES }`). */
  serviceCategoryDomains: Record<string, string>;
  /** Provider of rows without ProviderName. */
  provider: string;
  /** Currency of rows without BillingCurrency, the unit of amounts metered in currency. */
  currency: string;
  /** The source's configured currency: the billing currency of rows without BillingCurrency. */
  configuredCurrency?: string;
  /** Only these tag keys are kept; all when undefined. */
  tagKeys?: Set<string>;
  /** Whether the month is still estimated. */
  estimated: boolean;
  /** `file:line` of the row. */
  origin: string;
}

const CHARGE_CATEGORIES: Record<string, ChargeCategory> = {
  usage: 'Usage',
  purchase: 'Purchase',
  tax: 'Tax',
  credit: 'Credit',
  adjustment: 'Adjustment',
};

/** FOCUS 1.0 wrote On-Demand and Commitment-Based; 1.1 renamed them Standard and Committed. */
const PRICING_CATEGORIES: Record<string, PricingCategory> = {
  standard: 'Standard',
  'on-demand': 'Standard',
  committed: 'Committed',
  'commitment-based': 'Committed',
  dynamic: 'Dynamic',
  other: 'Other',
};

const FAMILIES: Record<string, string> = {
  compute: 'compute',
  storage: 'storage',
  databases: 'database',
  networking: 'network',
};

const PROVIDERS: Array<[RegExp, string]> = [
  [/^(aws|amazon web services|amazon)$/i, 'aws'],
  [/^(microsoft|microsoft azure|azure)$/i, 'azure'],
  [/^(google|google cloud|google cloud platform|gcp)$/i, 'gcp'],
  [/^(oracle|oracle cloud infrastructure|oci)$/i, 'oci'],
];

/** Charge categories whose rows are money, not consumption: metered in currency. */
const AMOUNT_ONLY: ReadonlySet<string> = new Set([
  'Tax',
  'Credit',
  'Adjustment',
]);

function providerKey(name: string): string {
  for (const [pattern, key] of PROVIDERS) {
    if (pattern.test(name.trim())) {
      return key;
    }
  }
  return slug(name);
}

/** The family of a ServiceCategory: Compute → compute, Databases → database, … else its slug. */
export function familyOf(serviceCategory: string | undefined): string {
  if (serviceCategory === undefined) {
    return 'other';
  }
  return FAMILIES[serviceCategory.toLowerCase()] ?? slug(serviceCategory);
}

/** The day a row is loaded on: its ChargePeriodStart's UTC day. */
export function dayOf(
  columns: FocusColumns,
  fields: string[],
): string | undefined {
  return utcDay(columns.get(fields, 'chargePeriodStart'));
}

/**
 * The month a row whose ChargePeriodStart is unreadable is reported in: its BillingPeriodStart's,
 * when that one is readable.
 */
export function fallbackMonthOf(
  columns: FocusColumns,
  fields: string[],
): string | undefined {
  return utcDay(columns.get(fields, 'billingPeriodStart'))?.slice(0, 7);
}

function isNegative(value: string | undefined): boolean {
  return toDecimal(value)?.isNegative() ?? false;
}

/** value × factor exactly; text that is not a number stays as it is, for the batch to reject. */
function times(value: string, factor: Decimal.Value): string {
  const decimal = toDecimal(value);
  return decimal ? decimal.times(factor).toFixed() : value;
}

function tagsOf(
  text: string | undefined,
  keys: Set<string> | undefined,
): Record<string, string> | undefined {
  if (text === undefined) {
    return {};
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
    return undefined;
  }
  const tags: Record<string, string> = {};
  for (const [key, value] of Object.entries(parsed)) {
    if (keys && !keys.has(key)) {
      continue;
    }
    if (value === null || value === undefined) {
      tags[key] = '';
    } else if (typeof value !== 'object') {
      tags[key] = String(value);
    }
  }
  return tags;
}

/**
 * One FOCUS row as a cost-source row. Numbers are passed on as exact plain decimals; text that is
 * no number is passed on as it is so that the batch rejects the row with its reason and origin.
 * Returns the row and, when its Tags cell is no JSON object, a warning (the row keeps no tags).
 */
export function toCostSourceRow(
  columns: FocusColumns,
  fields: string[],
  day: string,
  context: FocusRowContext,
): { row: CostSourceRow; warning?: string } {
  const get = (column: Parameters<FocusColumns['get']>[1]) =>
    columns.get(fields, column);

  const rawCategory = get('chargeCategory');
  const chargeCategory =
    rawCategory === undefined
      ? undefined
      : CHARGE_CATEGORIES[rawCategory.toLowerCase()] ??
        (rawCategory as ChargeCategory);
  const rawPricingCategory = get('pricingCategory');
  const pricingCategory =
    rawPricingCategory === undefined
      ? undefined
      : PRICING_CATEGORIES[rawPricingCategory.toLowerCase()] ??
        (rawPricingCategory as PricingCategory);
  const currency = get('billingCurrency') ?? context.currency;

  // Quantity: consumed, else priced (in distinct units: `1000 Requests` × 3 → 3000 Requests).
  const consumedQuantity = get('consumedQuantity');
  const consumedUnit = get('consumedUnit');
  const pricingQuantity = get('pricingQuantity');
  const pricingUnit = get('pricingUnit');
  const pricing = pricingUnit ? parseUnit(pricingUnit) : undefined;
  let quantity: string | undefined;
  let unit: string | undefined;
  if (consumedQuantity !== undefined && consumedUnit) {
    const consumed = parseUnit(consumedUnit);
    quantity = times(consumedQuantity, consumed.block);
    unit = consumed.unit;
  } else if (pricingQuantity !== undefined && pricing) {
    quantity = times(pricingQuantity, pricing.block);
    unit = pricing.unit;
  }
  // The unused part of a commitment consumed nothing: quantity 0, its amounts still priced in
  // the product's list, contracted and amortized views (they divide by the product's Σ quantity).
  const unusedCommitment =
    get('commitmentDiscountStatus')?.toLowerCase() === 'unused' &&
    get('commitmentDiscountId') !== undefined;
  if (unusedCommitment && unit !== undefined) {
    quantity = '0';
  }
  // Tax, credits and adjustments are money; so is a negative quantity (a correction or refund):
  // the batch meters them in currency (quantity = amount), keeping their sign.
  if (
    quantity === undefined ||
    unit === undefined ||
    (chargeCategory !== undefined && AMOUNT_ONLY.has(chargeCategory)) ||
    isNegative(quantity)
  ) {
    quantity = undefined;
    unit = currency;
  }

  // Amounts at list and contracted prices: the cost column, else unit price × PricingQuantity.
  // FOCUS counts PricingQuantity in PricingUnits (blocks); a row whose PricingQuantity equals its
  // ConsumedQuantity in the same distinct unit counts it in distinct units instead: divide by the block.
  const perBlock =
    pricing &&
    !pricing.block.equals(1) &&
    consumedUnit !== undefined &&
    sameUnit(parseUnit(consumedUnit).unit, pricing.unit) &&
    toDecimal(pricingQuantity) !== undefined &&
    toDecimal(consumedQuantity)?.equals(toDecimal(pricingQuantity)!)
      ? pricing.block
      : undefined;
  const fromUnitPrice = (price: string | undefined) => {
    if (price === undefined || pricingQuantity === undefined) {
      return undefined;
    }
    const unitPrice = toDecimal(price);
    const priced = toDecimal(pricingQuantity);
    if (!unitPrice) {
      return price;
    }
    if (!priced) {
      return pricingQuantity;
    }
    const amount = unitPrice.times(priced);
    return (perBlock ? amount.dividedBy(perBlock) : amount).toFixed();
  };
  const listAmount =
    decimalText(get('listCost')) ?? fromUnitPrice(get('listUnitPrice'));
  const contractedAmount =
    decimalText(get('contractedCost')) ??
    fromUnitPrice(get('contractedUnitPrice'));

  const provider = providerKey(get('providerName') ?? context.provider);
  const service = get('serviceName') ?? '-';
  const sku = get('skuId') ?? get('skuPriceId') ?? get('chargeDescription');
  const region = get('regionId') ?? get('regionName');
  const serviceCategory = get('serviceCategory');
  const keyParts = [provider, service, sku ?? '-', region ?? '-', unit];
  if (chargeCategory !== undefined && chargeCategory !== 'Usage') {
    keyParts.push(chargeCategory);
  }
  const family =
    serviceCategory === undefined && chargeCategory === 'Tax'
      ? 'tax'
      : familyOf(serviceCategory);
  const domain =
    (serviceCategory !== undefined
      ? context.serviceCategoryDomains[serviceCategory]
      : undefined) ?? context.domain;

  const accountKey = get('subAccountId') ?? get('billingAccountId');
  const accountName = get('subAccountId')
    ? get('subAccountName')
    : get('billingAccountName');
  const resourceKey = get('resourceId');
  const tags = tagsOf(get('tags'), context.tagKeys);

  const commitmentId = get('commitmentDiscountId');
  let commitment: CostSourceCommitment | undefined;
  if (commitmentId !== undefined) {
    const category = get('commitmentDiscountCategory');
    const status = get('commitmentDiscountStatus');
    commitment = {
      id: commitmentId,
      name: get('commitmentDiscountName'),
      type: get('commitmentDiscountType'),
      category:
        category === 'Spend' || category === 'Usage' ? category : undefined,
      status: status as CostSourceCommitment['status'],
      quantity: decimalText(get('commitmentDiscountQuantity')),
      unit: get('commitmentDiscountUnit'),
    };
  }

  const attributes: Record<string, string> = {};
  if (serviceCategory !== undefined) {
    attributes.serviceCategory = serviceCategory;
  }
  if (sku !== undefined) {
    attributes.sku = sku;
  }
  if (chargeCategory !== undefined) {
    attributes.chargeCategory = chargeCategory;
  }

  const row: CostSourceRow = {
    day,
    domainKey: domain,
    product: {
      key: keyParts.join(':'),
      name: [service, sku, region].filter(Boolean).join(' '),
      unit,
      provider,
      service,
      region,
      familyKey: family,
      attributes,
    },
    account: accountKey
      ? { key: accountKey, name: accountName ?? undefined }
      : undefined,
    resource: resourceKey
      ? { key: resourceKey, name: get('resourceName') }
      : undefined,
    tags: tags ?? {},
    quantity: quantity ?? '',
    billedAmount: decimalText(get('billedCost')),
    currency: get('billingCurrency') ?? context.configuredCurrency,
    estimated: context.estimated,
    origin: context.origin,
    listAmount,
    contractedAmount,
    amortizedAmount: decimalText(get('effectiveCost')),
    chargeCategory,
    pricingCategory,
    commitment,
  };
  return {
    row,
    warning:
      tags === undefined
        ? `${context.origin}: Tags is not a JSON object, the row keeps no tags`
        : undefined,
  };
}
