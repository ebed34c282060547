import { Budget, BudgetAlert } from '@finops-backstage/plugin-finops-common';
import { AuditRecord } from '../audit/AuditRecord';

/** A budget to write, validated at the edge and resolved (view id, owner). */
export interface BudgetInput
  extends Pick<
    Budget,
    | 'name'
    | 'scopeType'
    | 'scopeRef'
    | 'ownerRef'
    | 'period'
    | 'amount'
    | 'currency'
    | 'thresholds'
    | 'alertOnForecast'
  > {
  viewId: number;
}

/** A budget with the id of its pricing view, as the status and alerts need it. */
export interface StoredBudget extends Budget {
  viewId: number;
}

/** What of a budget can be changed. */
export type BudgetChanges = Partial<
  Pick<
    BudgetInput,
    | 'name'
    | 'period'
    | 'amount'
    | 'currency'
    | 'viewId'
    | 'thresholds'
    | 'alertOnForecast'
  >
>;

/** A threshold of a budget crossed in a period. */
export interface BudgetAlertInput extends Omit<BudgetAlert, 'id' | 'at'> {
  runId?: number;
  recipients: string[];
}

/** An anomaly of an entity on a day. */
export interface AnomalyAlertInput {
  entityRef: string;
  ownerRef?: string;
  day: string;
  expected: string;
  actual: string;
  runId?: number;
}

/** Budgets and their alerts; every change is audited in its transaction; deletes are soft. */
export interface BudgetStore {
  /** The live budgets, oldest first; a page of them with `limit` and `offset`. */
  list(filter?: {
    scopeRef?: string;
    limit?: number;
    offset?: number;
  }): Promise<StoredBudget[]>;
  /** A live budget, or a 404. */
  get(id: string): Promise<StoredBudget>;
  create(input: BudgetInput, actorRef: string): Promise<StoredBudget>;
  update(
    id: string,
    changes: BudgetChanges,
    actorRef: string,
  ): Promise<StoredBudget>;
  delete(id: string, actorRef: string): Promise<void>;
  /** A budget's audit trail, newest first. */
  listAudit(id: string, limit?: number): Promise<AuditRecord[]>;
  /**
   * Records that a threshold was crossed in a period; false when it was already recorded (the
   * unique index `budget_alert_once_uq` decides, so concurrent or repeated runs cannot both win).
   */
  recordAlert(alert: BudgetAlertInput): Promise<boolean>;
  listAlerts(budgetId: string, limit?: number): Promise<BudgetAlert[]>;
  /** Records an anomaly of an entity on a day; false when it was already notified. */
  recordAnomalyAlert(alert: AnomalyAlertInput): Promise<boolean>;
}
