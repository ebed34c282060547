import { renderInTestApp } from '@backstage/frontend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { screen, waitFor } from '@testing-library/react';
import { EntityCostStatus } from '@internal/plugin-finops-common';
import { FinopsApi, finopsApiRef } from '../../api';
import { CostTab } from './CostTab';

const entity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'cart-service', namespace: 'default' },
  spec: { type: 'service', owner: 'checkout-team', lifecycle: 'production' },
};

function renderWith(getEntityStatus: FinopsApi['getEntityStatus']) {
  const api = {
    getEntityStatus,
    getHealth: () => Promise.reject(new Error('not used')),
  } as Partial<FinopsApi> as FinopsApi;
  return renderInTestApp(
    <EntityProvider entity={entity}>
      <CostTab />
    </EntityProvider>,
    { apis: [[finopsApiRef, api]] },
  );
}

describe('CostTab', () => {
  it('asks for the entity by its full reference and explains how to map it when empty', async () => {
    const calls: string[] = [];
    renderWith(async entityRef => {
      calls.push(entityRef);
      return { entityRef, monthsWithData: 0 };
    });
    expect(await screen.findByText('No cost data yet')).toBeInTheDocument();
    expect(calls).toEqual(['component:default/cart-service']);
    // The snippet's highlighter loads lazily.
    await waitFor(() =>
      expect(document.body.textContent).toContain(
        'finops.backstage.io/tags: app=cart-service',
      ),
    );
  });

  it('shows the months the mart holds', async () => {
    const status: EntityCostStatus = {
      entityRef: 'component:default/cart-service',
      monthsWithData: 3,
      firstMonth: '2026-01',
      lastMonth: '2026-03',
    };
    renderWith(async () => status);
    expect(
      await screen.findByText(/over 3 month\(s\), from 2026-01 to 2026-03/),
    ).toBeInTheDocument();
  });

  it('shows an error the user can read when the backend fails', async () => {
    renderWith(() => Promise.reject(new Error('mart unreachable')));
    expect(await screen.findByText(/Could not load costs/)).toBeInTheDocument();
    expect(document.body.textContent).toContain('mart unreachable');
  });
});
