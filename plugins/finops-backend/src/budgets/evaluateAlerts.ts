import { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import { parseEntityRef } from '@backstage/catalog-model';
import { NotificationService } from '@backstage/plugin-notifications-node';
import { CostStore } from '../costs/CostStore';
import { findAnomalies } from '../anomalies/findAnomalies';
import { addDays } from '../forecast/dailySeries';
import { PricingStore } from '../pricing/PricingStore';
import { budgetStatus } from './budgetStatus';
import { BudgetStore, StoredBudget } from './BudgetStore';

/** What the alert evaluation needs. */
export interface AlertDeps {
  costs: CostStore;
  budgets: BudgetStore;
  pricing: PricingStore;
  notifications: Pick<NotificationService, 'send'>;
  auth: AuthService;
  logger: LoggerService;
  adminGroups: string[];
  /** Notify an owner of anomalies at least this far from the expected daily cost. */
  anomalyMinAmount: number;
  now?: () => Date;
}

function linkOf(scopeRef?: string): string {
  if (!scopeRef || !scopeRef.includes(':')) return '/finops';
  const { kind, namespace, name } = parseEntityRef(scopeRef);
  return `/catalog/${namespace}/${kind}/${name}/costs`;
}

function scopeLabel(budget: StoredBudget): string {
  return budget.scopeType === 'estate'
    ? 'the whole estate'
    : `${budget.scopeType} ${budget.scopeRef}`;
}

/**
 * After an ingestion run: every threshold crossed for the first time in a period (by the actual
 * cost, or by the forecast when the budget asks) is recorded once (unique index) and, when it was
 * new, sent to the scope's owner and the FinOps admins. A re-run finds the rows and sends nothing.
 */
export async function evaluateBudgetAlerts(
  deps: AlertDeps,
  runId?: number,
): Promise<{ sent: number }> {
  const today = (deps.now?.() ?? new Date()).toISOString().slice(0, 10);
  const credentials = await deps.auth.getOwnServiceCredentials();
  let sent = 0;
  for (const budget of await deps.budgets.list()) {
    try {
      const status = await budgetStatus(deps, budget, today, credentials);
      const recipients = [
        ...new Set([
          ...(budget.ownerRef ? [budget.ownerRef] : []),
          ...deps.adminGroups,
        ]),
      ];
      for (const threshold of status.thresholds) {
        const kinds: Array<'actual' | 'forecast'> = [];
        if (threshold.crossedByActual) kinds.push('actual');
        else if (budget.alertOnForecast && threshold.crossedByForecast)
          kinds.push('forecast');
        for (const kind of kinds) {
          const isNew = await deps.budgets.recordAlert({
            budgetId: budget.id,
            periodStart: status.periodStart,
            kind,
            threshold: threshold.percent,
            actual: status.actual,
            forecast: status.forecast,
            amount: status.amount,
            runId,
            recipients,
          });
          if (!isNew || recipients.length === 0) continue;
          const what =
            kind === 'actual'
              ? `has reached ${threshold.percent} % (${status.actual} of ${status.amount} ${budget.currency})`
              : `is forecast to reach ${threshold.percent} % (${status.forecast} of ${status.amount} ${budget.currency})`;
          await deps.notifications.send({
            recipients: { type: 'entity', entityRef: recipients },
            payload: {
              title: `Budget "${budget.name}" ${what}`,
              description: `Budget of ${scopeLabel(budget)} for the ${
                budget.period
              } from ${status.periodStart}: actual ${status.actual}, forecast ${
                status.forecast
              }, burn ${status.burnRatePerDay} ${budget.currency}/day.`,
              link: linkOf(budget.scopeRef),
              severity:
                kind === 'actual' && Number(threshold.percent) >= 100
                  ? 'high'
                  : 'normal',
              topic: `finops-budget-${budget.id}`,
            },
          });
          sent += 1;
        }
      }
    } catch (error) {
      deps.logger.warn(
        `Budget ${budget.id} not evaluated: ${
          error instanceof Error ? error.message : String(error)
        }`,
      );
    }
  }
  return { sent };
}

/**
 * After an ingestion run: anomalies of the last three days of each component, in the actual view,
 * at least `anomalyMinAmount` from the expected cost, notified once per component and day.
 */
export async function evaluateAnomalyAlerts(
  deps: AlertDeps,
  runId?: number,
): Promise<{ sent: number }> {
  const today = (deps.now?.() ?? new Date()).toISOString().slice(0, 10);
  const credentials = await deps.auth.getOwnServiceCredentials();
  const { id: viewId, view } = await deps.pricing.resolveView('actual');
  let sent = 0;
  for (const component of await deps.costs.listComponents()) {
    try {
      const anomalies = await findAnomalies(
        deps,
        { scopeType: 'entity', scopeRef: component.entityRef },
        viewId,
        addDays(today, -3),
        addDays(today, -1),
        credentials,
        { minAbsolute: deps.anomalyMinAmount },
      );
      for (const anomaly of anomalies) {
        const isNew = await deps.budgets.recordAnomalyAlert({
          entityRef: component.entityRef,
          ownerRef: component.ownerRef,
          day: anomaly.day,
          expected: anomaly.expected,
          actual: anomaly.actual,
          runId,
        });
        const recipients = component.ownerRef ? [component.ownerRef] : [];
        if (!isNew || recipients.length === 0) continue;
        const products = anomaly.products
          .map(p => `${p.label} ${p.difference}`)
          .join(', ');
        await deps.notifications.send({
          recipients: { type: 'entity', entityRef: recipients },
          payload: {
            title: `Cost anomaly on ${component.entityRef} on ${anomaly.day}`,
            description: `${anomaly.actual} ${view.currency} instead of about ${
              anomaly.expected
            }${products ? `; mostly ${products}` : ''}.`,
            link: linkOf(component.entityRef),
            severity: 'normal',
            topic: `finops-anomaly-${component.entityRef}`,
          },
        });
        sent += 1;
      }
    } catch (error) {
      deps.logger.warn(
        `Anomalies of ${component.entityRef} not evaluated: ${
          error instanceof Error ? error.message : String(error)
        }`,
      );
    }
  }
  return { sent };
}
