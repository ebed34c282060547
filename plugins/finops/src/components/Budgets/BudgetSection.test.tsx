import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { rest } from 'msw';
import { Budget, BudgetAlert } from '@finops-backstage/plugin-finops-common';
import { BudgetWithStatus } from '../../api';
import {
  API,
  finopsServer,
  getJson,
  heldAnswer,
  renderOverHttp,
} from '../../__testUtils__/finopsOverHttp';
import { BudgetSection } from './BudgetSection';

// The section against HTTP answers shaped like the backend's, through the real FinopsClient.
const ENTITY = 'component:default/cart-service';

const budget: Budget = {
  id: '12',
  name: 'Cart monthly',
  scopeType: 'entity',
  scopeRef: ENTITY,
  ownerRef: 'group:default/checkout-team',
  period: 'month',
  amount: '1000.00',
  currency: 'USD',
  view: 'actual',
  thresholds: ['50', '80', '100'],
  alertOnForecast: true,
  createdBy: 'user:default/ada',
  createdAt: '2026-03-01T00:00:00Z',
  updatedAt: '2026-03-01T00:00:00Z',
};

const withStatus: BudgetWithStatus = {
  ...budget,
  status: {
    budgetId: '12',
    periodStart: '2026-03-01',
    periodEnd: '2026-03-31',
    asOf: '2026-03-10',
    daysElapsed: 10,
    daysInPeriod: 31,
    amount: '1000.00',
    actual: '600.00',
    forecast: '1860.00',
    forecastLow: '1700.00',
    forecastHigh: '2000.00',
    burnRatePerDay: '60.00',
    daysLeft: 6,
    variance: '860.00',
    percentUsed: '60.00',
    risk: '186.00',
    thresholds: [
      {
        percent: '50',
        amount: '500.00',
        crossedByActual: true,
        crossedByForecast: true,
      },
      {
        percent: '80',
        amount: '800.00',
        crossedByActual: false,
        crossedByForecast: true,
      },
      {
        percent: '100',
        amount: '1000.00',
        crossedByActual: false,
        crossedByForecast: true,
      },
    ],
    series: [
      { day: '2026-03-01', actual: '60.00' },
      { day: '2026-03-10', actual: '600.00', forecast: '600.00' },
      {
        day: '2026-03-31',
        forecast: '1860.00',
        low: '1700.00',
        high: '2000.00',
      },
    ],
  },
};

const alert: BudgetAlert = {
  id: '3',
  budgetId: '12',
  periodStart: '2026-03-01',
  kind: 'actual',
  threshold: '50',
  actual: '512.34',
  amount: '1000.00',
  at: '2026-03-09T06:00:00Z',
};

const server = finopsServer();

function serve(items: BudgetWithStatus[], alerts: BudgetAlert[] = []) {
  server.use(
    rest.get(`${API}/budgets`, (req, res, ctx) =>
      req.url.searchParams.get('entityRef') === ENTITY &&
      req.url.searchParams.get('status') === 'true'
        ? res(ctx.json({ items }))
        : res(ctx.status(400), ctx.json({ error: { message: 'bad query' } })),
    ),
    getJson('/budgets/:id/alerts', { items: alerts }),
    getJson('/pricing-views', {
      items: [
        { key: 'actual', name: 'Actual', kind: 'actual', currency: 'USD' },
      ],
    }),
  );
}

function render(result: AuthorizeResult.ALLOW | AuthorizeResult.DENY) {
  renderOverHttp(
    <BudgetSection entityRef={ENTITY} entityName="cart-service" />,
    result,
  );
}

// jsdom has no ResizeObserver, which recharts' ResponsiveContainer needs.
class NoResizeObserver {
  observe() {}
  unobserve() {}
  disconnect() {}
}

describe('BudgetSection', () => {
  beforeAll(() => {
    Object.assign(globalThis, { ResizeObserver: NoResizeObserver });
  });

  it('shows progress until the budgets arrive', async () => {
    const { answered, answer } = heldAnswer();
    serve([]);
    server.use(
      rest.get(`${API}/budgets`, async (_req, res, ctx) => {
        await answered;
        return res(ctx.json({ items: [] }));
      }),
    );
    render(AuthorizeResult.ALLOW);
    expect(await screen.findByTestId('progress')).toBeInTheDocument();
    answer();
    expect(await screen.findByText('No budget yet')).toBeInTheDocument();
  });

  it('says there is no budget yet and offers to create one to those allowed', async () => {
    serve([]);
    render(AuthorizeResult.ALLOW);
    expect(await screen.findByText('No budget yet')).toBeInTheDocument();
    expect(
      await screen.findByRole('button', { name: /New budget/ }),
    ).toBeInTheDocument();
  });

  it('offers no create button to those not allowed', async () => {
    serve([]);
    render(AuthorizeResult.DENY);
    expect(await screen.findByText('No budget yet')).toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: /New budget/ }),
    ).not.toBeInTheDocument();
  });

  it('shows a budget with its status, thresholds and alerts', async () => {
    serve([withStatus], [alert]);
    render(AuthorizeResult.ALLOW);
    expect(await screen.findByText('Cart monthly')).toBeInTheDocument();
    expect(screen.getByTestId('budget-12-actual')).toHaveTextContent('$600.00');
    expect(screen.getByTestId('budget-12-amount')).toHaveTextContent(
      '$1,000.00',
    );
    expect(screen.getByTestId('budget-12-forecast')).toHaveTextContent(
      '$1,860.00',
    );
    expect(screen.getByTestId('budget-12-percent-used')).toHaveTextContent(
      '60 % used',
    );
    expect(screen.getByTestId('budget-12-burn-rate')).toHaveTextContent(
      '$60.00 / day',
    );
    expect(screen.getByTestId('budget-12-days-left')).toHaveTextContent('6');
    expect(screen.getByTestId('budget-12-variance')).toHaveTextContent(
      '+$860.00',
    );
    expect(screen.getByText('50 %: crossed')).toBeInTheDocument();
    expect(screen.getByText('80 %: forecast to cross')).toBeInTheDocument();
    const alerts = await screen.findByRole('table', { name: 'Alert history' });
    expect(alerts).toHaveTextContent('$512.34');
  });

  it('shows an error when the budgets cannot be loaded', async () => {
    serve([]);
    server.use(
      rest.get(`${API}/budgets`, (_req, res, ctx) =>
        res(
          ctx.status(500),
          ctx.json({
            error: { name: 'Error', message: 'mart unavailable' },
          }),
        ),
      ),
    );
    render(AuthorizeResult.ALLOW);
    expect(
      await screen.findByText(/Could not load the budgets/),
    ).toBeInTheDocument();
  });

  it('creates a budget and shows it', async () => {
    serve([]);
    let created: any;
    server.use(
      rest.post(`${API}/budgets`, async (req, res, ctx) => {
        created = await req.json();
        serve([withStatus]);
        return res(ctx.status(201), ctx.json(budget));
      }),
    );
    render(AuthorizeResult.ALLOW);
    fireEvent.click(await screen.findByRole('button', { name: /New budget/ }));
    const dialog = await screen.findByRole('dialog');
    fireEvent.change(within(dialog).getByLabelText('Amount'), {
      target: { value: '1000' },
    });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Create' }));
    expect(await screen.findByText('Cart monthly')).toBeInTheDocument();
    expect(created).toEqual({
      name: 'cart-service budget',
      scopeType: 'entity',
      scopeRef: ENTITY,
      period: 'month',
      amount: '1000',
      view: 'actual',
      thresholds: ['50', '80', '100'],
      alertOnForecast: false,
    });
    await waitFor(() =>
      expect(screen.queryByRole('dialog')).not.toBeInTheDocument(),
    );
  }, 20_000);

  it("shows the backend's reason when it refuses the budget", async () => {
    serve([]);
    server.use(
      rest.post(`${API}/budgets`, (_req, res, ctx) =>
        res(
          ctx.status(403),
          ctx.json({
            error: {
              name: 'NotAllowedError',
              message:
                'Not allowed: finops.budget.create is granted for budgets of entities you own',
            },
          }),
        ),
      ),
    );
    render(AuthorizeResult.ALLOW);
    fireEvent.click(await screen.findByRole('button', { name: /New budget/ }));
    const dialog = await screen.findByRole('dialog');
    fireEvent.change(within(dialog).getByLabelText('Amount'), {
      target: { value: '250.50' },
    });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Create' }));
    expect(await within(dialog).findByRole('alert')).toHaveTextContent(
      'granted for budgets of entities you own',
    );
  }, 20_000);

  it('edits a budget: sends what the form holds and shows the new status', async () => {
    serve([withStatus]);
    let sent: any;
    server.use(
      rest.patch(`${API}/budgets/12`, async (req, res, ctx) => {
        sent = await req.json();
        serve([
          {
            ...withStatus,
            amount: '2500.00',
            status: { ...withStatus.status, amount: '2500.00' },
          },
        ]);
        return res(ctx.json({ ...budget, amount: '2500.00' }));
      }),
    );
    render(AuthorizeResult.ALLOW);
    fireEvent.click(
      await screen.findByRole('button', { name: 'Edit Cart monthly' }),
    );
    const dialog = await screen.findByRole('dialog');
    expect(within(dialog).getByLabelText('Amount')).toHaveValue('1000.00');
    fireEvent.change(within(dialog).getByLabelText('Amount'), {
      target: { value: '2500' },
    });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Save' }));
    await waitFor(() =>
      expect(screen.getByTestId('budget-12-amount')).toHaveTextContent(
        '$2,500.00',
      ),
    );
    expect(sent).toEqual({
      name: 'Cart monthly',
      period: 'month',
      amount: '2500',
      view: 'actual',
      thresholds: ['50', '80', '100'],
      alertOnForecast: true,
    });
  }, 20_000);

  it('deletes a budget after confirmation', async () => {
    serve([withStatus]);
    let deleted = false;
    server.use(
      rest.delete(`${API}/budgets/12`, (_req, res, ctx) => {
        deleted = true;
        serve([]);
        return res(ctx.status(204));
      }),
    );
    render(AuthorizeResult.ALLOW);
    fireEvent.click(
      await screen.findByRole('button', { name: 'Delete Cart monthly' }),
    );
    const dialog = await screen.findByRole('dialog');
    expect(deleted).toBe(false);
    fireEvent.click(within(dialog).getByRole('button', { name: 'Delete' }));
    expect(await screen.findByText('No budget yet')).toBeInTheDocument();
    expect(deleted).toBe(true);
  }, 20_000);

  it('offers no edit or delete to those not allowed', async () => {
    serve([withStatus]);
    render(AuthorizeResult.DENY);
    expect(await screen.findByText('Cart monthly')).toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: /Edit Cart monthly/ }),
    ).not.toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: /Delete Cart monthly/ }),
    ).not.toBeInTheDocument();
  });

  it('flags a budget whose forecast passes its amount on its card, in words and colour', async () => {
    serve([
      withStatus,
      {
        ...withStatus,
        id: '13',
        name: 'Cart calm',
        status: { ...withStatus.status, budgetId: '13', risk: '40.00' },
      },
    ]);
    render(AuthorizeResult.DENY);
    expect(await screen.findByText('Cart monthly')).toBeInTheDocument();
    const banner = within(screen.getByTestId('budget-12')).getByRole('status', {
      name: 'Budget at risk',
    });
    expect(banner).toHaveTextContent('186 %· forecast over budget');
    expect(
      within(screen.getByTestId('budget-13')).queryByRole('status', {
        name: 'Budget at risk',
      }),
    ).toBeNull();
  });

  it("drops the backend's refusal once a field changes", async () => {
    serve([]);
    server.use(
      rest.post(`${API}/budgets`, (_req, res, ctx) =>
        res(
          ctx.status(400),
          ctx.json({
            error: { name: 'InputError', message: 'Invalid body: amount' },
          }),
        ),
      ),
    );
    render(AuthorizeResult.ALLOW);
    fireEvent.click(await screen.findByRole('button', { name: /New budget/ }));
    const dialog = await screen.findByRole('dialog');
    fireEvent.change(within(dialog).getByLabelText('Amount'), {
      target: { value: '5 000' },
    });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Create' }));
    expect(await within(dialog).findByRole('alert')).toHaveTextContent(
      'Invalid body: amount',
    );
    fireEvent.change(within(dialog).getByLabelText('Amount'), {
      target: { value: '5 000.50' },
    });
    expect(within(dialog).queryByRole('alert')).toBeNull();
  }, 20_000);
});
