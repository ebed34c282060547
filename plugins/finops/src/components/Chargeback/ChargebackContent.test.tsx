import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { ChargebackReport } from '@finops-backstage/plugin-finops-common';
import { fireEvent, screen, within, waitFor } from '@testing-library/react';
import { rest } from 'msw';
import {
  API,
  finopsServer,
  renderOverHttp,
} from '../../__testUtils__/finopsOverHttp';
import { ChargebackContent } from './ChargebackContent';
import { ChargebackSection } from './ChargebackSection';

jest.setTimeout(60_000);

const report: ChargebackReport = {
  month: '2026-10',
  view: { key: 'actual', name: 'Actual' },
  currency: 'USD',
  status: 'open',
  total: '1000.01',
  direct: '0.00',
  indirect: '1000.01',
  unallocated: '12.34',
  byOwner: [
    {
      key: 'group:default/checkout-team',
      parentRef: 'group:default/commerce',
      cost: '500.01',
      direct: '0.00',
      indirect: '500.01',
      rolledUp: '500.01',
    },
    {
      key: 'group:default/commerce',
      cost: '0.00',
      direct: '0.00',
      indirect: '0.00',
      rolledUp: '500.01',
    },
  ],
  byCostCenter: [
    { key: 'cc-42', cost: '500.01', direct: '0.00', indirect: '500.01' },
  ],
  bySystem: [
    {
      key: 'system:default/storefront',
      cost: '500.01',
      direct: '0.00',
      indirect: '500.01',
    },
  ],
  lines: [
    {
      entityRef: 'component:default/cart',
      name: 'cart',
      domainKey: 'SHARED',
      mode: 'INDIRECT',
      methodKey: 'components',
      methodLabel: 'Equal split',
      productKey: 'indirect:SHARED',
      productName: 'Shared tooling',
      unit: 'coefficient',
      quantity: '0.5',
      unitPrice: '1000.01',
      cost: '500.01',
    },
  ],
};

const server = finopsServer();

function render(
  element: JSX.Element,
  result: AuthorizeResult.ALLOW | AuthorizeResult.DENY = AuthorizeResult.ALLOW,
) {
  return renderOverHttp(element, result, {
    mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
  });
}

describe('Chargeback', () => {
  beforeEach(() => {
    server.use(
      rest.get(`${API}/pricing-views`, (_req, res, ctx) =>
        res(ctx.json({ items: [{ key: 'actual', name: 'Actual' }] })),
      ),
    );
  });

  it('shows the estate report by owner, cost centre and system, and closes the month', async () => {
    let closed: unknown;
    server.use(
      rest.get(`${API}/chargeback`, (_req, res, ctx) =>
        res(
          ctx.json(
            closed
              ? {
                  ...report,
                  status: 'closed',
                  closed: {
                    closedAt: '2026-11-02T00:00:00Z',
                    closedBy: 'user:default/guest',
                    note: '',
                    drift: { total: '0.00', byOwner: [] },
                  },
                }
              : report,
          ),
        ),
      ),
      rest.post(`${API}/chargeback/close`, async (req, res, ctx) => {
        closed = await req.json();
        return res(ctx.status(201), ctx.json({}));
      }),
    );
    await render(<ChargebackContent />);
    expect(
      await screen.findByTestId('chargeback-estate-total'),
    ).toHaveTextContent('$1,000.01');
    expect(screen.getByText('$12.34')).toBeInTheDocument(); // unallocated, shown
    // Owners are catalog entities: their names, linked to their pages.
    const owners = screen.getByRole('table', { name: 'By owner' });
    expect(owners).toHaveTextContent('commerce');
    expect(
      within(owners).getByRole('link', { name: /commerce/ }),
    ).toHaveAttribute('href', '/catalog/default/group/commerce');
    expect(
      screen.getByRole('table', { name: 'By cost centre' }),
    ).toHaveTextContent('cc-42');
    fireEvent.click(screen.getByRole('button', { name: /Close/ }));
    // Closing cannot be undone: the dialog asks first.
    expect(
      await screen.findByText(/cannot be changed or\s+reopened/),
    ).toBeInTheDocument();
    fireEvent.click(
      within(screen.getByRole('dialog')).getByRole('button', {
        name: /^Close \d{4}-\d{2}$/,
      }),
    );
    await waitFor(() => expect(closed).toMatchObject({ view: 'actual' }));
    expect(
      await screen.findByText(/Closed by user:default\/guest/),
    ).toBeInTheDocument();
  });

  it('hides the close button without the permission', async () => {
    server.use(
      rest.get(`${API}/chargeback`, (_req, res, ctx) => res(ctx.json(report))),
    );
    await render(<ChargebackContent />, AuthorizeResult.DENY);
    await screen.findByTestId('chargeback-estate-total');
    expect(screen.queryByRole('button', { name: /Close/ })).toBeNull();
  });

  it('explains what an entity is charged, and how', async () => {
    let asked: string | null = null;
    server.use(
      rest.get(`${API}/chargeback`, (req, res, ctx) => {
        asked = req.url.searchParams.get('entityRef');
        return res(ctx.json({ ...report, total: '500.01', entityRef: asked }));
      }),
    );
    await render(<ChargebackSection entityRef="component:default/cart" />);
    expect(await screen.findByTestId('chargeback-total')).toHaveTextContent(
      '$500.01',
    );
    expect(asked).toBe('component:default/cart');
    expect(
      screen.getByRole('table', { name: 'Chargeback lines' }),
    ).toHaveTextContent('Equal split: 50% of $1,000.01');
  });

  it('says so when the report cannot be loaded', async () => {
    server.use(
      rest.get(`${API}/chargeback`, (_req, res, ctx) =>
        res(
          ctx.status(500),
          ctx.json({ error: { name: 'Error', message: 'boom' } }),
        ),
      ),
    );
    await render(<ChargebackSection entityRef="component:default/cart" />);
    expect(
      await screen.findByText(/Could not load the chargeback/),
    ).toBeInTheDocument();
  });
});
