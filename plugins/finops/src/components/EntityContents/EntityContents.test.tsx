import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { CostResponse } from '@finops-backstage/plugin-finops-common';
import { SWRConfig } from 'swr';
import { FinopsApi, finopsApiRef } from '../../api';
import { EntityBudgetContent } from './EntityBudgetContent';
import { EntityChargebackContent } from './EntityChargebackContent';
import { EntityCostsContent } from './EntityCostsContent';
import { EntityReservationsContent } from './EntityReservationsContent';

// Each tab is the section of its entity: it asks the API about the entity the page shows.
const system: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'System',
  metadata: { name: 'checkout', namespace: 'default', title: 'Checkout' },
  spec: { owner: 'checkout-team' },
};
const SYSTEM_REF = 'system:default/checkout';

function noCosts(query: Parameters<FinopsApi['getCosts']>[0]): CostResponse {
  return {
    entityRef: query.entityRef,
    view: { key: 'actual', name: 'Actual', kind: 'actual' },
    currency: 'USD',
    exchangeRates: [],
    from: query.from,
    to: query.to,
    granularity: query.granularity ?? 'month',
    groupBy: query.groupBy ?? 'domain',
    total: '0.00',
    direct: '0.00',
    indirect: '0.00',
    rows: [],
    unpriced: [],
    indirectShares: [],
  };
}

function renderWith(element: JSX.Element, calls: Record<string, unknown[]>) {
  const record =
    <T,>(name: string, answer: T) =>
    async (query: unknown) => {
      (calls[name] ??= []).push(query);
      return answer;
    };
  const api: Partial<FinopsApi> = {
    getCosts: async query => {
      (calls.getCosts ??= []).push(query);
      return noCosts(query);
    },
    listPricingViews: async () => [],
    listBudgets: record('listBudgets', []),
    getCommitmentCoverage: record('getCommitmentCoverage', {
      from: '2026-07',
      to: '2026-12',
      view: 'actual',
      currency: 'USD',
      entityRef: SYSTEM_REF,
      coverage: [],
      utilisation: [],
      totalWaste: '0.00',
      provider: [],
    }),
    getCommitmentRecommendations: record('getCommitmentRecommendations', {
      view: 'actual',
      currency: 'USD',
      lookbackDays: 90,
      estimatedAnnualSavings: '0.00',
      provider: [],
      recommendations: [],
    }),
    getChargeback: record('getChargeback', {
      month: '2026-11',
      view: { key: 'actual', name: 'Actual' },
      currency: 'USD',
      entityRef: SYSTEM_REF,
      status: 'open',
      total: '0.00',
      direct: '0.00',
      indirect: '0.00',
      unallocated: '0.00',
      byOwner: [],
      byCostCenter: [],
      bySystem: [],
      lines: [],
    }),
  };
  return renderInTestApp(
    <SWRConfig value={{ provider: () => new Map() }}>
      <EntityProvider entity={system}>{element}</EntityProvider>
    </SWRConfig>,
    {
      apis: [
        [finopsApiRef, api as FinopsApi],
        [
          permissionApiRef,
          mockApis.permission({ authorize: AuthorizeResult.ALLOW }),
        ],
      ],
    },
  );
}

describe('the entity tabs', () => {
  it("the Budget tab lists the entity's budgets and offers a first one", async () => {
    const calls: Record<string, unknown[]> = {};
    await renderWith(<EntityBudgetContent />, calls);
    expect(await screen.findByText('No budget yet')).toBeInTheDocument();
    expect(screen.getByText(/^Checkout has no budget/)).toBeInTheDocument();
    expect(
      await screen.findByRole('button', { name: /New budget/ }),
    ).toBeInTheDocument();
    expect(calls.listBudgets).toEqual([{ entityRef: SYSTEM_REF }]);
  });

  it("the Reservations tab asks for the entity's coverage and recommendations", async () => {
    const calls: Record<string, unknown[]> = {};
    await renderWith(<EntityReservationsContent />, calls);
    expect(
      await screen.findByText('No reservation to recommend'),
    ).toBeInTheDocument();
    expect(calls.getCommitmentCoverage).toEqual([
      expect.objectContaining({ entityRef: SYSTEM_REF }),
    ]);
    expect(calls.getCommitmentRecommendations).toEqual([
      expect.objectContaining({ entityRef: SYSTEM_REF }),
    ]);
  });

  it("the Chargeback tab asks for the entity's chargeback", async () => {
    const calls: Record<string, unknown[]> = {};
    await renderWith(<EntityChargebackContent />, calls);
    expect(await screen.findByText(/^Nothing charged in/)).toBeInTheDocument();
    expect(calls.getChargeback).toEqual([
      expect.objectContaining({ entityRef: SYSTEM_REF, view: 'actual' }),
    ]);
  });

  it('the one-page Costs content of legacy apps still switches between the four sections', async () => {
    const calls: Record<string, unknown[]> = {};
    await renderWith(<EntityCostsContent />, calls);
    expect(await screen.findByText('No cost data yet')).toBeInTheDocument();
    expect(screen.getAllByRole('tab').map(tab => tab.textContent)).toEqual([
      'Cost',
      'Budget',
      'Reservations',
      'Chargeback',
    ]);

    fireEvent.click(screen.getByRole('tab', { name: 'Budget' }));
    expect(await screen.findByText('No budget yet')).toBeInTheDocument();
    fireEvent.click(screen.getByRole('tab', { name: 'Chargeback' }));
    await waitFor(() => expect(calls.getChargeback).toHaveLength(1));
    expect(await screen.findByText(/^Nothing charged in/)).toBeInTheDocument();
  });
});
