import { ConflictError, InputError, NotFoundError } from '@backstage/errors';
import {
  PricingRule,
  PricingView,
} from '@finops-backstage/plugin-finops-common';
import { Knex } from 'knex';

/** A rule to add, validated at the edge (`pricingRuleInputSchema`). */
export interface PricingRuleInput {
  product?: string;
  family?: string;
  domain?: string;
  unitPrice?: string;
  multiplier?: string;
  validFrom: string;
  validTo?: string;
}

export const VIEW_COLUMNS = [
  'v.pricing_view_id',
  'v.view_key',
  'v.name',
  'v.description',
  'v.kind',
  'v.currency',
  'v.managed_by',
  'parent.view_key as parent_key',
  'v.created_at',
  'v.updated_at',
];

export function toView(row: Record<string, any>): PricingView {
  return {
    key: row.view_key,
    name: row.name,
    description: row.description,
    kind: row.kind,
    currency: row.currency,
    parent: row.parent_key ?? undefined,
    managed: row.managed_by ? true : undefined,
    createdAt: new Date(row.created_at).toISOString(),
    updatedAt: new Date(row.updated_at).toISOString(),
  };
}

function monthOf(value: Date | string | null): string | undefined {
  if (!value) return undefined;
  const date =
    typeof value === 'string'
      ? new Date(`${value.slice(0, 10)}T00:00:00Z`)
      : value;
  const local = new Date(date.getTime() - date.getTimezoneOffset() * 60_000);
  return (typeof value === 'string' ? value : local.toISOString()).slice(0, 7);
}

/** A rule as the API shows it, from a row of {@link rulesQuery}. */
export function toRule(row: Record<string, any>): PricingRule {
  return {
    id: String(row.pricing_rule_id),
    product: row.product_key ?? undefined,
    family: row.family_key ?? undefined,
    domain: row.domain_key ?? undefined,
    unitPrice: row.unit_price ?? undefined,
    multiplier: row.multiplier ?? undefined,
    validFrom: monthOf(row.valid_from)!,
    validTo: monthOf(row.valid_to),
  };
}

/** The views not deleted, with their parent's key, for {@link toView}. */
export function viewsQuery(db: Knex | Knex.Transaction) {
  return db('pricing_view as v')
    .leftJoin('pricing_view as parent', 'parent.pricing_view_id', 'v.parent_id')
    .whereNull('v.deleted_at');
}

/** Rules with the keys of their targets, for {@link toRule}. */
export function rulesQuery(db: Knex | Knex.Transaction) {
  return db('pricing_rule as r')
    .leftJoin('dim_product as p', 'p.product_id', 'r.product_id')
    .leftJoin('dim_family as f', 'f.family_id', 'r.family_id')
    .leftJoin('dim_domain as d', 'd.domain_id', 'r.domain_id')
    .select('r.*', 'p.product_key', 'f.family_key', 'd.domain_key');
}

/** Locks a view that users may change; 404 when there is none, 409 for the actual view. */
export async function lockEditable(
  tx: Knex.Transaction,
  key: string,
  actualRefusal: string,
) {
  const row = await viewsQuery(tx)
    .where('v.view_key', key)
    .forUpdate('v')
    .first(VIEW_COLUMNS);
  if (!row) throw new NotFoundError(`No pricing view '${key}'`);
  if (row.managed_by) throw new ConflictError(actualRefusal);
  return row;
}

export async function assertFreeKey(tx: Knex.Transaction, key: string) {
  if (
    await tx('pricing_view')
      .where({ view_key: key })
      .whereNull('deleted_at')
      .first('pricing_view_id')
  ) {
    throw new ConflictError(`A pricing view '${key}' exists already`);
  }
}

export async function viewIdOf(
  tx: Knex.Transaction,
  key: string,
): Promise<number> {
  const row = await tx('pricing_view')
    .where({ view_key: key })
    .whereNull('deleted_at')
    .first('pricing_view_id');
  if (!row) throw new InputError(`parent: no pricing view '${key}'`);
  return row.pricing_view_id;
}

/** The rule's target ids; a product key names its current version (history is kept by validity). */
export async function ruleTarget(
  tx: Knex.Transaction,
  rule: PricingRuleInput,
): Promise<
  | { product_id?: number; family_id?: number; domain_id?: number }
  | { reason: string }
> {
  if (rule.product) {
    const row = await tx('dim_product')
      .where({ product_key: rule.product })
      .andWhere('valid_from', '<=', `${rule.validFrom}-01`)
      .orderBy('valid_from', 'desc')
      .first('product_id');
    return row
      ? { product_id: row.product_id }
      : { reason: `unknown product '${rule.product}' in ${rule.validFrom}` };
  }
  if (rule.family) {
    const row = await tx('dim_family')
      .where({ family_key: rule.family })
      .first('family_id');
    return row
      ? { family_id: row.family_id }
      : { reason: `unknown family '${rule.family}'` };
  }
  const row = await tx('dim_domain')
    .where({ domain_key: rule.domain })
    .whereNull('deleted_at')
    .first('domain_id');
  return row
    ? { domain_id: row.domain_id }
    : { reason: `unknown domain '${rule.domain}'` };
}
