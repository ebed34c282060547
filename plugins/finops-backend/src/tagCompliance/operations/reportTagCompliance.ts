import {
  NonCompliantResource,
  percentOf,
  shiftMonth,
  TAG_COMPLIANCE_DIMENSIONS,
  TagComplianceDimension,
  TagComplianceReport,
  TagComplianceSetApart,
  TagComplianceSlice,
  TagCoverage,
  toCents,
  UnpricedQuantity,
} from '@finops-backstage/plugin-finops-common';
import Decimal from 'decimal.js';
import { Knex } from 'knex';
import { TagComplianceQuery } from '../TagComplianceStore';
import { PartRow, readComplianceParts } from './readComplianceParts';

/** Whether tags carry a key, matched case-insensitively, with a value that is not blank. */
function carries(tags: Record<string, unknown>, tag: string): boolean {
  const wanted = tag.toLocaleLowerCase('en-US');
  return Object.entries(tags).some(
    ([key, value]) =>
      key.toLocaleLowerCase('en-US') === wanted &&
      value !== null &&
      String(value).trim() !== '',
  );
}

/** The tag compliance report of a month against the mandatory tags (see `TagComplianceStore`). */
export async function reportTagCompliance(
  knex: Knex,
  mandatoryTags: string[],
  query: TagComplianceQuery,
): Promise<TagComplianceReport> {
  const mandatory = mandatoryTags;
  const lower = mandatory.map(tag => tag.toLocaleLowerCase('en-US'));
  const from = shiftMonth(query.month, -(query.trendMonths - 1));
  const rows = await readComplianceParts(knex, query, from, lower);

  const of = (part: PartRow['part']) => rows.filter(row => row.part === part);
  const byCost = (a: PartRow, b: PartRow) =>
    new Decimal(b.cost ?? 0).comparedTo(a.cost ?? 0) ||
    String(a.key).localeCompare(String(b.key));
  const coverage = (total: Decimal.Value, tagged: PartRow[]): TagCoverage[] =>
    mandatory.map((tag, i) => {
      const cost = tagged.find(row => row.tag === lower[i])?.cost ?? '0';
      return {
        tag,
        taggedCost: toCents(cost),
        percent: percentOf(cost, total, 2),
      };
    });

  const months = of('month');
  const tagRows = of('tag');
  const trend = Array.from({ length: query.trendMonths }, (_, i) => {
    const month = shiftMonth(from, i);
    const row = months.find(m => m.month === month);
    const total = row?.cost ?? '0';
    return {
      month,
      total: toCents(total),
      compliant: row?.compliant ?? '0',
      compliantPercent: percentOf(row?.compliant ?? '0', total, 2),
      unallocatedCost: toCents(row?.unallocated ?? '0'),
      unallocated: row?.unallocated ?? '0',
      tags: coverage(
        total,
        tagRows.filter(t => t.month === month),
      ),
    };
  });
  const current = trend[trend.length - 1];
  const currentMonth = months.find(m => m.month === query.month);
  const exactTotal = currentMonth?.cost ?? '0';
  const setApartRows = of('set_apart');
  const setApart = (['credit', 'refund'] as const)
    .map(kind => setApartRows.find(row => row.key === kind))
    .filter((row): row is PartRow => row !== undefined)
    .map(
      (row): TagComplianceSetApart => ({
        kind: row.key as TagComplianceSetApart['kind'],
        cost: toCents(row.cost ?? '0'),
        lines: Number(row.extra.lines),
      }),
    );
  const netCost = setApartRows.reduce(
    (sum, row) => sum.plus(row.cost ?? 0),
    new Decimal(exactTotal),
  );

  const sliceTags = of('slice_tag');
  const by = Object.fromEntries(
    TAG_COMPLIANCE_DIMENSIONS.map(dim => [
      dim,
      of('slice')
        .filter(row => row.dim === dim)
        .sort(byCost)
        .slice(0, query.limit)
        .map(
          (row): TagComplianceSlice => ({
            key: row.key!,
            label: row.label ?? row.key!,
            cost: toCents(row.cost ?? '0'),
            compliantPercent: percentOf(
              row.compliant ?? '0',
              row.cost ?? '0',
              2,
            ),
            tags: coverage(
              row.cost ?? '0',
              sliceTags.filter(t => t.dim === dim && t.key === row.key),
            ),
          }),
        ),
    ]),
  ) as Record<TagComplianceDimension, TagComplianceSlice[]>;

  const resources = of('resource')
    .sort(byCost)
    .map((row): NonCompliantResource => {
      const tags: Record<string, string> = {};
      for (const [key, value] of Object.entries(row.extra.tags ?? {})) {
        tags[key] = value === null ? '' : String(value);
      }
      return {
        ...(row.extra.resourceKey
          ? { resourceKey: row.extra.resourceKey }
          : {}),
        ...(row.extra.name ? { name: row.extra.name } : {}),
        provider: row.extra.provider,
        ...(row.extra.accountKey ? { accountKey: row.extra.accountKey } : {}),
        service: row.extra.service,
        ...(row.extra.region ? { region: row.extra.region } : {}),
        cost: toCents(row.cost ?? '0'),
        missing: mandatory.filter(tag => !carries(tags, tag)),
        tags,
      };
    });

  return {
    month: query.month,
    view: { key: query.view.key, name: query.view.name },
    currency: query.view.currency,
    mandatoryTags: [...mandatory],
    total: current.total,
    compliantCost: toCents(current.compliant),
    compliantPercent: current.compliantPercent,
    unallocatedCost: current.unallocatedCost,
    unallocatedPercent: percentOf(current.unallocated, exactTotal, 2),
    withoutResourceCost: toCents(currentMonth?.extra?.withoutResource ?? '0'),
    setApart,
    netCost: toCents(netCost.toFixed()),
    tags: current.tags,
    by,
    resources,
    resourceCount: Number(of('count')[0]?.cost ?? 0),
    trend: trend.map(({ compliant: _c, unallocated: _u, ...month }) => month),
    unpriced: of('unpriced').map(
      (row): UnpricedQuantity => ({
        productKey: row.key!,
        name: row.label!,
        unit: row.extra.unit,
        month: row.month!,
        quantity: row.cost!,
      }),
    ),
  };
}
