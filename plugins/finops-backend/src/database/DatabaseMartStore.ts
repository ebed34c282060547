import { DatabaseService } from '@backstage/backend-plugin-api';
import {
  migrationsDir,
  migrationsTableName,
} from '@internal/finops-migrations';
import { EntityCostStatus } from '@internal/plugin-finops-common';
import { Knex } from 'knex';
import { MartStatus, MartStore } from './MartStore';

/** Brings the mart's schema up to date. */
export async function migrateMart(knex: Knex): Promise<void> {
  await knex.migrate.latest({
    directory: migrationsDir,
    tableName: migrationsTableName,
  });
}

/** {@link MartStore} on PostgreSQL. */
export class DatabaseMartStore implements MartStore {
  static async create(options: {
    database: DatabaseService;
  }): Promise<DatabaseMartStore> {
    const knex = await options.database.getClient();
    const client = String(knex.client.config.client);
    if (client !== 'pg' && client !== 'postgresql') {
      throw new Error(
        `The FinOps plugin needs PostgreSQL, but its database client is '${client}'. ` +
          'Configure backend.database with client pg.',
      );
    }
    if (!options.database.migrations?.skip) {
      await migrateMart(knex);
    }
    return new DatabaseMartStore(knex);
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
    const row = await this.knex('mv_quantity_monthly as q')
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
}
