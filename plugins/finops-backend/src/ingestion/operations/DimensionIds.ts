import {
  CostSourceCommitment,
  CostSourceDomain,
  CostSourceProduct,
} from '@finops-backstage/plugin-finops-node';
import { DomainMode } from '@finops-backstage/plugin-finops-common';
import { Knex } from 'knex';

/**
 * Resolves dimension keys to ids, inserting what is new. Products keep their history: a product
 * whose name, unit, family or region changes gets a new version from that month on, so past
 * months still show the product as it was.
 */
export class DimensionIds {
  private readonly domains = new Map<
    string,
    { id: number; mode: DomainMode }
  >();
  private readonly families = new Map<string, number>();
  private readonly products = new Map<string, number>();
  private readonly accounts = new Map<string, number>();
  private readonly resources = new Map<string, number>();
  private readonly commitments = new Map<string, number>();

  /** The product versions of a month read ahead by {@link prefetchProducts}, per key and month. */
  private readonly versions = new Map<string, Record<string, unknown>>();
  private readonly prefetched = new Set<string>();

  constructor(private readonly knex: Knex) {}

  /**
   * Reads in one statement the version of the month of every product whose key starts with
   * `prefix` (a source's products): checking each product the month's rows name is then a lookup,
   * not a statement per product. Only what is read here is trusted without the product's lock
   * when unchanged; anything new or changed still goes through {@link product}'s transaction.
   */
  async prefetchProducts(prefix: string, month: string): Promise<void> {
    const monthStart = `${month}-01`;
    const rows = await this.knex('dim_product')
      .whereRaw('left(product_key, length(?)) = ?', [prefix, prefix])
      .andWhere('valid_from', '<=', monthStart)
      .andWhere(q =>
        q.whereNull('valid_to').orWhere('valid_to', '>=', monthStart),
      )
      .select();
    for (const row of rows) {
      this.versions.set(`${row.product_key}\u0000${month}`, row);
    }
    this.prefetched.add(`${prefix}\u0000${month}`);
  }

  /**
   * The ids already resolved, without a promise: the batch asks for them once per row (millions),
   * and an `await` per lookup costs more than the lookup. Undefined: ask the async method.
   */
  readonly known = {
    domain: (key: string) => this.domains.get(key),
    family: (key: string) => this.families.get(key),
    product: (key: string, month: string) =>
      this.products.get(`${key}\u0000${month}`),
    account: (provider: string, key: string) =>
      this.accounts.get(`${provider}\u0000${key}`),
    resource: (provider: string, key: string) =>
      this.resources.get(`${provider}\u0000${key}`),
    commitment: (provider: string, id: string) =>
      this.commitments.get(`${provider}\u0000${id}`),
  };

  async domain(
    key: string,
    declared?: CostSourceDomain,
  ): Promise<{ id: number; mode: DomainMode }> {
    const cached = this.domains.get(key);
    if (cached) {
      return cached;
    }
    await this.knex('dim_domain')
      .insert({
        domain_key: key,
        name: declared?.name ?? key,
        domain_mode: declared?.mode ?? 'DIRECT',
        indirect_method_key: declared?.indirectMethodKey ?? null,
        indirect_label: declared?.indirectLabel ?? null,
      })
      .onConflict('domain_key')
      .ignore();
    const row = await this.knex('dim_domain')
      .where({ domain_key: key })
      .first('domain_id', 'domain_mode');
    const value = {
      id: row.domain_id as number,
      mode: row.domain_mode as DomainMode,
    };
    this.domains.set(key, value);
    return value;
  }

  async family(key: string, domainId: number): Promise<number> {
    const cached = this.families.get(key);
    if (cached !== undefined) {
      return cached;
    }
    await this.knex('dim_family')
      .insert({ family_key: key, name: key, domain_id: domainId })
      .onConflict('family_key')
      .ignore();
    const row = await this.knex('dim_family')
      .where({ family_key: key })
      .first('family_id');
    this.families.set(key, row.family_id);
    return row.family_id;
  }

  async product(
    product: CostSourceProduct,
    familyId: number,
    month: string,
  ): Promise<number> {
    const monthStart = `${month}-01`;
    const cacheKey = `${product.key}\u0000${month}`;
    const cached = this.products.get(cacheKey);
    if (cached !== undefined) {
      return cached;
    }
    const wanted = {
      family_id: familyId,
      name: product.name,
      unit: product.unit,
      provider: product.provider,
      service: product.service,
      region: product.region ?? null,
      attributes: product.attributes ?? {},
    };
    const currentOf = (db: Knex) =>
      db('dim_product')
        .where({ product_key: product.key })
        .andWhere('valid_from', '<=', monthStart)
        .andWhere(q =>
          q.whereNull('valid_to').orWhere('valid_to', '>=', monthStart),
        )
        .first();
    // The common case, a product whose version of the month is as wanted, in one read: a new or
    // changed version takes the product's lock, and reads again under it.
    const ahead = [...this.prefetched].some(entry => {
      const [prefix, of] = entry.split('\u0000');
      return of === month && product.key.startsWith(prefix);
    });
    const seen = ahead
      ? this.versions.get(cacheKey)
      : await currentOf(this.knex);
    if (seen && sameVersion(seen, wanted)) {
      this.products.set(cacheKey, seen.product_id as number);
      return seen.product_id as number;
    }
    const id = await this.knex.transaction(async tx => {
      await tx.raw('SELECT pg_advisory_xact_lock(hashtextextended(?, 7))', [
        product.key,
      ]);
      const current = await currentOf(tx);
      if (current && sameVersion(current, wanted)) {
        return current.product_id as number;
      }
      if (current && toDay(current.valid_from) === monthStart) {
        await tx('dim_product')
          .where({ product_id: current.product_id })
          .update(wanted);
        return current.product_id as number;
      }
      let validTo: string | null = null;
      if (current) {
        validTo = current.valid_to ? toDay(current.valid_to) : null;
        await tx('dim_product')
          .where({ product_id: current.product_id })
          .update({ valid_to: tx.raw(`(?::date - 1)`, [monthStart]) });
      } else {
        const next = await tx('dim_product')
          .where({ product_key: product.key })
          .andWhere('valid_from', '>', monthStart)
          .orderBy('valid_from')
          .first('valid_from');
        validTo = next ? previousDay(toDay(next.valid_from)) : null;
      }
      const [row] = await tx('dim_product')
        .insert({
          ...wanted,
          product_key: product.key,
          valid_from: monthStart,
          valid_to: validTo,
        })
        .returning('product_id');
      return row.product_id as number;
    });
    this.products.set(cacheKey, id);
    return id;
  }

  async account(provider: string, key: string, name?: string): Promise<number> {
    const cacheKey = `${provider}\u0000${key}`;
    const cached = this.accounts.get(cacheKey);
    if (cached !== undefined) {
      return cached;
    }
    const [row] = await this.knex('dim_account')
      .insert({ provider, account_key: key, name: name ?? key })
      .onConflict(['provider', 'account_key'])
      .merge(name ? { name } : ['name'])
      .returning('account_id');
    this.accounts.set(cacheKey, row.account_id);
    return row.account_id;
  }

  async resource(
    provider: string,
    key: string,
    name?: string,
  ): Promise<number> {
    const cacheKey = `${provider}\u0000${key}`;
    const cached = this.resources.get(cacheKey);
    if (cached !== undefined) {
      return cached;
    }
    const [row] = await this.knex('dim_resource')
      .insert({ provider, resource_key: key, name: name ?? null })
      .onConflict(['provider', 'resource_key'])
      .merge(['name'])
      .returning('resource_id');
    this.resources.set(cacheKey, Number(row.resource_id));
    return Number(row.resource_id);
  }

  async commitment(
    provider: string,
    commitment: CostSourceCommitment,
  ): Promise<number> {
    const cacheKey = `${provider}\u0000${commitment.id}`;
    const cached = this.commitments.get(cacheKey);
    if (cached !== undefined) {
      return cached;
    }
    const [row] = await this.knex('dim_commitment')
      .insert({
        provider,
        commitment_key: commitment.id,
        name: commitment.name ?? null,
        commitment_type: commitment.type ?? null,
        category: commitment.category ?? null,
      })
      .onConflict(['provider', 'commitment_key'])
      .merge(['name', 'commitment_type', 'category'])
      .returning('commitment_id');
    this.commitments.set(cacheKey, row.commitment_id);
    return row.commitment_id;
  }
}

function toDay(value: Date | string): string {
  if (typeof value === 'string') {
    return value.slice(0, 10);
  }
  const local = new Date(value.getTime() - value.getTimezoneOffset() * 60_000);
  return local.toISOString().slice(0, 10);
}

function previousDay(day: string): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() - 1);
  return date.toISOString().slice(0, 10);
}

function sameVersion(
  row: Record<string, unknown>,
  wanted: {
    family_id: number;
    name: string;
    unit: string;
    service: string;
    region: string | null;
  },
): boolean {
  return (
    row.family_id === wanted.family_id &&
    row.name === wanted.name &&
    row.unit === wanted.unit &&
    row.service === wanted.service &&
    (row.region ?? null) === wanted.region
  );
}
