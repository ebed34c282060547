/*
 * The questions asked of the backend under load: the entity, group, overview and comparison
 * requests of the Cost tab and the FinOps page, and the variants the answer cache cannot have seen.
 */
import { stringifyEntityRef } from '@backstage/catalog-model';
import { Knex } from 'knex';
import { ScaleOptions, componentName, divisionName } from './ScaleEstate';

/** The components of a division: the group question. */
export const componentsPerDivision = (options: ScaleOptions) =>
  Math.ceil(options.applications / options.divisions);

/** The application ids of components by index (the first division's are 0 … perDivision − 1). */
export function applicationIdsOf(
  knex: Knex,
  indexes: number[],
): Promise<number[]> {
  return knex('dim_application')
    .whereIn(
      'entity_ref',
      indexes.map(index => `component:default/${componentName(index)}`),
    )
    .pluck('application_id');
}

/** The indexes of the first division's components: the group of the group questions. */
export const firstDivision = (options: ScaleOptions) =>
  Array.from({ length: componentsPerDivision(options) }, (_, i) => i);

/** The entity ref of division `index`. */
export const divisionRef = (index: number) =>
  stringifyEntityRef({
    kind: 'group',
    namespace: 'default',
    name: divisionName(index),
  });

/** The path of a GET /costs request with these query parameters, in this order. */
export const costsPath = (query: Record<string, string>) =>
  `/api/finops/costs?${new URLSearchParams(query)}`;

export interface Endpoint {
  name: string;
  /** The path of the next request: the same each time, or the next of a list of variants. */
  path: () => string;
}

function hashText(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i += 1) {
    h = Math.imul(h ^ text.charCodeAt(i), 16777619) >>> 0;
  }
  return h;
}

/** The URLs in a fixed shuffled order: by the hash of `prefix` and each one's index. */
const shuffled = (urls: string[], prefix: string) =>
  urls
    .map((url, index) => ({ url, order: hashText(`${prefix}${index}`) }))
    .sort((a, b) => a.order - b.order)
    .map(({ url }) => url);

/** Every period of 1 to 12 months of the data, as [from, to]. */
function periodsOf(months: string[]): Array<[string, string]> {
  const periods: Array<[string, string]> = [];
  months.forEach((from, i) => {
    for (
      let length = 1;
      length <= 12 && i + length <= months.length;
      length += 1
    ) {
      periods.push([from, months[i + length - 1]]);
    }
  });
  return periods;
}

/**
 * The periods the uncached questions ask for: every period of 1 to 12 months within the last 12
 * months held. The same 78 at every size of history, so that a step with more history is asked
 * the same mix (every period of all 24 months held would ask for 5.9 months on average against
 * 4.7, and for 12 months five times as often).
 */
function recentPeriods(months: string[]): Array<[string, string]> {
  return periodsOf(months.slice(-12));
}

/**
 * Overview questions that the answer cache cannot have seen: each recent period, in the actual
 * and the what-if view, with and without each cloud, category and account filter (2,496
 * questions, more than a load of 15 s asks), in a fixed shuffled order.
 */
function overviewVariants(months: string[]): string[] {
  const variants: string[] = [];
  for (const [from, to] of recentPeriods(months)) {
    for (const view of [undefined, 'what-if']) {
      for (const cloud of [undefined, 'aws']) {
        for (const category of [undefined, 'compute', 'storage', 'database']) {
          for (const account of [undefined, '123456789012']) {
            const query = new URLSearchParams({ from, to });
            if (view) query.set('view', view);
            if (cloud) query.set('cloud', cloud);
            if (category) query.set('category', category);
            if (account) query.set('account', account);
            variants.push(`/api/finops/overview?${query}`);
          }
        }
      }
    }
  }
  return shuffled(variants, '');
}

/**
 * Group questions that the answer cache cannot have seen: each division, each recent period,
 * each grouping (3,120 questions on the full estate), in a fixed shuffled order.
 */
function groupQuestions(months: string[], options: ScaleOptions): string[] {
  const variants: string[] = [];
  for (const [from, to] of recentPeriods(months)) {
    for (let d = 0; d < options.divisions; d += 1) {
      for (const groupBy of ['domain', 'product', 'family', 'component']) {
        variants.push(
          costsPath({ entityRef: divisionRef(d), from, to, groupBy }),
        );
      }
    }
  }
  return shuffled(variants, 'g');
}

/** The next of `urls` each call, round and round. */
function rotating(urls: string[]): () => string {
  let next = 0;
  return () => {
    const url = urls[next % urls.length];
    next += 1;
    return url;
  };
}

/** The endpoints measured at each size of history, in the order of the report's targets. */
export function scaleEndpoints(
  months: string[],
  options: ScaleOptions,
): Endpoint[] {
  const from = months[Math.max(0, months.length - 12)];
  const to = months[months.length - 1];
  const perDivision = componentsPerDivision(options);
  const component = `component:default/${componentName(7)}`;
  return [
    {
      name: 'entity costs: one component, 12 months by product',
      path: () =>
        costsPath({ entityRef: component, from, to, groupBy: 'product' }),
    },
    {
      name: `group of ${perDivision} components, 12 months`,
      path: () =>
        costsPath({ entityRef: divisionRef(0), from, to, groupBy: 'domain' }),
    },
    {
      name: 'organisation overview, 12 months',
      path: () => `/api/finops/overview?${new URLSearchParams({ from, to })}`,
    },
    {
      name: 'organisation overview, uncached (other periods and filters)',
      path: rotating(overviewVariants(months)),
    },
    {
      name: 'comparison of two views (volume and price effects)',
      path: () =>
        costsPath({
          entityRef: component,
          from,
          to,
          groupBy: 'product',
          compareView: 'what-if',
        }),
    },
    {
      name: `group of ${perDivision} components, uncached (other groups, periods, groupings)`,
      path: rotating(groupQuestions(months, options)),
    },
  ];
}
