import { CostExplorerClient } from '@aws-sdk/client-cost-explorer';
import {
  CommitmentInsight,
  CostSourceRequest,
} from '@finops-backstage/plugin-finops-node';
import { errorName } from '../callWithRetry';
import { CostExplorerCalls } from '../commandPages';
import { lastDayBefore, periodOf } from '../periodOf';
import { CommitmentMonth } from './CommitmentMonth';
import { CommitmentOptions } from './CommitmentOptions';
import { commitmentRecommendations } from './CommitmentRecommendations';
import { readReservationCoverage } from './readReservationCoverage';
import { readReservationRecommendations } from './readReservationRecommendations';
import { readReservationUtilization } from './readReservationUtilization';
import { readSavingsPlansCoverage } from './readSavingsPlansCoverage';
import { readSavingsPlansRecommendations } from './readSavingsPlansRecommendations';
import { readSavingsPlansUtilization } from './readSavingsPlansUtilization';

const LOOKBACK_DAYS: Record<string, number> = {
  SEVEN_DAYS: 7,
  THIRTY_DAYS: 30,
  SIXTY_DAYS: 60,
};

/**
 * Reads a month's commitment figures from Cost Explorer:
 * GetReservationCoverage (by instance type and region, and the total), GetReservationUtilization,
 * GetSavingsPlansCoverage and GetSavingsPlansUtilization, MONTHLY over the month; and for the
 * current month, for each term and payment option, GetReservationPurchaseRecommendation (for each
 * configured service) and GetSavingsPlansPurchaseRecommendation (COMPUTE_SP). Every page is read
 * and every request counted. A DataUnavailableException (no reservation or savings plan at all)
 * means no figures for that call.
 */
export async function* readAwsCommitmentInsights(options: {
  client: CostExplorerClient;
  request: CostSourceRequest;
  now: Date;
  options: CommitmentOptions;
  send: <T>(
    operation: string,
    call: (abortSignal?: AbortSignal) => Promise<T>,
  ) => Promise<T>;
}): AsyncIterable<CommitmentInsight> {
  const { client, request, now, send } = options;
  const config = options.options;
  if (!config.enabled) {
    return;
  }
  const period = periodOf(request.month, now);
  if (!period) {
    return;
  }
  const calls: CostExplorerCalls = {
    client,
    // Undefined when Cost Explorer has no such data (no commitments at all).
    send: async (operation, call) => {
      try {
        return await send(operation, call);
      } catch (error) {
        const cause = (error as { cause?: unknown }).cause;
        if (errorName(cause) === 'DataUnavailableException') {
          return undefined;
        }
        throw error;
      }
    },
  };

  const month: CommitmentMonth = {
    ...calls,
    query: { TimePeriod: period, Granularity: 'MONTHLY' },
    period: { periodStart: period.Start, periodEnd: lastDayBefore(period.End) },
  };
  yield* readReservationCoverage(month);
  yield* readReservationUtilization(month);
  yield* readSavingsPlansCoverage(month);
  yield* readSavingsPlansUtilization(month);

  // Purchase recommendations: only for the current month, over the lookback before today.
  if (request.month !== now.toISOString().slice(0, 7)) {
    return;
  }
  const lookbackDays = LOOKBACK_DAYS[config.lookback] ?? 60;
  const today = new Date(`${now.toISOString().slice(0, 10)}T00:00:00Z`);
  const lookback = {
    days: config.lookback,
    periodStart: new Date(today.getTime() - lookbackDays * 86_400_000)
      .toISOString()
      .slice(0, 10),
    periodEnd: lastDayBefore(today.toISOString().slice(0, 10)),
  };
  for (const term of config.terms) {
    for (const paymentOption of config.paymentOptions) {
      const recommendations = commitmentRecommendations(
        calls,
        lookback,
        term,
        paymentOption,
      );
      for (const service of config.reservationServices) {
        yield* readReservationRecommendations(recommendations, service);
      }
      yield* readSavingsPlansRecommendations(recommendations);
    }
  }
}
