import {
  BusinessMetricSourceStatus,
  BusinessMetricSummary,
} from '@finops-backstage/plugin-finops-common';
import { Knex } from 'knex';
import { BusinessMetricStore } from './BusinessMetricStore';
import { CheckedMetricValue, MetricsRefusedError } from './checkMetricValues';

/** Serialises the loads of metric sources across replicas (transaction-level advisory lock). */
const LOAD_LOCK = "hashtext('finops.business-metrics')";

/** {@link BusinessMetricStore} in PostgreSQL: values are `numeric`, sums are SQL sums. */
export class DatabaseBusinessMetricStore implements BusinessMetricStore {
  private constructor(private readonly knex: Knex) {}

  static create(options: { knex: Knex }): DatabaseBusinessMetricStore {
    return new DatabaseBusinessMetricStore(options.knex);
  }

  async replaceSource(
    sourceKey: string,
    values: CheckedMetricValue[],
  ): Promise<void> {
    await this.knex.transaction(async trx => {
      await trx.raw(`SELECT pg_advisory_xact_lock(${LOAD_LOCK})`);
      await trx('business_metric_value').where({ source_key: sourceKey }).del();
      const { rows: conflicts } = await trx.raw(
        `WITH v AS (
           SELECT * FROM jsonb_to_recordset(CAST(:values AS jsonb))
               AS v(entity_ref text, metric_key text, unit text, period_month date, origin text)
         )
         SELECT v.origin, v.entity_ref, v.metric_key, to_char(v.period_month, 'YYYY-MM') AS month,
                v.unit, b.unit AS other_unit, b.source_key
           FROM v
           JOIN business_metric_value b
             ON b.entity_ref = v.entity_ref AND b.metric_key = v.metric_key
            AND (b.period_month = v.period_month OR b.unit <> v.unit)
          ORDER BY v.origin
          LIMIT 1`,
        {
          values: JSON.stringify(
            values.map(value => ({
              entity_ref: value.entityRef,
              metric_key: value.metric,
              unit: value.unit,
              period_month: `${value.month}-01`,
              origin: value.origin,
            })),
          ),
        },
      );
      if (conflicts.length > 0) {
        const [conflict] = conflicts;
        throw new MetricsRefusedError(
          `Business metrics of source '${sourceKey}' refused: ${
            conflict.origin
          }: ${
            conflict.unit !== conflict.other_unit
              ? `${conflict.metric_key} of ${conflict.entity_ref} is counted in '${conflict.other_unit}' by source '${conflict.source_key}', not '${conflict.unit}'`
              : `${conflict.metric_key} of ${conflict.entity_ref} for ${conflict.month} is given by source '${conflict.source_key}' already`
          }`,
        );
      }
      if (values.length > 0) {
        await trx.batchInsert(
          'business_metric_value',
          values.map(value => ({
            source_key: sourceKey,
            entity_ref: value.entityRef,
            metric_key: value.metric,
            unit: value.unit,
            grain: value.grain,
            period_month: `${value.month}-01`,
            period_start: value.start,
            value: value.value,
          })),
          1000,
        );
      }
      await trx.raw(
        `INSERT INTO business_metric_source
           (source_key, status, attempted_at, loaded_at, value_count, message)
         VALUES (?, 'succeeded', now(), now(), ?, NULL)
         ON CONFLICT (source_key) DO UPDATE
           SET status = excluded.status, attempted_at = excluded.attempted_at,
               loaded_at = excluded.loaded_at, value_count = excluded.value_count,
               message = NULL`,
        [sourceKey, values.length],
      );
    });
  }

  async recordRefusal(sourceKey: string, message: string): Promise<void> {
    await this.knex.raw(
      `INSERT INTO business_metric_source (source_key, status, attempted_at, value_count, message)
       VALUES (?, 'refused', now(), 0, ?)
       ON CONFLICT (source_key) DO UPDATE
         SET status = 'refused', attempted_at = now(), message = excluded.message`,
      [sourceKey, message.slice(0, 2000)],
    );
  }

  async removeSourcesExcept(sourceKeys: string[]): Promise<string[]> {
    return this.knex.transaction(async trx => {
      await trx.raw(`SELECT pg_advisory_xact_lock(${LOAD_LOCK})`);
      const { rows } = await trx.raw(
        `SELECT source_key FROM business_metric_source WHERE NOT (source_key = ANY(?))
         UNION SELECT DISTINCT source_key FROM business_metric_value WHERE NOT (source_key = ANY(?))`,
        [sourceKeys, sourceKeys],
      );
      const removed = (rows as Array<{ source_key: string }>).map(
        row => row.source_key,
      );
      if (removed.length > 0) {
        await trx('business_metric_value').whereIn('source_key', removed).del();
        await trx('business_metric_source')
          .whereIn('source_key', removed)
          .del();
      }
      return removed.sort();
    });
  }

  async listMetrics(entityRef?: string): Promise<BusinessMetricSummary[]> {
    const { rows } = await this.knex.raw(
      `SELECT entity_ref, metric_key, min(unit) AS unit, min(source_key) AS source,
              to_char(min(period_month), 'YYYY-MM') AS first_period,
              to_char(max(period_month), 'YYYY-MM') AS last_period,
              bool_or(grain = 'day') AS daily
         FROM business_metric_value
        WHERE CAST(:entityRef AS text) IS NULL OR entity_ref = :entityRef
        GROUP BY entity_ref, metric_key
        ORDER BY entity_ref, metric_key`,
      { entityRef: entityRef ?? null },
    );
    return rows.map((row: Record<string, any>) => ({
      entityRef: row.entity_ref,
      metric: row.metric_key,
      unit: row.unit,
      source: row.source,
      firstPeriod: row.first_period,
      lastPeriod: row.last_period,
      daily: row.daily,
    }));
  }

  async sourceStatuses(): Promise<BusinessMetricSourceStatus[]> {
    const rows = await this.knex('business_metric_source').orderBy(
      'source_key',
    );
    return rows.map((row: Record<string, any>) => ({
      source: row.source_key,
      status: row.status,
      attemptedAt: new Date(row.attempted_at).toISOString(),
      ...(row.loaded_at
        ? { loadedAt: new Date(row.loaded_at).toISOString() }
        : {}),
      values: row.value_count,
      ...(row.message ? { message: row.message } : {}),
    }));
  }

  async monthlyValues(
    entityRef: string,
    metric: string,
    from: string,
    to: string,
  ): Promise<{ unit: string; values: Map<string, string> } | undefined> {
    const { rows } = await this.knex.raw(
      `SELECT m.unit, to_char(v.period_month, 'YYYY-MM') AS month, sum(v.value)::text AS value
         FROM (SELECT min(unit) AS unit FROM business_metric_value
                WHERE entity_ref = :entityRef AND metric_key = :metric) m
         LEFT JOIN business_metric_value v
           ON v.entity_ref = :entityRef AND v.metric_key = :metric
          AND v.period_month BETWEEN :from AND :to
        WHERE m.unit IS NOT NULL
        GROUP BY m.unit, v.period_month
        ORDER BY v.period_month`,
      { entityRef, metric, from: `${from}-01`, to: `${to}-01` },
    );
    if (rows.length === 0) return undefined;
    const values = new Map<string, string>();
    for (const row of rows as Array<{ month: string | null; value: string }>) {
      if (row.month) values.set(row.month, row.value);
    }
    return { unit: rows[0].unit, values };
  }
}
