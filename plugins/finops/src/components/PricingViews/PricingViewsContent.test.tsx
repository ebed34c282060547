import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import {
  OverviewResponse,
  PricingRule,
  PricingView,
} from '@finops-backstage/plugin-finops-common';
import { FinopsApi, OverviewQuery } from '../../api';
import { PricingViewsContent } from './PricingViewsContent';
import { permissionRendererOf } from '../../__testUtils__/renderWithPermission';

const views: PricingView[] = [
  {
    key: 'actual',
    name: 'Actual',
    description: 'What the invoices say',
    kind: 'actual',
    currency: 'USD',
    createdAt: '2026-01-01T00:00:00Z',
    updatedAt: '2026-03-01T08:00:00Z',
  },
  {
    key: 'q3-what-if',
    name: 'Q3 what-if',
    description: '',
    kind: 'what-if',
    currency: 'USD',
    parent: 'actual',
    createdAt: '2026-02-01T00:00:00Z',
    updatedAt: '2026-03-02T09:30:00Z',
  },
];

const rules: PricingRule[] = [
  {
    id: '7',
    product: 'demo/aws:AmazonEC2:BoxUsage:m5.large:us-east-1',
    unitPrice: '0.096',
    validFrom: '2026-01',
  },
];

function fakeApi(extra: Partial<FinopsApi> = {}) {
  return {
    listPricingViews: jest.fn(async () => views),
    getPricingView: jest.fn(async (key: string) => ({
      ...views.find(view => view.key === key)!,
      rules,
    })),
    getPricingViewAudit: jest.fn(async () => [
      {
        eventId: 'pricing-view-create',
        actorRef: 'user:default/ada',
        at: '2026-02-01T00:00:00Z',
        after: { key: 'q3-what-if' },
      },
    ]),
    listDomains: jest.fn(async () => [
      { key: 'CLOUD', name: 'Cloud', mode: 'DIRECT' as const },
    ]),
    getOverview: jest.fn(
      async (query: OverviewQuery) =>
        ({
          view: { key: query.view, name: query.view, kind: 'list' },
          currency: 'USD',
          total: query.view === 'actual' ? '1000.00' : '700.00',
          byCategory: [
            {
              key: 'compute',
              label: 'Compute',
              cost: query.view === 'actual' ? '1000.00' : '700.00',
            },
          ],
        } as Partial<OverviewResponse> as OverviewResponse),
    ),
    ...extra,
  };
}

const renderWith = permissionRendererOf(<PricingViewsContent />);

async function openView(key: string) {
  fireEvent.click(await screen.findByTestId(`pricing-view-${key}`));
  return screen.findByRole('table', { name: 'Pricing rules' });
}

describe('PricingViewsContent', () => {
  it('lists the views and compares two of them', async () => {
    const api = fakeApi();
    renderWith(api);
    const row = await screen.findByTestId('pricing-view-q3-what-if');
    expect(row).toHaveTextContent('Q3 what-if');
    expect(row).toHaveTextContent('what-if');
    expect(row).toHaveTextContent('USD');
    expect(row).toHaveTextContent('actual');
    expect(row).toHaveTextContent('2026-03-02');

    const comparison = await screen.findByRole('table', { name: 'Comparison' });
    expect(comparison).toHaveTextContent('$1,000.00');
    expect(comparison).toHaveTextContent('$700.00');
    expect(comparison).toHaveTextContent('-$300.00');
    expect(api.getOverview).toHaveBeenCalledWith(
      expect.objectContaining({ view: 'q3-what-if' }),
    );
  });

  it('shows an error when the views cannot be loaded', async () => {
    renderWith(
      fakeApi({
        listPricingViews: jest.fn(async () => {
          throw new Error('mart unavailable');
        }),
      }),
    );
    expect(
      await screen.findByText(/Could not load the pricing views/),
    ).toBeInTheDocument();
  });

  it('validates the key inline and creates a view', async () => {
    const createPricingView = jest.fn(async (input: any) => ({
      ...views[1],
      ...input,
    }));
    renderWith(fakeApi({ createPricingView }));

    fireEvent.click(
      await screen.findByRole('button', { name: /New pricing view/ }),
    );
    const dialog = await screen.findByRole('dialog');
    fireEvent.change(within(dialog).getByLabelText(/^Key/), {
      target: { value: 'Bad Key' },
    });
    expect(
      within(dialog).getByText(
        'must be lower case letters, digits and dashes, at most 63',
      ),
    ).toBeInTheDocument();
    fireEvent.click(within(dialog).getByRole('button', { name: 'Create' }));
    expect(createPricingView).not.toHaveBeenCalled();

    fireEvent.change(within(dialog).getByLabelText(/^Key/), {
      target: { value: 'budget-2027' },
    });
    fireEvent.change(within(dialog).getByLabelText(/^Name/), {
      target: { value: 'Budget 2027' },
    });
    fireEvent.change(within(dialog).getByLabelText('Kind'), {
      target: { value: 'budget' },
    });
    fireEvent.change(within(dialog).getByLabelText('Start from'), {
      target: { value: 'child:actual' },
    });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Create' }));

    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(createPricingView).toHaveBeenCalledWith({
      key: 'budget-2027',
      name: 'Budget 2027',
      description: '',
      kind: 'budget',
      currency: 'USD',
      parent: 'actual',
    });
  });

  it('shows the API error in the create dialog', async () => {
    renderWith(
      fakeApi({
        copyPricingView: jest.fn(async () => {
          throw new Error('pricing view q3-what-if already exists');
        }),
      }),
    );
    fireEvent.click(
      await screen.findByRole('button', { name: /New pricing view/ }),
    );
    const dialog = await screen.findByRole('dialog');
    fireEvent.change(within(dialog).getByLabelText(/^Key/), {
      target: { value: 'q3-what-if' },
    });
    fireEvent.change(within(dialog).getByLabelText(/^Name/), {
      target: { value: 'Copy' },
    });
    fireEvent.change(within(dialog).getByLabelText('Start from'), {
      target: { value: 'copy:actual' },
    });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Create' }));
    expect(
      await within(dialog).findByText('pricing view q3-what-if already exists'),
    ).toBeInTheDocument();
  });

  it('adds a rule through the Add rule form', async () => {
    const addPricingRules = jest.fn(async () => ({ added: 1, rejected: [] }));
    const api = fakeApi({ addPricingRules });
    renderWith(api);
    const grid = await openView('q3-what-if');
    expect(grid).toHaveTextContent(
      'demo/aws:AmazonEC2:BoxUsage:m5.large:us-east-1',
    );

    const form = screen.getByRole('form', { name: 'Add rule' });
    fireEvent.change(within(form).getByLabelText('Target type'), {
      target: { value: 'family' },
    });
    fireEvent.change(within(form).getByLabelText('Multiplier'), {
      target: { value: 'abc' },
    });
    expect(
      within(form).getByText('must be a non-negative decimal number'),
    ).toBeInTheDocument();
    fireEvent.click(within(form).getByRole('button', { name: 'Add rule' }));
    expect(
      await within(form).findByText(
        'name exactly one of product, family or domain',
      ),
    ).toBeInTheDocument();
    expect(addPricingRules).not.toHaveBeenCalled();

    fireEvent.change(within(form).getByLabelText('Target'), {
      target: { value: 'compute' },
    });
    fireEvent.change(within(form).getByLabelText('Multiplier'), {
      target: { value: '0.7' },
    });
    fireEvent.change(within(form).getByLabelText('Valid from'), {
      target: { value: '2026-04' },
    });
    fireEvent.click(within(form).getByRole('button', { name: 'Add rule' }));

    await waitFor(() =>
      expect(addPricingRules).toHaveBeenCalledWith('q3-what-if', [
        { family: 'compute', multiplier: '0.7', validFrom: '2026-04' },
      ]),
    );
    expect(await within(form).findByText('Rule added.')).toBeInTheDocument();
    await waitFor(() => expect(api.getPricingView).toHaveBeenCalledTimes(2));
  });

  it('shows the reasons when the API rejects a rule', async () => {
    renderWith(
      fakeApi({
        addPricingRules: jest.fn(async () => ({
          added: 0,
          rejected: [{ index: 0, reason: 'overlaps rule 7' }],
        })),
      }),
    );
    await openView('q3-what-if');
    const form = screen.getByRole('form', { name: 'Add rule' });
    fireEvent.change(within(form).getByLabelText('Target'), {
      target: { value: 'compute' },
    });
    fireEvent.change(within(form).getByLabelText('Unit price'), {
      target: { value: '0.05' },
    });
    fireEvent.click(within(form).getByRole('button', { name: 'Add rule' }));
    expect(
      await within(form).findByText('Rule rejected: overlaps rule 7'),
    ).toBeInTheDocument();
  });

  it('previews a CSV, flags an invalid row and shows the import report', async () => {
    const addPricingRules = jest.fn(async () => ({
      added: 1,
      rejected: [
        { index: 1, reason: 'give exactly one of unitPrice or multiplier' },
      ],
    }));
    renderWith(fakeApi({ addPricingRules }));
    await openView('q3-what-if');
    fireEvent.click(screen.getByRole('tab', { name: 'Import CSV' }));

    const csv = [
      'product,family,domain,unitPrice,multiplier,validFrom,validTo',
      ',compute,,,0.7,2026-01,',
      ',storage,,0.02,0.5,2026-01,',
    ].join('\n');
    fireEvent.change(screen.getByLabelText('Rules CSV'), {
      target: { value: csv },
    });
    const preview = screen.getByRole('table', { name: 'CSV preview' });
    const previewRows = within(preview).getAllByRole('row');
    expect(previewRows[1]).toHaveTextContent('OK');
    expect(previewRows[2]).toHaveTextContent(
      'give exactly one of unitPrice or multiplier',
    );

    fireEvent.click(screen.getByRole('button', { name: 'Import' }));
    const report = await screen.findByRole('status', { name: 'Import report' });
    expect(report).toHaveTextContent('1 rules added, 1 rejected.');
    expect(report).toHaveTextContent(
      'Row 2: give exactly one of unitPrice or multiplier',
    );
    expect(addPricingRules).toHaveBeenCalledWith('q3-what-if', csv);
  });

  it('shows the audit trail of the open view', async () => {
    renderWith(fakeApi());
    await openView('q3-what-if');
    fireEvent.click(screen.getByRole('tab', { name: 'Audit trail' }));
    const audit = await screen.findByRole('table', { name: 'Audit trail' });
    expect(audit).toHaveTextContent('user:default/ada');
    expect(audit).toHaveTextContent('pricing-view-create');
    expect(audit).toHaveTextContent('{"key":"q3-what-if"}');
  });

  it('deletes a view after confirmation', async () => {
    const deletePricingView = jest.fn(async () => undefined);
    const api = fakeApi({ deletePricingView });
    renderWith(api);
    await openView('q3-what-if');
    fireEvent.click(screen.getByRole('button', { name: 'Delete view' }));
    const dialog = await screen.findByRole('dialog');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Delete' }));
    await waitFor(() =>
      expect(deletePricingView).toHaveBeenCalledWith('q3-what-if'),
    );
    await waitFor(() =>
      expect(screen.queryByRole('table', { name: 'Pricing rules' })).toBeNull(),
    );
    expect(api.listPricingViews).toHaveBeenCalledTimes(2);
  });

  it('hides every edit control without the permissions', async () => {
    const permissionApi = renderWith(fakeApi(), AuthorizeResult.DENY);
    await openView('q3-what-if');
    await waitFor(() => expect(permissionApi.authorize).toHaveBeenCalled());
    expect(
      screen.queryByRole('button', { name: /New pricing view/ }),
    ).toBeNull();
    expect(screen.queryByRole('form', { name: 'Add rule' })).toBeNull();
    expect(screen.queryByRole('button', { name: /Delete/ })).toBeNull();
    expect(screen.queryByRole('tab', { name: 'Import CSV' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Save changes' })).toBeNull();
  });

  it('keeps the actual view read-only even for allowed users', async () => {
    renderWith(fakeApi());
    await openView('actual');
    expect(
      screen.getByText(/written by the ingestion batch/),
    ).toBeInTheDocument();
    expect(screen.queryByRole('form', { name: 'Add rule' })).toBeNull();
    expect(screen.queryByRole('button', { name: /Delete/ })).toBeNull();
    expect(screen.queryByRole('tab', { name: 'Import CSV' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Save changes' })).toBeNull();
    expect(
      screen.getByRole('button', { name: /New pricing view/ }),
    ).toBeInTheDocument();
  });

  it('picks rule targets among what the API lists, takes months and a "$1,200.50" price', async () => {
    const addPricingRules = jest.fn(async () => ({ added: 1, rejected: [] }));
    const listPricingRuleTargets = jest.fn(
      async (query: { type: 'family' | 'product'; search?: string }) =>
        query.type === 'family'
          ? [
              { key: 'compute', name: 'Compute', domain: 'CLOUD' },
              { key: 'storage', name: 'Storage', domain: 'CLOUD' },
            ]
          : [
              {
                key: 'demo/aws:AmazonEC2:BoxUsage:m5.large:us-east-1',
                name: 'EC2 m5.large',
                family: 'compute',
                unit: 'Hrs',
              },
            ].filter(p => !query.search || p.key.includes(query.search)),
    );
    renderWith(fakeApi({ addPricingRules, listPricingRuleTargets }));
    await openView('q3-what-if');
    const form = screen.getByRole('form', { name: 'Add rule' });

    // Families: a select of the API's families, by name.
    const family = await within(form).findByRole('option', {
      name: 'Compute (compute)',
    });
    expect(family.closest('select')).toHaveAttribute(
      'id',
      'finops-rule-target',
    );
    fireEvent.change(within(form).getByLabelText('Target'), {
      target: { value: 'storage' },
    });
    // Domains: a select too.
    fireEvent.change(within(form).getByLabelText('Target type'), {
      target: { value: 'domain' },
    });
    expect(
      await within(form).findByRole('option', { name: 'CLOUD – Cloud' }),
    ).toBeInTheDocument();
    // Products: searched as typed.
    fireEvent.change(within(form).getByLabelText('Target type'), {
      target: { value: 'product' },
    });
    const target = within(form).getByRole('textbox', { name: 'Target' });
    fireEvent.change(target, { target: { value: 'm5.large' } });
    await waitFor(() =>
      expect(listPricingRuleTargets).toHaveBeenCalledWith(
        expect.objectContaining({ type: 'product', search: 'm5.large' }),
      ),
    );
    fireEvent.click(
      await screen.findByRole('option', { name: /EC2 m5.large/ }),
    );
    expect(target).toHaveValue(
      'demo/aws:AmazonEC2:BoxUsage:m5.large:us-east-1',
    );

    // Months are month inputs, not free text.
    const validFrom = within(form).getByLabelText('Valid from');
    expect(validFrom).toHaveAttribute('type', 'month');
    expect(within(form).getByLabelText('Valid to')).toHaveAttribute(
      'type',
      'month',
    );
    fireEvent.change(validFrom, { target: { value: '2026-04' } });
    fireEvent.change(within(form).getByLabelText('Valid to'), {
      target: { value: '2026-09' },
    });
    // The price reads as people type it; the view's currency is shown.
    const price = within(form).getByLabelText('Unit price');
    expect(price.closest('.MuiInputBase-root')).toHaveTextContent('$');
    fireEvent.change(price, { target: { value: '$1,200.50' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Add rule' }));
    await waitFor(() =>
      expect(addPricingRules).toHaveBeenCalledWith('q3-what-if', [
        {
          product: 'demo/aws:AmazonEC2:BoxUsage:m5.large:us-east-1',
          unitPrice: '1200.50',
          validFrom: '2026-04',
          validTo: '2026-09',
        },
      ]),
    );
  });

  it('drops a stale rejection as soon as the rule is changed', async () => {
    renderWith(
      fakeApi({
        addPricingRules: jest.fn(async () => ({
          added: 0,
          rejected: [{ index: 0, reason: 'overlaps rule 7' }],
        })),
      }),
    );
    await openView('q3-what-if');
    const form = screen.getByRole('form', { name: 'Add rule' });
    fireEvent.change(within(form).getByLabelText('Target'), {
      target: { value: 'compute' },
    });
    const price = within(form).getByLabelText('Unit price');
    fireEvent.change(price, { target: { value: '5,00' } });
    fireEvent.blur(price);
    expect(
      within(form).getByText('Enter a number such as 5000, 5,000 or 5000.50'),
    ).toBeInTheDocument();
    fireEvent.change(price, { target: { value: '0.05' } });
    expect(
      within(form).queryByText('Enter a number such as 5000, 5,000 or 5000.50'),
    ).toBeNull();
    fireEvent.click(within(form).getByRole('button', { name: 'Add rule' }));
    expect(
      await within(form).findByText('Rule rejected: overlaps rule 7'),
    ).toBeInTheDocument();
    fireEvent.change(within(form).getByLabelText('Valid from'), {
      target: { value: '2026-08' },
    });
    expect(within(form).queryByText(/Rule rejected/)).toBeNull();
  });

  it("shows the server's dry-run reasons in the CSV preview and imports only a clean file", async () => {
    const checkPricingRules = jest.fn(async (_key: string, text: unknown) =>
      String(text).includes('nope')
        ? {
            dryRun: true,
            added: 0,
            valid: 0,
            rejected: [{ index: 1, reason: "unknown family 'nope'" }],
          }
        : { dryRun: true, added: 0, valid: 2, rejected: [] },
    );
    const addPricingRules = jest.fn(async () => ({ added: 2, rejected: [] }));
    renderWith(fakeApi({ checkPricingRules, addPricingRules }));
    await openView('q3-what-if');
    fireEvent.click(screen.getByRole('tab', { name: 'Import CSV' }));

    const header =
      'product,family,domain,unitPrice,multiplier,validFrom,validTo';
    const bad = [
      header,
      ',compute,,,0.7,2026-01,',
      ',nope,,,0.5,2026-01,',
    ].join('\n');
    fireEvent.change(screen.getByLabelText('Rules CSV'), {
      target: { value: bad },
    });
    // The row looks fine here; the server knows the family does not exist.
    const status = screen.getByRole('status', { name: 'Server check' });
    await waitFor(() =>
      expect(status).toHaveTextContent(
        'Checked by the server: 2 rows, 1 with problems.',
      ),
    );
    const preview = screen.getByRole('table', { name: 'CSV preview' });
    expect(within(preview).getAllByRole('row')[2]).toHaveTextContent(
      "unknown family 'nope'",
    );
    expect(within(preview).getAllByRole('row')[1]).toHaveTextContent('OK');
    expect(checkPricingRules).toHaveBeenCalledWith('q3-what-if', bad);
    expect(screen.getByRole('button', { name: 'Import' })).toBeDisabled();
    expect(addPricingRules).not.toHaveBeenCalled();

    const fixed = bad.replace('nope', 'storage');
    fireEvent.change(screen.getByLabelText('Rules CSV'), {
      target: { value: fixed },
    });
    await waitFor(() =>
      expect(status).toHaveTextContent(
        'Checked by the server: all 2 rows can be imported.',
      ),
    );
    expect(
      within(screen.getByRole('table', { name: 'CSV preview' })).queryByText(
        "unknown family 'nope'",
      ),
    ).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Import' }));
    const report = await screen.findByRole('status', { name: 'Import report' });
    expect(report).toHaveTextContent('2 rules added, 0 rejected.');
    expect(addPricingRules).toHaveBeenCalledWith('q3-what-if', fixed);
  });
});
