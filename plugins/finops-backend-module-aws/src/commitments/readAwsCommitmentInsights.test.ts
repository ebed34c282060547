import { CommitmentInsight } from '@finops-backstage/plugin-finops-node';
import { AwsCostExplorerSource } from '../AwsCostExplorerSource';
import { errorAnswer, FakeCostExplorer } from '../testing/FakeCostExplorer';
import { commitmentAnswers } from '../testing/commitmentAnswers';

describe('AwsCostExplorerSource commitment figures', () => {
  let fake: FakeCostExplorer;

  beforeEach(async () => {
    fake = await FakeCostExplorer.start();
    fake.answers = commitmentAnswers();
  });

  afterEach(async () => {
    await fake.close();
  });

  function sourceAt(now: string, commitments = {}) {
    return new AwsCostExplorerSource({
      key: 'aws:test',
      clientConfig: {
        endpoint: fake.endpoint,
        credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'secret' },
      },
      retry: { maxAttempts: 3, baseDelayMs: 1 },
      commitments,
      now: () => new Date(now),
    });
  }

  async function read(source: AwsCostExplorerSource, month: string) {
    const insights: CommitmentInsight[] = [];
    const counted: string[] = [];
    for await (const insight of source.readCommitmentInsights({
      month,
      countRequest: operation => counted.push(operation),
    })) {
      insights.push(insight);
    }
    return { insights, counted };
  }

  it('maps coverage, utilisation and, for the current month, purchase recommendations', async () => {
    const { insights, counted } = await read(
      sourceAt('2026-03-20T08:00:00Z'),
      '2026-03',
    );
    expect(counted).toEqual(fake.requests.map(r => r.operation));
    expect(counted).toEqual([
      'GetReservationCoverage',
      'GetReservationCoverage',
      'GetReservationUtilization',
      'GetSavingsPlansCoverage',
      'GetSavingsPlansUtilization',
      'GetReservationPurchaseRecommendation',
      'GetSavingsPlansPurchaseRecommendation',
      'GetReservationPurchaseRecommendation',
      'GetSavingsPlansPurchaseRecommendation',
    ]);
    const period = { Start: '2026-03-01', End: '2026-03-20' };
    expect(fake.requests.slice(0, 5).map(r => r.body)).toEqual([
      {
        TimePeriod: period,
        Granularity: 'MONTHLY',
        GroupBy: [
          { Type: 'DIMENSION', Key: 'INSTANCE_TYPE' },
          { Type: 'DIMENSION', Key: 'REGION' },
        ],
      },
      {
        TimePeriod: period,
        Granularity: 'MONTHLY',
        GroupBy: [
          { Type: 'DIMENSION', Key: 'INSTANCE_TYPE' },
          { Type: 'DIMENSION', Key: 'REGION' },
        ],
        NextPageToken: 'coverage-page-2',
      },
      { TimePeriod: period, Granularity: 'MONTHLY' },
      { TimePeriod: period, Granularity: 'MONTHLY' },
      { TimePeriod: period, Granularity: 'MONTHLY' },
    ]);
    expect(fake.requests.slice(5).map(r => r.body)).toEqual([
      {
        Service: 'Amazon Elastic Compute Cloud - Compute',
        AccountScope: 'PAYER',
        LookbackPeriodInDays: 'SIXTY_DAYS',
        TermInYears: 'ONE_YEAR',
        PaymentOption: 'NO_UPFRONT',
      },
      {
        SavingsPlansType: 'COMPUTE_SP',
        AccountScope: 'PAYER',
        LookbackPeriodInDays: 'SIXTY_DAYS',
        TermInYears: 'ONE_YEAR',
        PaymentOption: 'NO_UPFRONT',
      },
      expect.objectContaining({ TermInYears: 'THREE_YEARS' }),
      expect.objectContaining({ TermInYears: 'THREE_YEARS' }),
    ]);

    const month = { periodStart: '2026-03-01', periodEnd: '2026-03-19' };
    expect(insights.slice(0, 6)).toEqual([
      {
        kind: 'coverage',
        commitmentType: 'reservation',
        ...month,
        figures: {
          coveragePercent: '62.5',
          coveredHours: '750',
          onDemandHours: '450',
          totalRunningHours: '1200',
          onDemandCost: '43.2',
        },
      },
      {
        kind: 'coverage',
        commitmentType: 'reservation',
        ...month,
        instanceType: 'm5.large',
        region: 'us-east-1',
        figures: {
          coveragePercent: '66.6666666667',
          coveredHours: '600',
          onDemandHours: '300',
          totalRunningHours: '900',
          onDemandCost: '28.8',
        },
      },
      expect.objectContaining({
        kind: 'coverage',
        instanceType: 'c5.xlarge',
        region: 'eu-west-1',
      }),
      {
        kind: 'utilization',
        commitmentType: 'reservation',
        ...month,
        figures: {
          utilizationPercent: '93.75',
          purchasedHours: '800',
          usedHours: '750',
          unusedHours: '50',
          netSavings: '21.15',
          amortizedUpfrontFee: '0',
          amortizedRecurringFee: '51.2',
          onDemandCostOfUsedHours: '72',
          realizedSavings: '24.35',
          unrealizedSavings: '3.2',
        },
      },
      {
        kind: 'coverage',
        commitmentType: 'savings_plan',
        ...month,
        figures: {
          coveragePercent: '71.4285714286',
          coveredSpend: '250',
          onDemandCost: '100',
          totalCost: '350',
        },
        attributes: {},
      },
      {
        kind: 'utilization',
        commitmentType: 'savings_plan',
        ...month,
        figures: {
          utilizationPercent: '98.6111111111',
          totalCommitment: '216',
          usedCommitment: '213',
          unusedCommitment: '3',
          netSavings: '61.0000000001',
          onDemandCostEquivalent: '277',
          amortizedUpfrontCommitment: '0',
          amortizedRecurringCommitment: '216',
        },
      },
    ]);
    const lookback = { periodStart: '2026-01-19', periodEnd: '2026-03-19' };
    expect(insights.slice(6)).toEqual([
      {
        kind: 'recommendation',
        commitmentType: 'reservation',
        ...lookback,
        account: '111111111111',
        service: 'Amazon Elastic Compute Cloud - Compute',
        region: 'us-east-1',
        instanceType: 'm5.large',
        term: '1y',
        paymentOption: 'no_upfront',
        figures: {
          recommendedUnits: '3',
          recommendedNormalizedUnits: '12',
          upfrontCost: '0',
          recurringMonthlyCost: '131.4',
          estimatedMonthlySavings: '78.84',
          estimatedSavingsPercent: '37.5',
          estimatedMonthlyOnDemandCost: '210.24',
          breakEvenMonths: '0',
          averageUtilization: '100',
        },
        attributes: {
          recommendationId: 'ri-rec-ONE_YEAR',
          platform: 'Linux/UNIX',
          tenancy: 'Shared',
          family: 'm5',
          currency: 'USD',
        },
      },
      {
        kind: 'recommendation',
        commitmentType: 'savings_plan',
        ...lookback,
        account: '111111111111',
        region: undefined,
        instanceType: undefined,
        term: '1y',
        paymentOption: 'no_upfront',
        figures: {
          hourlyCommitment: '0.25',
          upfrontCost: '0',
          estimatedMonthlySavings: '45.625',
          estimatedSavingsPercent: '20',
          estimatedAverageUtilization: '99.5',
          estimatedOnDemandCost: '228.125',
          estimatedCommitmentCost: '182.5',
          estimatedRoi: '25',
        },
        attributes: {
          recommendationId: 'sp-rec-ONE_YEAR',
          savingsPlansType: 'COMPUTE_SP',
          offeringId: 'offering-ONE_YEAR',
          currency: 'USD',
        },
      },
      expect.objectContaining({
        commitmentType: 'reservation',
        term: '3y',
      }),
      expect.objectContaining({
        commitmentType: 'savings_plan',
        term: '3y',
      }),
    ]);
  });

  it('asks no recommendation for a past month, and no savings plans means no figures', async () => {
    fake.failNext(
      errorAnswer(
        400,
        'DataUnavailableException',
        'There is no data for the given time period',
      ),
      { operation: 'GetSavingsPlansUtilization' },
    );
    fake.failNext(errorAnswer(400, 'LimitExceededException', 'Rate exceeded'), {
      operation: 'GetReservationUtilization',
    });
    const { insights, counted } = await read(
      sourceAt('2026-04-10T08:00:00Z'),
      '2026-03',
    );
    expect(counted).toEqual([
      'GetReservationCoverage',
      'GetReservationCoverage',
      'GetReservationUtilization',
      'GetReservationUtilization',
      'GetSavingsPlansCoverage',
      'GetSavingsPlansUtilization',
    ]);
    expect(fake.requests[0].body.TimePeriod).toEqual({
      Start: '2026-03-01',
      End: '2026-04-01',
    });
    expect(insights.map(i => `${i.kind} ${i.commitmentType}`)).toEqual([
      'coverage reservation',
      'coverage reservation',
      'coverage reservation',
      'utilization reservation',
      'coverage savings_plan',
    ]);
  });

  it('asks the configured terms and payment options, or nothing when turned off', async () => {
    const { counted } = await read(
      sourceAt('2026-03-20T08:00:00Z', {
        terms: ['THREE_YEARS'],
        paymentOptions: ['PARTIAL_UPFRONT', 'ALL_UPFRONT'],
        lookback: 'THIRTY_DAYS',
      }),
      '2026-03',
    );
    const recommendations = fake.requests.filter(r =>
      r.operation.endsWith('PurchaseRecommendation'),
    );
    expect(
      recommendations.map(r => [
        r.operation,
        r.body.TermInYears,
        r.body.PaymentOption,
        r.body.LookbackPeriodInDays,
      ]),
    ).toEqual([
      [
        'GetReservationPurchaseRecommendation',
        'THREE_YEARS',
        'PARTIAL_UPFRONT',
        'THIRTY_DAYS',
      ],
      [
        'GetSavingsPlansPurchaseRecommendation',
        'THREE_YEARS',
        'PARTIAL_UPFRONT',
        'THIRTY_DAYS',
      ],
      [
        'GetReservationPurchaseRecommendation',
        'THREE_YEARS',
        'ALL_UPFRONT',
        'THIRTY_DAYS',
      ],
      [
        'GetSavingsPlansPurchaseRecommendation',
        'THREE_YEARS',
        'ALL_UPFRONT',
        'THIRTY_DAYS',
      ],
    ]);
    expect(counted).toHaveLength(5 + 4);

    fake.requests.length = 0;
    const off = await read(
      sourceAt('2026-03-20T08:00:00Z', { enabled: false }),
      '2026-03',
    );
    expect(off.insights).toEqual([]);
    expect(fake.requests).toEqual([]);
  });
});
