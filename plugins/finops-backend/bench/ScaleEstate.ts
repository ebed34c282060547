/*
 * A large, deterministic estate for the scale benchmark: a catalog of groups and components, and
 * a cost source that yields their daily consumption. Same parameters, same rows, every time.
 */
import { Entity } from '@backstage/catalog-model';
import {
  CostSource,
  CostSourceDomain,
  CostSourceProduct,
  CostSourceRequest,
  CostSourceRow,
} from '@finops-backstage/plugin-finops-node';

export interface ScaleOptions {
  /** Months of history, ending with the month before `lastMonth`'s successor. */
  months: number;
  /** The newest month loaded, `YYYY-MM`. */
  lastMonth: string;
  applications: number;
  /** Parent groups ("divisions"), each with `teamsPerDivision` child teams that own components. */
  divisions: number;
  teamsPerDivision: number;
  products: number;
  /** Products each application consumes every day. */
  productsPerApplication: number;
}

export const FULL_SIZE: Omit<ScaleOptions, 'lastMonth'> = {
  months: 24,
  applications: 1000,
  divisions: 10,
  teamsPerDivision: 9,
  products: 500,
  productsPerApplication: 14,
};

const FAMILIES = ['compute', 'storage', 'network', 'serverless', 'analytics'];
const SERVICES = ['AmazonEC2', 'AmazonS3', 'AWSDataTransfer', 'AWSLambda'];
const REGIONS = ['us-east-1', 'eu-west-1', 'eu-central-1', 'ap-south-1'];
const UNITS = ['Hrs', 'GB-Mo', 'GB', 'Requests', 'vCPU-Hours'];

/** A small deterministic integer hash. */
function hash(...values: number[]): number {
  let h = 2166136261;
  for (const value of values) {
    h ^= value;
    h = Math.imul(h, 16777619) >>> 0;
  }
  return h;
}

/** An integer count of micro-units as an exact decimal string. */
function micro(value: number, places = 6): string {
  const scale = 10 ** places;
  const whole = Math.floor(value / scale);
  const fraction = String(value % scale).padStart(places, '0');
  return `${whole}.${fraction}`;
}

export function monthsBack(last: string, count: number): string[] {
  const [year, month] = last.split('-').map(Number);
  return Array.from({ length: count }, (_, index) => {
    const date = new Date(Date.UTC(year, month - count + index, 1));
    return date.toISOString().slice(0, 7);
  });
}

function daysOf(month: string): string[] {
  const [year, m] = month.split('-').map(Number);
  const count = new Date(Date.UTC(year, m, 0)).getUTCDate();
  return Array.from(
    { length: count },
    (_, i) => `${month}-${String(i + 1).padStart(2, '0')}`,
  );
}

export const componentName = (index: number) =>
  `app-${String(index).padStart(4, '0')}`;
export const divisionName = (index: number) =>
  `division-${String(index).padStart(2, '0')}`;
const teamName = (division: number, team: number) =>
  `team-${String(division).padStart(2, '0')}-${team}`;

/** The catalog: divisions → teams → components, as entities the catalog accepts. */
export function scaleCatalog(options: ScaleOptions): Entity[] {
  const entities: Entity[] = [];
  const teams: string[] = [];
  for (let d = 0; d < options.divisions; d += 1) {
    const children: string[] = [];
    for (let t = 0; t < options.teamsPerDivision; t += 1) {
      children.push(teamName(d, t));
      teams.push(teamName(d, t));
      entities.push({
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Group',
        metadata: { name: teamName(d, t) },
        spec: { type: 'team', parent: divisionName(d), children: [] },
      });
    }
    entities.push({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Group',
      metadata: { name: divisionName(d) },
      spec: { type: 'division', children },
    });
  }
  // Components go division by division, so each division owns applications / divisions of them.
  const perDivision = Math.ceil(options.applications / options.divisions);
  for (let a = 0; a < options.applications; a += 1) {
    const division = Math.floor(a / perDivision);
    const team = teamName(division, a % options.teamsPerDivision);
    entities.push({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: { name: componentName(a) },
      spec: { type: 'service', lifecycle: 'production', owner: team },
    });
  }
  return entities;
}

interface Product extends CostSourceProduct {
  domainKey: string;
  /** Unit price in micro-dollars per unit. */
  priceMicro: number;
}

/** The products: most in CLOUD, a fifth in DATABASE. */
export function scaleProducts(count: number): Product[] {
  return Array.from({ length: count }, (_, index) => {
    const database = index >= Math.floor(count * 0.8);
    const family = database ? 'database' : FAMILIES[index % FAMILIES.length];
    return {
      key: `bench:${database ? 'db' : 'cloud'}:${index}`,
      name: `${family} product ${index}`,
      unit: UNITS[index % UNITS.length],
      provider: 'aws',
      service: database ? 'AmazonRDS' : SERVICES[index % SERVICES.length],
      region: REGIONS[index % REGIONS.length],
      familyKey: family,
      domainKey: database ? 'DATABASE' : 'CLOUD',
      priceMicro: 1_000 + (hash(index) % 500_000),
    };
  });
}

/**
 * The estate's consumption: every application, every day, a fixed set of products with a weekly
 * rhythm and growth; plus an INDIRECT domain of shared tooling distributed by weights.
 */
export class ScaleSource implements CostSource {
  readonly key = 'bench';
  readonly domains: CostSourceDomain[] = [
    { key: 'CLOUD', name: 'Cloud', mode: 'DIRECT' },
    { key: 'DATABASE', name: 'Databases', mode: 'DIRECT' },
    {
      key: 'SHARED_TOOLING',
      name: 'Shared tooling',
      mode: 'INDIRECT',
      indirectMethodKey: 'headcount',
      indirectLabel: 'Split by headcount',
    },
  ];
  private readonly products: Product[];
  private readonly months: string[];
  /**
   * The delivery's revision: each step changes every DIRECT quantity of every month (a month
   * restated whole), the INDIRECT weights staying as they are.
   */
  revision = 0;

  constructor(private readonly options: ScaleOptions) {
    this.products = scaleProducts(options.products);
    this.months = monthsBack(options.lastMonth, options.months);
  }

  get backfillMonths() {
    return this.options.months;
  }

  /** Rows a month yields. */
  rowsIn(month: string): number {
    return (
      daysOf(month).length *
        this.options.applications *
        this.options.productsPerApplication +
      this.options.applications
    );
  }

  async *readMonth({ month }: CostSourceRequest): AsyncIterable<CostSourceRow> {
    const monthIndex = this.months.indexOf(month);
    if (monthIndex < 0) {
      return;
    }
    const { applications, productsPerApplication } = this.options;
    const products = this.products;
    // +1.5 % a month, in thousandths, and a thousandth more per revision.
    const growth = 1000 + monthIndex * 15 + this.revision;
    const account = { key: '123456789012', name: 'bench-payer' };
    const tagsOf = Array.from({ length: applications }, (_, a) => ({
      app: componentName(a),
    }));
    for (const day of daysOf(month)) {
      const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
      const rhythm = weekday === 0 || weekday === 6 ? 700 : 1000;
      for (let a = 0; a < applications; a += 1) {
        for (let k = 0; k < productsPerApplication; k += 1) {
          const p = (a * 7 + k * 37) % products.length;
          const product = products[p];
          // Quantity in micro-units; billed = quantity × price exactly (both integers ≤ 2^53).
          const base = 1_000_000 + (hash(a, k) % 50_000_000);
          const quantity = Math.floor((base * rhythm * growth) / 1_000_000);
          const billed = quantity * product.priceMicro;
          yield {
            day,
            domainKey: product.domainKey,
            product,
            account,
            tags: tagsOf[a],
            quantity: micro(quantity),
            billedAmount: micro(billed, 12),
            currency: 'USD',
          };
        }
      }
    }
    // Shared tooling: 50 000 USD a month over weights 1..5 per application, the last row
    // carrying what the others' rounding leaves, so the month's amount is exact.
    const weights = Array.from(
      { length: applications },
      (_, a) => 1 + (hash(a, 99) % 5),
    );
    const total = weights.reduce((sum, weight) => sum + weight, 0);
    const amountCents = 5_000_000;
    let given = 0;
    for (let a = 0; a < applications; a += 1) {
      const share =
        a === applications - 1
          ? amountCents - given
          : Math.floor((amountCents * weights[a]) / total);
      given += share;
      yield {
        day: `${month}-01`,
        domainKey: 'SHARED_TOOLING',
        product: {
          key: 'indirect:SHARED_TOOLING',
          name: 'Shared tooling',
          unit: 'coefficient',
          provider: 'internal',
          service: 'Shared tooling',
          familyKey: 'indirect:SHARED_TOOLING',
        },
        tags: {},
        entityRef: `component:default/${componentName(a)}`,
        quantity: String(weights[a]),
        billedAmount: micro(share, 2),
        currency: 'USD',
        consumptionMetric: 'HEADCOUNT',
      };
    }
  }
}
