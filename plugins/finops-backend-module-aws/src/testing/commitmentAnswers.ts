/**
 * Answers of Cost Explorer's reservation and savings plans operations, in their real shapes, for
 * a month with one reservation of m5.large and a compute savings plan. Reservation coverage comes
 * in two pages.
 */
export function commitmentAnswers(): Record<string, (body: any) => unknown> {
  const coverage = (
    reserved: string,
    onDemand: string,
    total: string,
    percent: string,
    cost: string,
  ) => ({
    CoverageHours: {
      ReservedHours: reserved,
      OnDemandHours: onDemand,
      TotalRunningHours: total,
      CoverageHoursPercentage: percent,
    },
    CoverageNormalizedUnits: {
      OnDemandNormalizedUnits: '0',
      ReservedNormalizedUnits: '0',
      TotalRunningNormalizedUnits: '0',
      CoverageNormalizedUnitsPercentage: '0',
    },
    CoverageCost: { OnDemandCost: cost },
  });
  return {
    GetReservationCoverage: body => {
      const total = coverage('750', '450', '1200', '62.5', '43.2');
      return body.NextPageToken
        ? {
            CoveragesByTime: [
              {
                TimePeriod: body.TimePeriod,
                Groups: [
                  {
                    Attributes: {
                      instanceType: 'c5.xlarge',
                      region: 'eu-west-1',
                    },
                    Coverage: coverage('150', '150', '300', '50', '14.4'),
                  },
                ],
                Total: total,
              },
            ],
            Total: total,
          }
        : {
            CoveragesByTime: [
              {
                TimePeriod: body.TimePeriod,
                Groups: [
                  {
                    Attributes: {
                      instanceType: 'm5.large',
                      region: 'us-east-1',
                    },
                    Coverage: coverage(
                      '600',
                      '300',
                      '900',
                      '66.6666666667',
                      '28.8',
                    ),
                  },
                ],
                Total: total,
              },
            ],
            Total: total,
            NextPageToken: 'coverage-page-2',
          };
    },
    GetReservationUtilization: body => {
      const total = {
        UtilizationPercentage: '93.75',
        UtilizationPercentageInUnits: '93.75',
        PurchasedHours: '800',
        PurchasedUnits: '3200',
        TotalActualHours: '750',
        TotalActualUnits: '3000',
        UnusedHours: '50',
        UnusedUnits: '200',
        OnDemandCostOfRIHoursUsed: '72',
        NetRISavings: '21.15',
        TotalPotentialRISavings: '24.35',
        AmortizedUpfrontFee: '0',
        AmortizedRecurringFee: '51.2',
        TotalAmortizedFee: '51.2',
        RICostForUnusedHours: '3.2',
        RealizedSavings: '24.35',
        UnrealizedSavings: '3.2',
      };
      return {
        UtilizationsByTime: [
          { TimePeriod: body.TimePeriod, Groups: [], Total: total },
        ],
        Total: total,
      };
    },
    GetSavingsPlansCoverage: body => ({
      SavingsPlansCoverages: [
        {
          Attributes: {},
          Coverage: {
            SpendCoveredBySavingsPlans: '250',
            OnDemandCost: '100',
            TotalCost: '350',
            CoveragePercentage: '71.4285714286',
          },
          TimePeriod: body.TimePeriod,
        },
      ],
    }),
    GetSavingsPlansUtilization: body => ({
      SavingsPlansUtilizationsByTime: [
        {
          TimePeriod: body.TimePeriod,
          Utilization: {
            TotalCommitment: '216',
            UsedCommitment: '213',
            UnusedCommitment: '3',
            UtilizationPercentage: '98.6111111111',
          },
          Savings: {
            NetSavings: '61.0000000001',
            OnDemandCostEquivalent: '277',
          },
          AmortizedCommitment: {
            AmortizedRecurringCommitment: '216',
            AmortizedUpfrontCommitment: '0',
            TotalAmortizedCommitment: '216',
          },
        },
      ],
      Total: {
        Utilization: {
          TotalCommitment: '216',
          UsedCommitment: '213',
          UnusedCommitment: '3',
          UtilizationPercentage: '98.6111111111',
        },
      },
    }),
    GetReservationPurchaseRecommendation: body => ({
      Metadata: {
        RecommendationId: `ri-rec-${body.TermInYears}`,
        GenerationTimestamp: '2026-03-19T04:00:00Z',
      },
      Recommendations: [
        {
          AccountScope: body.AccountScope,
          LookbackPeriodInDays: body.LookbackPeriodInDays,
          TermInYears: body.TermInYears,
          PaymentOption: body.PaymentOption,
          ServiceSpecification: {
            EC2Specification: { OfferingClass: 'STANDARD' },
          },
          RecommendationDetails: [
            {
              AccountId: '111111111111',
              InstanceDetails: {
                EC2InstanceDetails: {
                  Family: 'm5',
                  InstanceType: 'm5.large',
                  Region: 'us-east-1',
                  Platform: 'Linux/UNIX',
                  Tenancy: 'Shared',
                  CurrentGeneration: true,
                  SizeFlexEligible: true,
                },
              },
              RecommendedNumberOfInstancesToPurchase: '3',
              RecommendedNormalizedUnitsToPurchase: '12',
              MinimumNumberOfInstancesUsedPerHour: '3',
              MinimumNormalizedUnitsUsedPerHour: '12',
              MaximumNumberOfInstancesUsedPerHour: '4',
              MaximumNormalizedUnitsUsedPerHour: '16',
              AverageNumberOfInstancesUsedPerHour: '3.5',
              AverageNormalizedUnitsUsedPerHour: '14',
              AverageUtilization: '100',
              EstimatedBreakEvenInMonths: '0',
              CurrencyCode: 'USD',
              EstimatedMonthlySavingsAmount: '78.84',
              EstimatedMonthlySavingsPercentage: '37.5',
              EstimatedMonthlyOnDemandCost: '210.24',
              EstimatedReservationCostForLookbackPeriod: '262.8',
              UpfrontCost: '0',
              RecurringStandardMonthlyCost: '131.4',
            },
          ],
          RecommendationSummary: {
            TotalEstimatedMonthlySavingsAmount: '78.84',
            TotalEstimatedMonthlySavingsPercentage: '37.5',
            CurrencyCode: 'USD',
          },
        },
      ],
    }),
    GetSavingsPlansPurchaseRecommendation: body => ({
      Metadata: {
        RecommendationId: `sp-rec-${body.TermInYears}`,
        GenerationTimestamp: '2026-03-19T04:00:00Z',
        LookbackPeriodInDays: body.LookbackPeriodInDays,
      },
      SavingsPlansPurchaseRecommendation: {
        AccountScope: body.AccountScope,
        SavingsPlansType: body.SavingsPlansType,
        TermInYears: body.TermInYears,
        PaymentOption: body.PaymentOption,
        LookbackPeriodInDays: body.LookbackPeriodInDays,
        SavingsPlansPurchaseRecommendationDetails: [
          {
            SavingsPlansDetails: { OfferingId: `offering-${body.TermInYears}` },
            AccountId: '111111111111',
            UpfrontCost: '0',
            EstimatedROI: '25',
            CurrencyCode: 'USD',
            EstimatedSPCost: '182.5',
            EstimatedOnDemandCost: '228.125',
            EstimatedOnDemandCostWithCurrentCommitment: '228.125',
            EstimatedSavingsAmount: '45.625',
            EstimatedSavingsPercentage: '20',
            HourlyCommitmentToPurchase: '0.25',
            EstimatedAverageUtilization: '99.5',
            EstimatedMonthlySavingsAmount: '45.625',
            CurrentMinimumHourlyOnDemandSpend: '0.3',
            CurrentMaximumHourlyOnDemandSpend: '0.4',
            CurrentAverageHourlyOnDemandSpend: '0.35',
          },
        ],
        SavingsPlansPurchaseRecommendationSummary: {
          EstimatedROI: '25',
          CurrencyCode: 'USD',
          EstimatedTotalCost: '182.5',
          CurrentOnDemandSpend: '228.125',
          EstimatedSavingsAmount: '45.625',
          TotalRecommendationCount: '1',
          DailyCommitmentToPurchase: '6',
          HourlyCommitmentToPurchase: '0.25',
          EstimatedSavingsPercentage: '20',
          EstimatedMonthlySavingsAmount: '45.625',
          EstimatedOnDemandCostWithCurrentCommitment: '228.125',
        },
      },
    }),
  };
}
