import { CostSourceRow } from '@finops-backstage/plugin-finops-node';
import { AwsAccount } from './readAccounts';
import { chargeCategoryOf } from './chargeCategoryOf';
import { Figures, isZero } from './Figures';
import { productFamily } from './productFamily';
import { TagDay } from './readTagSplit';
import { ServiceUsage } from './readUsage';
import { splitByTagValue } from './splitByTagValue';

/** One (service, usage type) figure of an account and day, and what it is split by. */
export interface UsageOfDay {
  /** Key of the source: the start of every row's origin. */
  sourceKey: string;
  domainKey: string;
  account: AwsAccount;
  day: string;
  estimated: boolean;
  usage: ServiceUsage;
  /** The tag keys in order, and for each the [USAGE_TYPE, TAG] figures by day. */
  tagKeys: string[];
  tagDays: Array<Map<string, TagDay>>;
}

/** Splits one (service, usage type) figure over the tag values, key after key, and yields its rows. */
export function* usageRows(options: UsageOfDay): Iterable<CostSourceRow> {
  const { sourceKey, domainKey, account, day, estimated, usage } = options;
  const familyKey = productFamily(usage.service, usage.usageType);
  const product = {
    key: `aws:${usage.service}:${usage.usageType}`,
    name: `${usage.service}: ${usage.usageType}`,
    unit: usage.unit,
    provider: 'aws',
    service: usage.service,
    familyKey,
    attributes: { usageType: usage.usageType },
  };
  for (const { tags, figures } of tagParts(options)) {
    if (isZero(figures)) {
      continue;
    }
    const tagText = Object.entries(tags)
      .map(([key, value]) => `${key}=${value}`)
      .join(',');
    yield {
      day,
      domainKey,
      product,
      account: { key: account.id, name: account.name },
      tags,
      // A negative quantity (a refund of usage) cannot price a unit: its amount is metered as money.
      quantity: figures.quantity.isNegative()
        ? '0'
        : figures.quantity.toFixed(),
      billedAmount: figures.billed.toFixed(),
      amortizedAmount: figures.amortized.toFixed(),
      currency: usage.currency,
      estimated,
      chargeCategory: chargeCategoryOf(familyKey, figures),
      pricingCategory: /SpotUsage/.test(usage.usageType)
        ? 'Dynamic'
        : undefined,
      origin: `${sourceKey}:${account.id}:${day}:${usage.service}:${usage.usageType}:${tagText}`,
    };
  }
}

/** The parts of the usage by tag values: what a key leaves untagged is split by the next key. */
function tagParts({
  day,
  usage,
  tagKeys,
  tagDays,
}: UsageOfDay): Array<{ tags: Record<string, string>; figures: Figures }> {
  const parts: Array<{ tags: Record<string, string>; figures: Figures }> = [];
  const split = (
    figures: Figures,
    depth: number,
    tags: Record<string, string>,
  ) => {
    if (depth === tagKeys.length) {
      parts.push({ tags, figures });
      return;
    }
    const tagKey = tagKeys[depth];
    for (const [value, part] of splitByTagValue(
      figures,
      tagDays[depth].get(day)?.get(usage.usageType),
    )) {
      if (value === '') {
        split(part, depth + 1, { ...tags, [tagKey]: '' });
      } else {
        parts.push({ tags: { ...tags, [tagKey]: value }, figures: part });
      }
    }
  };
  split(usage, 0, {});
  return parts;
}
