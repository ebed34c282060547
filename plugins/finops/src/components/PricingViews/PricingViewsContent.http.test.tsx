import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { rest } from 'msw';
import { PricingView } from '@finops-backstage/plugin-finops-common';
import {
  API,
  finopsServer,
  getJson,
  heldAnswer,
  renderOverHttp,
} from '../../__testUtils__/finopsOverHttp';
import { PricingViewsContent } from './PricingViewsContent';

// The editor against HTTP answers shaped like the backend's, through the real FinopsClient.
const server = finopsServer();

const actual: PricingView = {
  key: 'actual',
  name: 'Actual',
  description: 'What the invoices say',
  kind: 'actual',
  currency: 'USD',
  managed: true,
  createdAt: '2026-01-01T00:00:00Z',
  updatedAt: '2026-03-01T08:00:00Z',
};
const list: PricingView = {
  ...actual,
  key: 'list',
  name: 'List prices',
  description: 'Public prices, from the billing export',
  kind: 'list',
};
/** A view of the users' own: a child of the actual view. */
const budget: PricingView = {
  key: 'budget-2026',
  name: 'Budget 2026',
  description: '',
  kind: 'budget',
  currency: 'USD',
  parent: 'actual',
  createdAt: '2026-02-01T00:00:00Z',
  updatedAt: '2026-03-02T09:30:00Z',
};

/** Answers the read routes of the editor with these views (no rule, no audit row). */
function serve(views: PricingView[]) {
  server.use(
    getJson('/pricing-views', { items: views }),
    rest.get(`${API}/pricing-views/:key`, (req, res, ctx) => {
      const view = views.find(v => v.key === req.params.key);
      return view
        ? res(ctx.json({ ...view, rules: [] }))
        : res(ctx.status(404), ctx.json({ error: { message: 'not found' } }));
    }),
    getJson('/pricing-views/:key/audit', { items: [] }),
    rest.get(`${API}/overview`, (req, res, ctx) =>
      res(
        ctx.json({
          view: { key: req.url.searchParams.get('view') },
          currency: 'USD',
          total: '0',
          byCategory: [],
        }),
      ),
    ),
  );
}

function render(result: AuthorizeResult.ALLOW | AuthorizeResult.DENY) {
  return renderOverHttp(<PricingViewsContent />, result);
}

async function openView(key: string) {
  fireEvent.click(await screen.findByTestId(`pricing-view-${key}`));
  return screen.findByRole('table', { name: 'Pricing rules' });
}

describe('PricingViewsContent over HTTP', () => {
  it('shows progress until the views arrive', async () => {
    const { answered, answer } = heldAnswer();
    serve([actual]);
    server.use(
      rest.get(`${API}/pricing-views`, async (_req, res, ctx) => {
        await answered;
        return res(ctx.json({ items: [actual] }));
      }),
    );
    render(AuthorizeResult.ALLOW);
    expect(await screen.findByTestId('progress')).toBeInTheDocument();
    expect(screen.queryByRole('table', { name: 'Pricing views' })).toBeNull();
    answer();
    expect(
      await screen.findByRole('table', { name: 'Pricing views' }),
    ).toBeInTheDocument();
    expect(screen.queryByTestId('progress')).toBeNull();
  });

  it('explains an empty list and still offers to create a view', async () => {
    serve([]);
    render(AuthorizeResult.ALLOW);
    expect(await screen.findByText('No pricing view yet')).toBeInTheDocument();
    expect(
      await screen.findByRole('button', { name: /New pricing view/ }),
    ).toBeInTheDocument();
  });

  it('shows an empty list read-only without the create permission', async () => {
    serve([]);
    render(AuthorizeResult.DENY);
    expect(await screen.findByText('No pricing view yet')).toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: /New pricing view/ }),
    ).toBeNull();
  });

  it("shows the backend's error message when the list fails", async () => {
    server.use(
      rest.get(`${API}/pricing-views`, (_req, res, ctx) =>
        res(
          ctx.status(503),
          ctx.json({
            error: { name: 'ServiceUnavailableError', message: 'mart down' },
            request: { method: 'GET', url: '/api/finops/pricing-views' },
            response: { statusCode: 503 },
          }),
        ),
      ),
    );
    render(AuthorizeResult.ALLOW);
    expect(
      await screen.findByText(/Could not load the pricing views/),
    ).toBeInTheDocument();
    expect(screen.getAllByText(/mart down/).length).toBeGreaterThan(0);
  });

  it('keeps a managed view other than actual read-only, and marks it', async () => {
    serve([actual, list, budget]);
    render(AuthorizeResult.ALLOW);
    const row = await screen.findByTestId('pricing-view-list');
    expect(row).toHaveTextContent('managed');
    expect(
      screen.getByTestId('pricing-view-budget-2026'),
    ).not.toHaveTextContent('managed');

    await openView('list');
    expect(
      screen.getByText(/written by the ingestion batch/),
    ).toBeInTheDocument();
    expect(screen.queryByRole('form', { name: 'Add rule' })).toBeNull();
    expect(screen.queryByRole('tab', { name: 'Import CSV' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Delete view' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Save changes' })).toBeNull();
  });

  it('offers the edit controls of a view users own', async () => {
    serve([actual, list, budget]);
    render(AuthorizeResult.ALLOW);
    await openView('budget-2026');
    expect(screen.queryByText(/written by the ingestion batch/)).toBeNull();
    expect(
      await screen.findByRole('form', { name: 'Add rule' }),
    ).toBeInTheDocument();
    expect(screen.getByRole('tab', { name: 'Import CSV' })).toBeInTheDocument();
    expect(
      screen.getByRole('button', { name: 'Delete view' }),
    ).toBeInTheDocument();
  });

  it('shows the same view read-only to users without the permissions', async () => {
    serve([actual, list, budget]);
    render(AuthorizeResult.DENY);
    await openView('budget-2026');
    expect(
      screen.queryByRole('button', { name: /New pricing view/ }),
    ).toBeNull();
    expect(screen.queryByRole('form', { name: 'Add rule' })).toBeNull();
    expect(screen.queryByRole('tab', { name: 'Import CSV' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Delete view' })).toBeNull();
    expect(screen.getByLabelText('Name')).toHaveAttribute('readonly');
  });

  it('offers only the kinds the API lets users create', async () => {
    serve([actual, list]);
    render(AuthorizeResult.ALLOW);
    fireEvent.click(
      await screen.findByRole('button', { name: /New pricing view/ }),
    );
    const dialog = await screen.findByRole('dialog');
    const kinds = within(within(dialog).getByLabelText('Kind'))
      .getAllByRole('option')
      .map(option => option.getAttribute('value'));
    expect(kinds).toEqual([
      'list',
      'contracted',
      'budget',
      'forecast',
      'what-if',
    ]);

    // A copy of the actual view becomes a what-if, as the API makes it.
    fireEvent.change(within(dialog).getByLabelText('Start from'), {
      target: { value: 'copy:actual' },
    });
    expect(within(dialog).getByLabelText('Kind')).toHaveValue('what-if');
    fireEvent.change(within(dialog).getByLabelText('Start from'), {
      target: { value: 'copy:list' },
    });
    expect(within(dialog).getByLabelText('Kind')).toHaveValue('list');
  });

  it("shows the backend's refusal when a rule cannot be added", async () => {
    serve([actual, budget]);
    server.use(
      rest.post(`${API}/pricing-views/budget-2026/rules`, (_req, res, ctx) =>
        res(
          ctx.status(409),
          ctx.json({
            error: {
              name: 'ConflictError',
              message: 'pricing view budget-2026 was deleted',
            },
            request: { method: 'POST', url: '/' },
            response: { statusCode: 409 },
          }),
        ),
      ),
    );
    render(AuthorizeResult.ALLOW);
    await openView('budget-2026');
    const form = await screen.findByRole('form', { name: 'Add rule' });
    fireEvent.change(within(form).getByLabelText('Target type'), {
      target: { value: 'family' },
    });
    fireEvent.change(within(form).getByLabelText('Target'), {
      target: { value: 'compute' },
    });
    fireEvent.change(within(form).getByLabelText('Multiplier'), {
      target: { value: '0.7' },
    });
    fireEvent.click(within(form).getByRole('button', { name: 'Add rule' }));
    await waitFor(() =>
      expect(form).toHaveTextContent('pricing view budget-2026 was deleted'),
    );
  });

  it('asks the server for a dry run of the CSV, and the families for the target, over HTTP', async () => {
    serve([actual, budget]);
    const dryRuns: Array<{ dryRun: string | null; body: string }> = [];
    const targetQueries: string[] = [];
    server.use(
      rest.get(`${API}/domains`, (_req, res, ctx) =>
        res(ctx.json({ items: [] })),
      ),
      rest.get(`${API}/pricing-targets`, (req, res, ctx) => {
        targetQueries.push(req.url.search);
        return res(
          ctx.json({
            items: [{ key: 'compute', name: 'Compute', domain: 'CLOUD' }],
          }),
        );
      }),
      rest.post(
        `${API}/pricing-views/budget-2026/rules`,
        async (req, res, ctx) => {
          dryRuns.push({
            dryRun: req.url.searchParams.get('dryRun'),
            body: await req.text(),
          });
          return res(
            ctx.json({
              dryRun: true,
              added: 0,
              valid: 0,
              rejected: [{ index: 0, reason: "unknown family 'nope'" }],
            }),
          );
        },
      ),
    );
    render(AuthorizeResult.ALLOW);
    await openView('budget-2026');
    const form = await screen.findByRole('form', { name: 'Add rule' });
    expect(
      await within(form).findByRole('option', { name: 'Compute (compute)' }),
    ).toBeInTheDocument();
    expect(targetQueries).toContain('?type=family&limit=500');

    fireEvent.click(screen.getByRole('tab', { name: 'Import CSV' }));
    const csv = 'family,multiplier,validFrom\nnope,0.5,2026-01';
    fireEvent.change(screen.getByLabelText('Rules CSV'), {
      target: { value: csv },
    });
    const preview = screen.getByRole('table', { name: 'CSV preview' });
    expect(
      await within(preview).findByText("unknown family 'nope'"),
    ).toBeInTheDocument();
    expect(dryRuns).toEqual([{ dryRun: 'true', body: csv }]);
    expect(screen.getByRole('button', { name: 'Import' })).toBeDisabled();
  });
});
