import { ProviderCommitmentFigure } from '@finops-backstage/plugin-finops-common';
import { Knex } from 'knex';
import { ProviderFiguresQuery } from '../CommitmentStore';
import { insightDetailsOf } from '../insightDetails';

/** The providers' own figures (coverage, utilisation, recommendations) of the months. */
export async function readProviderFigures(
  knex: Knex,
  query: ProviderFiguresQuery,
): Promise<ProviderCommitmentFigure[]> {
  const rows = await knex('commitment_insight as i')
    .whereBetween('i.period_month', [`${query.from}-01`, `${query.to}-01`])
    .whereIn('i.kind', query.kinds)
    .orderBy(['i.period_start', 'i.kind', 'i.insight_id'])
    .limit(1000)
    .select(
      'i.*',
      knex.raw(`to_char(i.period_start, 'YYYY-MM-DD') AS start`),
      knex.raw(`to_char(i.period_end, 'YYYY-MM-DD') AS end`),
      knex.raw(
        `(SELECT coalesce(json_object_agg(name, value::text), '{}') FROM commitment_insight_figure f
           WHERE f.insight_id = i.insight_id) AS figures`,
      ),
    );
  return rows.map(row => ({
    sourceKey: row.source_key,
    kind: row.kind,
    commitmentType: row.commitment_type,
    periodStart: row.start,
    periodEnd: row.end,
    ...insightDetailsOf(row),
    figures: row.figures,
  }));
}
