import { migrationsTableName } from '@finops-backstage/finops-migrations';
import {
  EntityCostStatus,
  IngestionRunSummary,
} from '@finops-backstage/plugin-finops-common';
import { Knex } from 'knex';
import { MartStatus, RejectedReason, RunStore } from './RunStore';

/** {@link RunStore} on PostgreSQL. */
export class DatabaseRunStore implements RunStore {
  static create(options: { knex: Knex }): DatabaseRunStore {
    return new DatabaseRunStore(options.knex);
  }

  private constructor(private readonly knex: Knex) {}

  async getStatus(): Promise<MartStatus> {
    const [migration, data, run] = await Promise.all([
      this.knex(migrationsTableName)
        .select('name')
        .orderBy('id', 'desc')
        .first(),
      this.knex.raw(
        'SELECT EXISTS (SELECT 1 FROM fact_consumption) AS has_data',
      ),
      this.knex('ingestion_run').max({ finished_at: 'finished_at' }).first(),
    ]);
    return {
      schemaVersion: String(migration?.name ?? 'none').replace(/\.js$/, ''),
      hasData: Boolean(data.rows[0].has_data),
      lastIngestionAt: run?.finished_at ? new Date(run.finished_at) : undefined,
    };
  }

  async getEntityStatus(entityRef: string): Promise<EntityCostStatus> {
    const row = await this.knex('agg_quantity_monthly as q')
      .join('dim_application as a', 'a.application_id', 'q.application_id')
      .whereNull('a.deleted_at')
      .andWhere(inner =>
        inner
          .where('a.entity_ref', entityRef)
          .orWhere('a.owner_ref', entityRef),
      )
      .select(
        this.knex.raw('count(DISTINCT q.period_month)::int AS months'),
        this.knex.raw(`to_char(min(q.period_month), 'YYYY-MM') AS first_month`),
        this.knex.raw(`to_char(max(q.period_month), 'YYYY-MM') AS last_month`),
      )
      .first();
    return {
      entityRef,
      monthsWithData: row?.months ?? 0,
      firstMonth: row?.first_month ?? undefined,
      lastMonth: row?.last_month ?? undefined,
    };
  }

  async listRuns(
    limit: number,
    runId?: number,
  ): Promise<IngestionRunSummary[]> {
    const query = this.knex('ingestion_run as r');
    if (runId !== undefined) {
      query.where('r.run_id', runId);
    }
    const rows = await query
      .leftJoin('ingestion_load as l', 'l.run_id', 'r.run_id')
      .groupBy('r.run_id')
      .orderBy('r.run_id', 'desc')
      .limit(limit)
      .select(
        'r.run_id',
        'r.trigger',
        'r.requested_by',
        'r.status',
        'r.force',
        'r.error',
        'r.note',
        'r.started_at',
        'r.finished_at',
        this.knex.raw('count(l.load_id)::int AS loads'),
        this.knex.raw('coalesce(sum(l.rows_read), 0)::text AS rows_read'),
        this.knex.raw('coalesce(sum(l.rows_loaded), 0)::text AS rows_loaded'),
        this.knex.raw(
          'coalesce(sum(l.rows_rejected), 0)::text AS rows_rejected',
        ),
        this.knex.raw('coalesce(sum(l.requests), 0)::int AS requests'),
      );
    return rows.map(row => ({
      runId: Number(row.run_id),
      trigger: row.trigger,
      requestedBy: row.requested_by ?? undefined,
      status: row.status,
      force: row.force,
      error: row.error ?? undefined,
      note: row.note ?? undefined,
      startedAt: new Date(row.started_at).toISOString(),
      finishedAt: row.finished_at
        ? new Date(row.finished_at).toISOString()
        : undefined,
      loads: row.loads,
      rowsRead: Number(row.rows_read),
      rowsLoaded: Number(row.rows_loaded),
      rowsRejected: Number(row.rows_rejected),
      requests: row.requests,
    }));
  }

  async getRun(
    runId: number,
    limit: number,
    offset: number,
    options: { rawRows?: boolean } = {},
  ) {
    const [summary] = await this.listRuns(1, runId);
    if (!summary) {
      return undefined;
    }
    const loads = await this.knex('ingestion_load')
      .where({ run_id: runId })
      .orderBy('load_id')
      .select(
        'source_key as sourceKey',
        'domain_key as domainKey',
        this.knex.raw(`to_char(period_month, 'YYYY-MM') AS month`),
        'status',
        this.knex.raw('rows_read::int AS "rowsRead"'),
        this.knex.raw('rows_loaded::int AS "rowsLoaded"'),
        this.knex.raw('rows_rejected::int AS "rowsRejected"'),
        'checksum',
        'is_final as isFinal',
        this.knex.raw('billed_total::text AS "billedTotal"'),
        this.knex.raw('priced_total::text AS "pricedTotal"'),
        'requests',
        'detail',
      );
    // The kind of a reason is its text up to the first colon: no value of the row in it.
    const kinds = await this.knex('ingestion_rejected_row')
      .where({ run_id: runId })
      .groupBy('source_key', 'domain_key', 'period_month', 'kind')
      .orderBy([
        'source_key',
        'domain_key',
        'period_month',
        { column: 'rows', order: 'desc' },
        'kind',
      ])
      .select(
        'source_key',
        'domain_key',
        this.knex.raw(`to_char(period_month, 'YYYY-MM') AS month`),
        this.knex.raw(`split_part(reason, ':', 1) AS kind`),
        this.knex.raw('count(*)::int AS rows'),
      );
    const rejectedReasons: RejectedReason[] = kinds.map(row => ({
      sourceKey: row.source_key,
      domainKey: row.domain_key ?? undefined,
      month: row.month,
      reason: row.kind,
      rows: row.rows,
    }));
    const rejected =
      options.rawRows === false
        ? []
        : await this.knex('ingestion_rejected_row')
            .where({ run_id: runId })
            .orderBy('rejected_id')
            .limit(limit)
            .offset(offset)
            .select(
              'source_key as sourceKey',
              'domain_key as domainKey',
              this.knex.raw(`to_char(period_month, 'YYYY-MM') AS month`),
              'line',
              'reason',
              'raw',
            );
    return { ...summary, ledger: loads, rejectedReasons, rejected };
  }
}
