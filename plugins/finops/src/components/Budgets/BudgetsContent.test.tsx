import { renderInTestApp } from '@backstage/frontend-test-utils';
import { catalogApiRef, entityRouteRef } from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { rest } from 'msw';
import { BudgetWithStatus, finopsApiRef } from '../../api';
import {
  API,
  finopsServer,
  getJson,
  httpFinopsClient,
} from '../../__testUtils__/finopsOverHttp';
import { BudgetsContent } from './BudgetsContent';

function budget(id: string, name: string, risk: string): BudgetWithStatus {
  return {
    id,
    name,
    scopeType: 'entity',
    scopeRef: `component:default/${name}`,
    period: 'month',
    amount: '100.00',
    currency: 'USD',
    view: 'actual',
    thresholds: ['100'],
    alertOnForecast: false,
    createdBy: 'user:default/ada',
    createdAt: '2026-03-01T00:00:00Z',
    updatedAt: '2026-03-01T00:00:00Z',
    status: {
      budgetId: id,
      periodStart: '2026-03-01',
      periodEnd: '2026-03-31',
      asOf: '2026-03-10',
      daysElapsed: 10,
      daysInPeriod: 31,
      amount: '100.00',
      actual: '10.00',
      forecast: risk,
      forecastLow: risk,
      forecastHigh: risk,
      burnRatePerDay: '1.00',
      daysLeft: 90,
      variance: '0',
      percentUsed: '10.00',
      risk,
      thresholds: [],
      series: [],
    },
  };
}

const server = finopsServer();

const catalog = catalogApiMock({
  entities: [
    {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: { name: 'cart-service', namespace: 'default' },
      spec: { owner: 'checkout-team' },
    },
    {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'System',
      metadata: {
        name: 'storefront',
        namespace: 'default',
        title: 'Storefront',
      },
      spec: { owner: 'checkout-team' },
    },
    {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Group',
      metadata: { name: 'checkout-team', namespace: 'default' },
      spec: { type: 'team', profile: { displayName: 'Checkout team' } },
    },
  ],
});

function render() {
  return renderInTestApp(<BudgetsContent />, {
    apis: [
      [finopsApiRef, httpFinopsClient()],
      [catalogApiRef, catalog],
    ],
    mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
  });
}

describe('BudgetsContent', () => {
  it('lists every budget, riskiest first', async () => {
    server.use(
      getJson('/budgets', {
        items: [
          budget('1', 'calm', '40.00'),
          budget('2', 'burning', '250.00'),
          budget('3', 'close', '95.50'),
        ],
      }),
    );
    render();
    await screen.findByText('250 %');
    const names = screen
      .getAllByRole('row')
      .map(row => row.textContent ?? '')
      .filter(text => /calm|burning|close/.test(text))
      .map(text => /calm|burning|close/.exec(text)![0]);
    expect(names).toEqual(['burning', 'close', 'calm']);
  });

  it('says when there is no budget', async () => {
    server.use(
      rest.get(`${API}/budgets`, (_req, res, ctx) =>
        res(ctx.json({ items: [] })),
      ),
    );
    render();
    expect(await screen.findByText('No budget yet')).toBeInTheDocument();
  });

  it('shows an error when the budgets cannot be loaded', async () => {
    server.use(
      rest.get(`${API}/budgets`, (_req, res, ctx) =>
        res(ctx.status(500), ctx.json({ error: { message: 'down' } })),
      ),
    );
    render();
    expect(
      await screen.findByText(/Could not load the budgets/),
    ).toBeInTheDocument();
  });

  it('creates a budget for a cost domain', async () => {
    let items: BudgetWithStatus[] = [];
    let created: any;
    server.use(
      rest.get(`${API}/budgets`, (_req, res, ctx) => res(ctx.json({ items }))),
      rest.get(`${API}/pricing-views`, (_req, res, ctx) =>
        res(ctx.json({ items: [] })),
      ),
      rest.post(`${API}/budgets`, async (req, res, ctx) => {
        created = await req.json();
        items = [
          {
            ...budget('7', 'aws', '80.00'),
            name: 'AWS yearly',
            scopeType: 'domain',
            scopeRef: 'aws',
          },
        ];
        return res(ctx.status(201), ctx.json(items[0]));
      }),
    );
    render();
    fireEvent.click(await screen.findByRole('button', { name: /New budget/ }));
    const dialog = await screen.findByRole('dialog');
    fireEvent.mouseDown(within(dialog).getByLabelText('Scope'));
    fireEvent.click(await screen.findByRole('option', { name: 'Cost domain' }));
    fireEvent.change(
      within(dialog).getByRole('textbox', { name: 'Cost domain' }),
      {
        target: { value: 'aws' },
      },
    );
    fireEvent.change(within(dialog).getByLabelText('Name'), {
      target: { value: 'AWS yearly' },
    });
    fireEvent.change(within(dialog).getByLabelText('Amount'), {
      target: { value: '120000' },
    });
    fireEvent.mouseDown(within(dialog).getByLabelText('Period'));
    fireEvent.click(await screen.findByRole('option', { name: 'Year' }));
    fireEvent.click(within(dialog).getByRole('button', { name: 'Create' }));
    expect(await screen.findByText('AWS yearly')).toBeInTheDocument();
    expect(screen.getByText('Cost domain aws')).toBeInTheDocument();
    expect(created).toEqual({
      name: 'AWS yearly',
      scopeType: 'domain',
      scopeRef: 'aws',
      period: 'year',
      amount: '120000',
      view: 'actual',
      thresholds: ['50', '80', '100'],
      alertOnForecast: false,
    });
  }, 20_000);

  it('highlights a budget whose forecast reaches its amount, with words as well as colour', async () => {
    server.use(
      getJson('/budgets', {
        items: [
          budget('1', 'calm', '40.00'),
          budget('2', 'burning', '119.00'),
          budget('3', 'exact', '100.00'),
        ],
      }),
    );
    render();
    await screen.findByText('119 %');
    expect(screen.getByTestId('budget-2-at-risk')).toHaveTextContent(
      '119 %· at risk',
    );
    expect(screen.getByTestId('budget-3-at-risk')).toHaveTextContent(
      '100 %· at risk',
    );
    expect(screen.queryByTestId('budget-1-at-risk')).toBeNull();
    const burning = screen.getByTestId('budget-2-at-risk').closest('tr')!;
    expect(burning.getAttribute('style')).toMatch(/background-color/);
    const calm = screen.getByText('40 %').closest('tr')!;
    expect(calm.getAttribute('style') ?? '').not.toMatch(/background-color/);
  });

  it('picks an entity scope from the catalog by name and reads a "$5,000" amount', async () => {
    let created: any;
    server.use(
      rest.get(`${API}/budgets`, (_req, res, ctx) =>
        res(ctx.json({ items: [] })),
      ),
      getJson('/pricing-views', {
        items: [
          {
            key: 'actual',
            name: 'Actual',
            description: '',
            kind: 'actual',
            currency: 'USD',
            createdAt: '2026-01-01T00:00:00Z',
            updatedAt: '2026-01-01T00:00:00Z',
          },
        ],
      }),
      rest.post(`${API}/budgets`, async (req, res, ctx) => {
        created = await req.json();
        return res(ctx.status(201), ctx.json(budget('8', 'cart', '10.00')));
      }),
    );
    render();
    fireEvent.click(await screen.findByRole('button', { name: /New budget/ }));
    const dialog = await screen.findByRole('dialog');
    fireEvent.mouseDown(within(dialog).getByLabelText('Scope'));
    fireEvent.click(
      await screen.findByRole('option', { name: 'Catalog entity' }),
    );
    const picker = within(dialog).getByRole('textbox', {
      name: 'Catalog entity',
    });
    fireEvent.change(picker, { target: { value: 'cart-service' } });
    fireEvent.click(
      await screen.findByRole('option', {
        name: /cart-service component:default\/cart-service/,
      }),
    );
    expect(picker).toHaveValue('cart-service');
    expect(dialog).toHaveTextContent('component:default/cart-service');
    // The group shows its display name.
    fireEvent.change(picker, { target: { value: 'checkout' } });
    expect(
      await screen.findByRole('option', { name: /Checkout team/ }),
    ).toBeInTheDocument();
    fireEvent.keyDown(picker, { key: 'Escape' });

    fireEvent.change(within(dialog).getByLabelText('Name'), {
      target: { value: 'Cart' },
    });
    const amount = within(dialog).getByLabelText('Amount');
    // The currency of the pricing view is shown in the field.
    await waitFor(() => expect(dialog).toHaveTextContent('$'));
    fireEvent.change(amount, { target: { value: '5,00,0' } });
    fireEvent.blur(amount);
    expect(
      within(dialog).getByText('Enter a number such as 5000, 5,000 or 5000.50'),
    ).toBeInTheDocument();
    // The error goes as soon as the text is fixed.
    fireEvent.change(amount, { target: { value: '$5,000' } });
    expect(
      within(dialog).queryByText(
        'Enter a number such as 5000, 5,000 or 5000.50',
      ),
    ).toBeNull();
    fireEvent.click(within(dialog).getByRole('button', { name: 'Create' }));
    await waitFor(() => expect(created).toBeDefined());
    expect(created).toMatchObject({
      name: 'Cart',
      scopeType: 'entity',
      scopeRef: 'component:default/cart-service',
      amount: '5000',
    });
  }, 20_000);
});
