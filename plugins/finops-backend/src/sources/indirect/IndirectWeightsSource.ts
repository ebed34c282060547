import {
  CostSource,
  CostSourceDomain,
  CostSourceRequest,
  CostSourceRow,
  createFinopsClock,
} from '@finops-backstage/plugin-finops-node';
import { parse } from 'csv-parse';
import Decimal from 'decimal.js';
import fs from 'node:fs';

/** Configuration of one INDIRECT domain. */
export interface IndirectWeightsOptions {
  domainKey: string;
  domainName: string;
  methodKey: string;
  label: string;
  /** The amount distributed each month. */
  monthlyAmount: string;
  currency: string;
  /** CSV of weights (columns `month,entity_ref,weight`); without it, `catalogEntityRefs` each weigh 1. */
  file?: string;
  catalogEntityRefs: () => Promise<string[]>;
  backfillMonths: number;
  now?: () => Date;
}

const WEIGHT = /^\d+(\.\d+)?$/;

/**
 * Weights of an INDIRECT domain per application and month, from a CSV file or derived from the
 * catalog. The batch normalises them, so a month's coefficients sum to 1; the month's amount is
 * spread over the rows as their billed amounts, so the actual unit price is that amount.
 */
export class IndirectWeightsSource implements CostSource {
  readonly key: string;
  readonly backfillMonths: number;
  readonly domains: CostSourceDomain[];

  private readonly now: () => Date;

  constructor(private readonly options: IndirectWeightsOptions) {
    this.now = options.now ?? createFinopsClock();
    this.key = `indirect:${options.domainKey}`;
    this.backfillMonths = options.backfillMonths;
    this.domains = [
      {
        key: options.domainKey,
        name: options.domainName,
        mode: 'INDIRECT',
        indirectMethodKey: options.methodKey,
        indirectLabel: options.label,
      },
    ];
  }

  async *readMonth({ month }: CostSourceRequest): AsyncIterable<CostSourceRow> {
    const now = this.now();
    if (`${month}-01` > now.toISOString().slice(0, 10)) {
      return;
    }
    const rows = this.options.file
      ? await this.readFile(month)
      : (await this.options.catalogEntityRefs()).map((entityRef, index) => ({
          entityRef,
          weight: '1',
          origin: `catalog:${entityRef}#${index + 1}`,
        }));
    const shares = this.spread(rows.map(row => row.weight));
    const product = {
      key: `indirect:${this.options.domainKey}`,
      name: this.options.domainName,
      unit: 'coefficient',
      provider: 'internal',
      service: this.options.domainName,
      familyKey: `indirect:${this.options.domainKey}`,
    };
    for (const [index, row] of rows.entries()) {
      yield {
        day: `${month}-01`,
        domainKey: this.options.domainKey,
        product,
        tags: {},
        entityRef: row.entityRef,
        quantity: row.weight,
        billedAmount: shares[index],
        currency: this.options.currency,
        consumptionMetric: this.options.methodKey.toUpperCase(),
        origin: row.origin,
      };
    }
  }

  /** The month's amount over the rows in proportion to their weights; exact in total. */
  private spread(
    weights: Array<string | undefined>,
  ): Array<string | undefined> {
    const valid = weights.map(weight =>
      weight && WEIGHT.test(weight) ? new Decimal(weight) : undefined,
    );
    const total = valid.reduce(
      (sum: Decimal, weight) => (weight ? sum.plus(weight) : sum),
      new Decimal(0),
    );
    const amount = new Decimal(this.options.monthlyAmount);
    const lastValid = valid
      .map(weight => weight !== undefined)
      .lastIndexOf(true);
    let given = new Decimal(0);
    return valid.map((weight, index) => {
      if (!weight || total.isZero()) {
        return undefined;
      }
      const share =
        index === lastValid
          ? amount.minus(given)
          : amount.times(weight).dividedBy(total).toDecimalPlaces(10);
      given = given.plus(share);
      return share.toFixed();
    });
  }

  private async readFile(
    month: string,
  ): Promise<Array<{ entityRef: string; weight: string; origin: string }>> {
    const file = this.options.file!;
    const parser = fs.createReadStream(file, { encoding: 'utf8' }).pipe(
      parse({
        columns: header =>
          header.map((name: string) => name.trim().toLowerCase()),
        bom: true,
        trim: true,
        skip_empty_lines: true,
        relax_column_count: true,
        info: true,
      }),
    );
    const rows: Array<{ entityRef: string; weight: string; origin: string }> =
      [];
    for await (const { record, info } of parser as AsyncIterable<{
      record: Record<string, string | undefined>;
      info: { lines: number };
    }>) {
      if (record.month === month) {
        rows.push({
          entityRef: record.entity_ref ?? '',
          weight: record.weight ?? '',
          origin: `${file}:${info.lines}`,
        });
      }
    }
    return rows;
  }
}
