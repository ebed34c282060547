import {
  GetReservationUtilizationCommand,
  ReservationAggregates,
} from '@aws-sdk/client-cost-explorer';
import { CommitmentInsight } from '@finops-backstage/plugin-finops-node';
import { commandPages } from '../commandPages';
import { CommitmentMonth } from './CommitmentMonth';
import { figuresOf } from './figuresOf';

/** Reservation utilisation of the month (GetReservationUtilization), from its totals. */
export async function* readReservationUtilization(
  month: CommitmentMonth,
): AsyncIterable<CommitmentInsight> {
  const pages = commandPages(
    month,
    'GetReservationUtilization',
    token =>
      new GetReservationUtilizationCommand({
        ...month.query,
        NextPageToken: token,
      }),
  );
  for await (const page of pages) {
    for (const { Total: total } of page.UtilizationsByTime ?? []) {
      if (total) {
        yield {
          kind: 'utilization',
          commitmentType: 'reservation',
          ...month.period,
          figures: utilizationFigures(total),
        };
      }
    }
  }
}

function utilizationFigures(
  total: ReservationAggregates,
): CommitmentInsight['figures'] {
  return figuresOf({
    utilizationPercent: total.UtilizationPercentage,
    purchasedHours: total.PurchasedHours,
    usedHours: total.TotalActualHours,
    unusedHours: total.UnusedHours,
    netSavings: total.NetRISavings,
    amortizedUpfrontFee: total.AmortizedUpfrontFee,
    amortizedRecurringFee: total.AmortizedRecurringFee,
    onDemandCostOfUsedHours: total.OnDemandCostOfRIHoursUsed,
    realizedSavings: total.RealizedSavings,
    unrealizedSavings: total.UnrealizedSavings,
  });
}
