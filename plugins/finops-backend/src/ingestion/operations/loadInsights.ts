import { LoggerService } from '@backstage/backend-plugin-api';
import { CostSource } from '@finops-backstage/plugin-finops-node';
import { Knex } from 'knex';
import type { LoadOutcome } from './loadSourceMonth';
import type { RunLoad } from './runLedger';
import { storeCommitmentInsights } from './storeCommitmentInsights';

/** The provider's commitment figures for a month, with their own ledger row. */
export async function loadInsights(
  knex: Knex,
  logger: LoggerService,
  runId: number,
  source: CostSource,
  month: string,
): Promise<RunLoad> {
  let requests = 0;
  let outcome: LoadOutcome;
  try {
    const { stored, rejected } = await storeCommitmentInsights({
      knex,
      runId,
      source,
      month,
      countRequest: () => {
        requests += 1;
      },
    });
    outcome = {
      status: 'succeeded',
      rowsRead: stored + rejected,
      rowsLoaded: stored,
      rowsRejected: rejected,
      detail: `commitment figures: ${stored} stored, ${rejected} rejected`,
    };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    logger.warn(
      `Commitment figures of ${source.key} ${month} failed: ${message}`,
    );
    outcome = {
      status: 'failed',
      rowsRead: 0,
      rowsLoaded: 0,
      rowsRejected: 0,
      detail: `commitment figures: ${message}; the previous figures are kept`,
    };
  }
  await knex('ingestion_load').insert({
    run_id: runId,
    source_key: source.key,
    domain_key: null,
    period_month: `${month}-01`,
    status: outcome.status,
    rows_read: outcome.rowsRead,
    rows_loaded: outcome.rowsLoaded,
    rows_rejected: outcome.rowsRejected,
    requests,
    detail: outcome.detail,
    finished_at: knex.fn.now(),
  });
  return { ...outcome, sourceKey: source.key, month };
}
