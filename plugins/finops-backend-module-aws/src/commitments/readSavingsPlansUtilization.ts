import { GetSavingsPlansUtilizationCommand } from '@aws-sdk/client-cost-explorer';
import { CommitmentInsight } from '@finops-backstage/plugin-finops-node';
import { CommitmentMonth } from './CommitmentMonth';
import { figuresOf } from './figuresOf';

/** Savings plans utilisation of the month (GetSavingsPlansUtilization, not paged). */
export async function* readSavingsPlansUtilization({
  client,
  send,
  query,
  period,
}: CommitmentMonth): AsyncIterable<CommitmentInsight> {
  const utilization = await send('GetSavingsPlansUtilization', abortSignal =>
    client.send(new GetSavingsPlansUtilizationCommand(query), { abortSignal }),
  );
  for (const byTime of utilization?.SavingsPlansUtilizationsByTime ?? []) {
    const amortized = byTime.AmortizedCommitment;
    yield {
      kind: 'utilization',
      commitmentType: 'savings_plan',
      ...period,
      figures: figuresOf({
        utilizationPercent: byTime.Utilization?.UtilizationPercentage,
        totalCommitment: byTime.Utilization?.TotalCommitment,
        usedCommitment: byTime.Utilization?.UsedCommitment,
        unusedCommitment: byTime.Utilization?.UnusedCommitment,
        netSavings: byTime.Savings?.NetSavings,
        onDemandCostEquivalent: byTime.Savings?.OnDemandCostEquivalent,
        amortizedUpfrontCommitment: amortized?.AmortizedUpfrontCommitment,
        amortizedRecurringCommitment: amortized?.AmortizedRecurringCommitment,
      }),
    };
  }
}
