import {
  TAG_COMPLIANCE_DIMENSIONS,
  TagComplianceDimension,
} from '@finops-backstage/plugin-finops-common';
import { Knex } from 'knex';
import { resolvedPrices } from '../../pricing/operations/resolvedPrices';
import { TagComplianceQuery } from '../TagComplianceStore';

/** One row of the report's query; which fields are set depends on `part`. */
export interface PartRow {
  part:
    | 'month'
    | 'tag'
    | 'slice'
    | 'slice_tag'
    | 'resource'
    | 'count'
    | 'unpriced'
    | 'set_apart';
  month: string | null;
  dim: string | null;
  key: string | null;
  label: string | null;
  tag: string | null;
  cost: string | null;
  compliant: string | null;
  unallocated: string | null;
  extra: any;
}

/**
 * Every figure of the report in one statement, so the month's rows are priced once: a row per
 * part (month, tag, slice, resource, …), `tags` lower-cased.
 */
export async function readComplianceParts(
  knex: Knex,
  query: TagComplianceQuery,
  from: string,
  tags: string[],
): Promise<PartRow[]> {
  // tagged_lines: the DIRECT cost lines of the months, priced, with their dimensions, the lower-cased keys
  // their resource carries with a non-blank value ('{}' when the row names no resource), and
  // whether they are set apart (credits, refunds); priced: the lines judged.
  const month = `to_char(period_month, 'YYYY-MM')`;
  const cols = (part: string, fields: Partial<Record<keyof PartRow, string>>) =>
    `SELECT '${part}'::text AS part, ${[
      'month',
      'dim',
      'key',
      'label',
      'tag',
      'cost',
      'compliant',
      'unallocated',
    ]
      .map(
        name =>
          `CAST(${fields[name as keyof PartRow] ?? 'NULL'} AS text) AS ${name}`,
      )
      .join(', ')}, ${fields.extra ?? 'NULL'}::jsonb AS extra`;
  const dims: Record<TagComplianceDimension, [string, string]> = {
    cloud: ['provider', 'provider'],
    account: [
      `coalesce(account_key, 'none')`,
      `coalesce(account_name, 'No account')`,
    ],
    service: [`provider || ':' || service`, 'service'],
    region: ['region', 'region'],
  };
  const sliceParts = TAG_COMPLIANCE_DIMENSIONS.flatMap(dim => {
    const [key, label] = dims[dim];
    return [
      `${cols('slice', {
        dim: `'${dim}'`,
        key,
        label: `min(${label})`,
        cost: 'sum(cost)',
        compliant: 'sum(cost) FILTER (WHERE compliant)',
      })} FROM cur GROUP BY ${key}`,
      `${cols('slice_tag', {
        dim: `'${dim}'`,
        key,
        tag: 't.tag',
        cost: 'sum(cost)',
      })} FROM cur CROSS JOIN unnest(CAST(:tags AS text[])) AS t(tag)
        WHERE t.tag = ANY(keys) GROUP BY ${key}, t.tag`,
    ];
  });
  const parts = [
    `${cols('month', {
      month,
      cost: 'sum(cost)',
      compliant: 'sum(cost) FILTER (WHERE compliant)',
      unallocated: 'sum(cost) FILTER (WHERE unallocated)',
      extra: `jsonb_build_object('withoutResource',
        coalesce(sum(cost) FILTER (WHERE resource_id IS NULL), 0)::text)`,
    })} FROM priced GROUP BY period_month`,
    `${cols('set_apart', {
      key: 'set_apart',
      cost: 'sum(cost)',
      extra: `jsonb_build_object('lines', count(*))`,
    })} FROM tagged_lines WHERE unit_price IS NOT NULL AND set_apart IS NOT NULL
      AND period_month = :month GROUP BY set_apart`,
    `${cols('tag', {
      month,
      tag: 't.tag',
      cost: 'sum(cost)',
    })} FROM priced CROSS JOIN unnest(CAST(:tags AS text[])) AS t(tag)
      WHERE t.tag = ANY(keys) GROUP BY period_month, t.tag`,
    ...sliceParts,
    `${cols('unpriced', {
      month,
      key: 'product_key',
      label: 'product_name',
      cost: 'sum(quantity)',
      extra: `jsonb_build_object('unit', unit)`,
    })} FROM tagged_lines WHERE unit_price IS NULL AND period_month = :month
      GROUP BY period_month, product_key, product_name, unit`,
    `${cols('resource', {
      cost: 'entry_cost',
      key: 'entry',
      extra: `jsonb_build_object('resourceKey', resource_key, 'name', resource_name,
        'provider', provider, 'accountKey', account_key, 'service', service,
        'region', region, 'tags', tags)`,
    })} FROM (SELECT * FROM entries WHERE rn = 1
               ORDER BY entry_cost DESC, entry LIMIT :limit) top`,
    `${cols('count', {
      cost: 'count(*)',
    })} FROM entries WHERE rn = 1`,
  ];
  const { rows } = await knex.raw(
    `WITH direct_quantities AS (
       SELECT f.period_month, f.source_key, f.domain_id, f.product_id, f.account_id,
              f.resource_id, coalesce(f.charge_category, 'Usage') AS charge_category,
              sum(f.quantity) AS quantity
         FROM fact_consumption f
         JOIN dim_domain d ON d.domain_id = f.domain_id
        WHERE f.period_month BETWEEN :from AND :month AND d.domain_mode = 'DIRECT'
        GROUP BY 1, 2, 3, 4, 5, 6, 7
     ),
     ${resolvedPrices()},
     tagged_lines AS (
       SELECT q.period_month, q.quantity, pr.unit_price, q.quantity * pr.unit_price AS cost,
              CASE WHEN q.charge_category = 'Credit' THEN 'credit'
                   WHEN q.quantity * pr.unit_price < 0 THEN 'refund' END AS set_apart,
              p.product_key, p.name AS product_name, p.unit, p.provider, p.service,
              coalesce(p.region, 'global') AS region, a.account_key,
              coalesce(a.name, a.account_key) AS account_name,
              q.resource_id, r.resource_key, r.name AS resource_name,
              coalesce(t.tags, '{}'::jsonb) AS tags,
              coalesce(ARRAY(SELECT DISTINCT lower(e.key) FROM jsonb_each_text(t.tags) e
                              WHERE btrim(coalesce(e.value, '')) <> ''), '{}') AS keys
         FROM direct_quantities q
         JOIN dim_product p ON p.product_id = q.product_id
         LEFT JOIN prices pr ON pr.product_id = q.product_id AND pr.period_month = q.period_month
         LEFT JOIN dim_account a ON a.account_id = q.account_id
         LEFT JOIN dim_resource r ON r.resource_id = q.resource_id
         LEFT JOIN resource_tag_month t
                ON t.period_month = q.period_month AND t.source_key = q.source_key
               AND t.domain_id = q.domain_id AND t.resource_id = q.resource_id
     ),
     priced AS (
       SELECT tagged_lines.*, CAST(:tags AS text[]) <@ keys AS compliant,
              NOT (CAST(:tags AS text[]) && keys) AS unallocated
         FROM tagged_lines WHERE unit_price IS NOT NULL AND set_apart IS NULL
     ),
     cur AS (SELECT * FROM priced WHERE period_month = :month),
     -- Non-compliant cost by resource, or by provider, account, service and region where it
     -- names no resource; a resource is shown with the dimensions of its costliest line.
     lines AS (
       SELECT coalesce('r:' || resource_id,
                       concat_ws('|', 'n', provider, account_key, service, region)) AS entry,
              resource_key, resource_name, provider, account_key, service, region, tags,
              sum(cost) AS cost
         FROM cur WHERE NOT compliant
        GROUP BY 1, 2, 3, 4, 5, 6, 7, 8
     ),
     entries AS (
       SELECT l.*, sum(cost) OVER (PARTITION BY entry) AS entry_cost,
              row_number() OVER (PARTITION BY entry ORDER BY cost DESC, service, region) AS rn
         FROM lines l
     )
     ${parts.join('\nUNION ALL\n')}`,
    {
      from: `${from}-01`,
      month: `${query.month}-01`,
      viewId: query.viewId,
      tags,
      limit: query.limit,
    },
  );
  return rows;
}
