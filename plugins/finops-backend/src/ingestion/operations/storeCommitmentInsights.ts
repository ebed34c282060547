import {
  CommitmentInsight,
  CostSource,
} from '@finops-backstage/plugin-finops-node';
import { Knex } from 'knex';
import { insightDetailColumns } from '../../commitments/insightDetails';

const DECIMAL = /^-?\d+(\.\d+)?$/;
const DAY = /^\d{4}-\d{2}-\d{2}$/;
const KINDS = ['coverage', 'utilization', 'recommendation'];
const TYPES = ['reservation', 'savings_plan'];

function problem(insight: CommitmentInsight): string | undefined {
  if (!KINDS.includes(insight.kind)) return `unknown kind '${insight.kind}'`;
  if (!TYPES.includes(insight.commitmentType)) {
    return `unknown commitmentType '${insight.commitmentType}'`;
  }
  if (!DAY.test(insight.periodStart) || !DAY.test(insight.periodEnd)) {
    return `bad period ${insight.periodStart}..${insight.periodEnd}`;
  }
  for (const [name, value] of Object.entries(insight.figures ?? {})) {
    if (typeof value !== 'string' || !DECIMAL.test(value)) {
      return `bad number: figures.${name} '${value}'`;
    }
  }
  return undefined;
}

/**
 * Reads a source's commitment figures for a month and replaces what the mart held for that
 * source and month, in one transaction: a failed read leaves the previous figures in place.
 * Figures that do not validate are rejected like rows, with their reason.
 */
export async function storeCommitmentInsights(options: {
  knex: Knex;
  runId: number;
  source: CostSource;
  month: string;
  countRequest: (operation: string) => void;
}): Promise<{ stored: number; rejected: number }> {
  const { knex, runId, source, month } = options;
  if (!source.readCommitmentInsights) {
    return { stored: 0, rejected: 0 };
  }
  const valid: CommitmentInsight[] = [];
  const rejected: Array<Record<string, unknown>> = [];
  let index = 0;
  for await (const insight of source.readCommitmentInsights({
    month,
    countRequest: options.countRequest,
  })) {
    index += 1;
    const reason = problem(insight);
    if (reason) {
      rejected.push({
        run_id: runId,
        source_key: source.key,
        period_month: `${month}-01`,
        domain_key: null,
        line: `commitment insight ${index}`,
        reason,
        raw: JSON.stringify(insight),
      });
    } else {
      valid.push(insight);
    }
  }
  await knex.transaction(async tx => {
    await tx('commitment_insight')
      .where({ source_key: source.key, period_month: `${month}-01` })
      .delete();
    for (const insight of valid) {
      const [{ insight_id: id }] = await tx('commitment_insight')
        .insert({
          source_key: source.key,
          period_month: `${month}-01`,
          run_id: runId,
          kind: insight.kind,
          commitment_type: insight.commitmentType,
          period_start: insight.periodStart,
          period_end: insight.periodEnd,
          ...insightDetailColumns(insight),
          attributes: JSON.stringify(insight.attributes ?? {}),
        })
        .returning('insight_id');
      const figures = Object.entries(insight.figures ?? {}).map(
        ([name, value]) => ({ insight_id: id, name, value }),
      );
      if (figures.length > 0) {
        await tx('commitment_insight_figure').insert(figures);
      }
    }
    if (rejected.length > 0) {
      await tx.batchInsert('ingestion_rejected_row', rejected, 500);
    }
  });
  return { stored: valid.length, rejected: rejected.length };
}
