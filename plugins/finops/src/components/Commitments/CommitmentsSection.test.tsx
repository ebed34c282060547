import { CommitmentRecommendationsReport } from '@finops-backstage/plugin-finops-common';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { rest } from 'msw';
import {
  API,
  finopsServer,
  renderOverHttp,
} from '../../__testUtils__/finopsOverHttp';
import { CommitmentsSection } from './CommitmentsSection';

jest.setTimeout(60_000);

const recommendations: CommitmentRecommendationsReport = {
  view: 'actual',
  currency: 'USD',
  lookbackDays: 90,
  until: '2026-11-22',
  estimatedAnnualSavings: '252.29',
  provider: [],
  recommendations: [
    {
      productKey: 'aws:ec2:m5.large',
      productName: 'EC2 m5.large',
      familyKey: 'compute',
      provider: 'aws',
      region: 'us-east-1',
      instanceType: 'm5.large',
      unit: 'Hrs',
      lookbackDays: 90,
      daysWithUsage: 90,
      baselineDaily: '24',
      meanDaily: '26',
      peakDaily: '30',
      steadiness: '0.9',
      commitment: '1',
      onDemandRate: '0.096',
      annualOnDemandCost: '840.96',
      options: [
        {
          term: '1y',
          paymentOption: 'no_upfront',
          rateView: 'ri-1y-no-upfront',
          rate: '0.0672',
          upfront: '0.00',
          monthly: '49.06',
          annualSavings: '252.29',
          savingsPercent: '30.0',
          breakEvenMonth: 1,
          confidence: 'high',
        },
      ],
      best: { term: '1y', paymentOption: 'no_upfront' },
    },
  ],
};

const server = finopsServer();

describe('CommitmentsSection', () => {
  it('shows coverage, waste and recommendations, and makes a what-if view in one click', async () => {
    let posted: any;
    server.use(
      rest.get(`${API}/commitments/coverage`, (_req, res, ctx) =>
        res(
          ctx.json({
            from: '2026-06',
            to: '2026-11',
            view: 'actual',
            currency: 'USD',
            coverage: [
              {
                month: '2026-11',
                familyKey: 'compute',
                familyName: 'Compute',
                unit: 'Hours',
                coveredQuantity: '300',
                onDemandQuantity: '700',
                coverage: '0.3',
                onDemandCost: '67.20',
              },
              {
                month: '2026-11',
                familyKey: 'compute',
                familyName: 'Compute',
                unit: 'Requests',
                coveredQuantity: '0',
                onDemandQuantity: '2500000',
                coverage: '0',
                onDemandCost: '0.50',
              },
            ],
            utilisation: [
              {
                month: '2026-11',
                commitmentKey: 'ri-1',
                usedQuantity: '75',
                unusedQuantity: '25',
                utilisation: '0.75',
                commitmentCost: '100.00',
                waste: '25.00',
              },
            ],
            totalWaste: '25.00',
            provider: [],
          }),
        ),
      ),
      rest.get(`${API}/commitments/recommendations`, (req, res, ctx) =>
        res(
          ctx.json({
            ...recommendations,
            entityRef: req.url.searchParams.get('entityRef'),
          }),
        ),
      ),
      rest.post(`${API}/commitments/what-if`, async (req, res, ctx) => {
        posted = await req.json();
        return res(
          ctx.status(201),
          ctx.json({
            view: 'what-if-ri-1y-no-upfront-m5-large',
            parent: 'actual',
          }),
        );
      }),
    );
    await renderOverHttp(
      <CommitmentsSection entityRef="component:default/cart" />,
    );
    expect(
      await screen.findByTestId('estimated-annual-savings'),
    ).toHaveTextContent('$252.29');
    // One row per family and unit, the quantities in their unit.
    const hours = screen.getByTestId('coverage-2026-11|compute|Hours');
    expect(hours).toHaveTextContent('300 Hours');
    expect(hours).toHaveTextContent('700 Hours');
    expect(hours).toHaveTextContent('30.0 %');
    const requests = screen.getByTestId('coverage-2026-11|compute|Requests');
    expect(requests).toHaveTextContent('2,500,000 Requests');
    expect(requests).toHaveTextContent('0.0 %');
    expect(
      screen.getByRole('table', { name: 'Commitment utilisation' }),
    ).toHaveTextContent('$25.00');
    const row = screen.getByTestId(
      'recommendation-aws:ec2:m5.large|1y|no_upfront',
    );
    expect(row).toHaveTextContent('month 1');
    fireEvent.click(within(row).getByRole('button', { name: 'What-if view' }));
    await waitFor(() =>
      expect(posted).toEqual({
        productKey: 'aws:ec2:m5.large',
        term: '1y',
        paymentOption: 'no_upfront',
        view: 'actual',
        lookbackDays: 90,
        entityRef: 'component:default/cart',
      }),
    );
    expect(
      await within(row).findByText(/what-if-ri-1y-no-upfront-m5-large created/),
    ).toBeInTheDocument();
  });
});
