import { NotFoundError } from '@backstage/errors';
import { BudgetAlert } from '@finops-backstage/plugin-finops-common';
import { Knex } from 'knex';
import { readAudit, writeAudit } from '../audit/operations/audit';
import {
  AnomalyAlertInput,
  BudgetAlertInput,
  BudgetChanges,
  BudgetInput,
  BudgetStore,
  StoredBudget,
} from './BudgetStore';
import { publicBudget } from './publicBudget';
import { normalizeEntityRef } from './scopeOwner';

const COLUMNS = ['b.*', 'v.view_key'];

function toBudget(row: Record<string, any>): StoredBudget {
  return {
    id: String(row.budget_id),
    name: row.name,
    scopeType: row.scope_type,
    scopeRef: row.scope_ref ?? undefined,
    ownerRef: row.owner_ref ?? undefined,
    period: row.period,
    amount: row.amount,
    currency: row.currency,
    view: row.view_key,
    viewId: row.pricing_view_id,
    thresholds: (row.thresholds as string[]).map(String),
    alertOnForecast: row.alert_on_forecast,
    createdBy: row.created_by,
    createdAt: new Date(row.created_at).toISOString(),
    updatedAt: new Date(row.updated_at).toISOString(),
  };
}

function sortedThresholds(thresholds: string[]): string[] {
  return [...new Set(thresholds)].sort((a, b) => Number(a) - Number(b));
}

/** Budgets and their alerts; every change is audited in its transaction; deletes are soft. */
export class DatabaseBudgetStore implements BudgetStore {
  private constructor(private readonly knex: Knex) {}

  static create(options: { knex: Knex }): DatabaseBudgetStore {
    return new DatabaseBudgetStore(options.knex);
  }

  private budgets(db: Knex | Knex.Transaction = this.knex) {
    return db('budget as b')
      .join('pricing_view as v', 'v.pricing_view_id', 'b.pricing_view_id')
      .whereNull('b.deleted_at');
  }

  /** The live budgets, oldest first; a page of them with `limit` and `offset`. */
  async list(
    filter: { scopeRef?: string; limit?: number; offset?: number } = {},
  ): Promise<StoredBudget[]> {
    const query = this.budgets().orderBy('b.budget_id').select(COLUMNS);
    if (filter.limit !== undefined) {
      query.limit(filter.limit).offset(filter.offset ?? 0);
    }
    if (filter.scopeRef) {
      query.where({
        'b.scope_type': 'entity',
        'b.scope_ref': normalizeEntityRef(filter.scopeRef),
      });
    }
    return (await query).map(toBudget);
  }

  async get(id: string) {
    return this.getIn(this.knex, id);
  }

  private async getIn(db: Knex | Knex.Transaction, id: string) {
    const row = await this.budgets(db).where('b.budget_id', id).first(COLUMNS);
    if (!row) throw new NotFoundError(`No budget ${id}`);
    return toBudget(row);
  }

  async create(input: BudgetInput, actorRef: string): Promise<StoredBudget> {
    return this.knex.transaction(async tx => {
      const [{ budget_id: id }] = await tx('budget')
        .insert({
          name: input.name,
          scope_type: input.scopeType,
          // Whoever calls, an entity scope is stored as the catalog spells refs.
          scope_ref:
            input.scopeType === 'entity' && input.scopeRef !== undefined
              ? normalizeEntityRef(input.scopeRef)
              : input.scopeRef ?? null,
          owner_ref: input.ownerRef ?? null,
          period: input.period,
          amount: input.amount,
          currency: input.currency,
          pricing_view_id: input.viewId,
          thresholds: sortedThresholds(input.thresholds),
          alert_on_forecast: input.alertOnForecast,
          created_by: actorRef,
        })
        .returning('budget_id');
      const budget = await this.getIn(tx, String(id));
      await writeAudit(tx, {
        eventId: 'budget-create',
        actorRef,
        subjectType: 'budget',
        subjectId: budget.id,
        after: publicBudget(budget),
      });
      return budget;
    });
  }

  async update(
    id: string,
    changes: BudgetChanges,
    actorRef: string,
  ): Promise<StoredBudget> {
    return this.knex.transaction(async tx => {
      await tx('budget')
        .where({ budget_id: id })
        .whereNull('deleted_at')
        .forUpdate()
        .first('budget_id');
      const before = await this.getIn(tx, id);
      const row: Record<string, unknown> = { updated_at: tx.fn.now() };
      if (changes.name !== undefined) row.name = changes.name;
      if (changes.period !== undefined) row.period = changes.period;
      if (changes.amount !== undefined) row.amount = changes.amount;
      if (changes.currency !== undefined) row.currency = changes.currency;
      if (changes.viewId !== undefined) row.pricing_view_id = changes.viewId;
      if (changes.thresholds !== undefined)
        row.thresholds = sortedThresholds(changes.thresholds);
      if (changes.alertOnForecast !== undefined)
        row.alert_on_forecast = changes.alertOnForecast;
      await tx('budget').where({ budget_id: id }).update(row);
      const after = await this.getIn(tx, id);
      await writeAudit(tx, {
        eventId: 'budget-update',
        actorRef,
        subjectType: 'budget',
        subjectId: id,
        before: publicBudget(before),
        after: publicBudget(after),
      });
      return after;
    });
  }

  async delete(id: string, actorRef: string): Promise<void> {
    await this.knex.transaction(async tx => {
      const before = await this.getIn(tx, id);
      await tx('budget')
        .where({ budget_id: id })
        .update({ deleted_at: tx.fn.now() });
      await writeAudit(tx, {
        eventId: 'budget-delete',
        actorRef,
        subjectType: 'budget',
        subjectId: id,
        before: publicBudget(before),
      });
    });
  }

  async listAudit(id: string, limit = 50) {
    return readAudit(this.knex, 'budget', id, limit);
  }

  /**
   * Records that a threshold was crossed in a period; false when it was already recorded (the
   * unique index `budget_alert_once_uq` decides, so concurrent or repeated runs cannot both win).
   */
  async recordAlert(alert: BudgetAlertInput): Promise<boolean> {
    const { rows } = await this.knex.raw(
      `INSERT INTO budget_alert (budget_id, period_start, kind, threshold, actual, forecast, amount, run_id, recipients)
       VALUES (:budgetId, :periodStart, :kind, :threshold, :actual, :forecast, :amount, :runId, :recipients)
       ON CONFLICT (budget_id, period_start, kind, threshold) DO NOTHING
       RETURNING budget_alert_id`,
      {
        ...alert,
        forecast: alert.forecast ?? null,
        runId: alert.runId ?? null,
        recipients: alert.recipients.join(','),
      },
    );
    return rows.length > 0;
  }

  async listAlerts(budgetId: string, limit = 100): Promise<BudgetAlert[]> {
    const rows = await this.knex('budget_alert')
      .where({ budget_id: budgetId })
      .orderBy('budget_alert_id', 'desc')
      .limit(limit);
    return rows.map(row => ({
      id: String(row.budget_alert_id),
      budgetId: String(row.budget_id),
      periodStart: toDay(row.period_start),
      kind: row.kind,
      threshold: String(row.threshold),
      actual: row.actual,
      forecast: row.forecast ?? undefined,
      amount: row.amount,
      at: new Date(row.created_at).toISOString(),
    }));
  }

  /** Records an anomaly of an entity on a day; false when it was already notified. */
  async recordAnomalyAlert(alert: AnomalyAlertInput): Promise<boolean> {
    const { rows } = await this.knex.raw(
      `INSERT INTO anomaly_alert (entity_ref, owner_ref, day, expected, actual, run_id)
       VALUES (:entityRef, :ownerRef, :day, :expected, :actual, :runId)
       ON CONFLICT (entity_ref, day) DO NOTHING RETURNING anomaly_alert_id`,
      {
        ...alert,
        ownerRef: alert.ownerRef ?? null,
        runId: alert.runId ?? null,
      },
    );
    return rows.length > 0;
  }
}

/** A `date` column as `YYYY-MM-DD`, whatever the driver's time zone. */
function toDay(value: Date | string): string {
  if (typeof value === 'string') return value.slice(0, 10);
  const local = new Date(value.getTime() - value.getTimezoneOffset() * 60_000);
  return local.toISOString().slice(0, 10);
}
