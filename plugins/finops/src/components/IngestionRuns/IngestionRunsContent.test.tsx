import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { IngestionRunSummary } from '@finops-backstage/plugin-finops-common';
import { IngestionRunDetail } from '../../api';
import { IngestionRunsContent } from './IngestionRunsContent';
import { permissionRendererOf } from '../../__testUtils__/renderWithPermission';

const finished: IngestionRunSummary = {
  runId: 7,
  trigger: 'schedule',
  status: 'partial',
  force: false,
  startedAt: '2026-03-08T02:00:00Z',
  finishedAt: '2026-03-08T02:01:05Z',
  loads: 2,
  rowsRead: 12000,
  rowsLoaded: 11999,
  rowsRejected: 1,
  requests: 0,
};

const detail: IngestionRunDetail = {
  ...finished,
  error: '1 refused of 2 load(s)',
  note: 'azure-export: left out 1 month(s) of the data outside the last 36 months: 2022-01',
  ledger: [
    {
      sourceKey: 'aws-cur',
      domainKey: 'AWS',
      month: '2026-02',
      status: 'succeeded',
      rowsRead: 8000,
      rowsLoaded: 8000,
      rowsRejected: 0,
      isFinal: true,
    },
    {
      sourceKey: 'azure-export',
      domainKey: 'AZURE',
      month: '2026-03',
      status: 'refused',
      rowsRead: 4000,
      rowsLoaded: 3999,
      rowsRejected: 1,
      isFinal: false,
      detail:
        'refused: incomplete delivery: part-2.csv.gz is cut; previous data kept',
    },
  ],
  rejected: [
    {
      sourceKey: 'azure-export',
      domainKey: 'AZURE',
      month: '2026-03',
      line: '2026-03-01,sub-1,VM,abc',
      reason: 'cost: not a number',
    },
  ],
};

const renderWith = permissionRendererOf(<IngestionRunsContent />);

describe('IngestionRunsContent', () => {
  it('lists the runs and shows a run with its loads and rejected rows', async () => {
    const api = {
      listRuns: jest.fn(async () => [finished]),
      getRun: jest.fn(async () => detail),
    };
    const permissionApi = renderWith(api, AuthorizeResult.DENY);

    const row = await screen.findByRole('row', { name: /Run 7/ });
    expect(row).toHaveTextContent('#7');
    expect(row).toHaveTextContent('schedule');
    expect(row).toHaveTextContent('partial');
    expect(row).toHaveTextContent('12,000');
    expect(row).toHaveTextContent('11,999');
    expect(row).toHaveTextContent('1m 5s');
    await waitFor(() => expect(permissionApi.authorize).toHaveBeenCalled());
    expect(screen.queryByRole('button', { name: /Run now/ })).toBeNull();

    fireEvent.click(row);

    const rejected = await screen.findByRole('table', {
      name: 'Rejected rows',
    });
    expect(api.getRun).toHaveBeenCalledWith(7);
    expect(rejected).toHaveTextContent('2026-03-01,sub-1,VM,abc');
    expect(rejected).toHaveTextContent('cost: not a number');
    const loads = screen.getByRole('table', { name: 'Loads' });
    expect(within(loads).getByText('aws-cur')).toBeInTheDocument();
    expect(within(loads).getByText('final')).toBeInTheDocument();
    expect(within(loads).getByText('provisional')).toBeInTheDocument();
    expect(within(loads).getByText('refused')).toBeInTheDocument();
    expect(screen.getByRole('alert')).toHaveTextContent(
      '1 refused of 2 load(s)',
    );
    expect(
      screen.getByText(/left out 1 month\(s\) of the data/),
    ).toBeInTheDocument();
    expect(
      within(loads).getByText(
        'refused: incomplete delivery: part-2.csv.gz is cut; previous data kept',
      ),
    ).toBeInTheDocument();
  });

  it('shows the rejected rows by reason, and says why, when their content is withheld', async () => {
    const withheld = {
      ...detail,
      rejected: [],
      rawRowsWithheld: true,
      rejectedReasons: [
        {
          sourceKey: 'azure-export',
          domainKey: 'AZURE',
          month: '2026-03',
          reason: 'bad number',
          rows: 1200,
        },
        {
          sourceKey: 'azure-export',
          domainKey: 'AZURE',
          month: '2026-03',
          reason: 'unknown entity',
          rows: 3,
        },
      ],
    };
    const api = {
      listRuns: jest.fn(async () => [finished]),
      getRun: jest.fn(async () => withheld),
    };
    renderWith(api, AuthorizeResult.DENY);
    fireEvent.click(await screen.findByRole('row', { name: /Run 7/ }));

    const reasons = await screen.findByRole('table', {
      name: 'Rejected rows by reason',
    });
    const rows = within(reasons).getAllByRole('row');
    expect(rows[1]).toHaveTextContent('bad number');
    expect(rows[1]).toHaveTextContent('1,200');
    expect(rows[2]).toHaveTextContent('unknown entity');
    expect(
      screen.getByText(/1,203 rows rejected\. The rows themselves/),
    ).toHaveTextContent('finops.rawRows.read');
    expect(screen.queryByRole('table', { name: 'Rejected rows' })).toBeNull();
    expect(screen.queryByText('No row was rejected.')).toBeNull();
  });

  it('says when there is no run yet', async () => {
    renderWith({ listRuns: jest.fn(async () => []) }, AuthorizeResult.DENY);
    expect(await screen.findByText('No ingestion run yet')).toBeInTheDocument();
  });

  it('shows an error when the list fails', async () => {
    renderWith(
      {
        listRuns: jest.fn(async () => {
          throw new Error('mart unavailable');
        }),
      },
      AuthorizeResult.ALLOW,
    );
    expect(
      await screen.findByText(/Could not load the ingestion runs/),
    ).toBeInTheDocument();
    expect(document.body.textContent).toContain('mart unavailable');
  });

  it('starts a run and follows it until it ends', async () => {
    const running: IngestionRunSummary = {
      ...finished,
      runId: 8,
      trigger: 'manual',
      requestedBy: 'user:default/alice',
      status: 'running',
      finishedAt: undefined,
      loads: 0,
      rowsRead: 0,
      rowsLoaded: 0,
      rowsRejected: 0,
    };
    let calls = 0;
    const api = {
      listRuns: jest.fn(async () => {
        calls += 1;
        if (calls === 1) {
          return [finished];
        }
        if (calls === 2) {
          return [running, finished];
        }
        return [
          {
            ...running,
            status: 'succeeded' as const,
            finishedAt: '2026-03-08T02:00:30Z',
          },
          finished,
        ];
      }),
      triggerRun: jest.fn(async () => ({ runId: 8 })),
    };
    renderWith(api, AuthorizeResult.ALLOW);

    fireEvent.click(await screen.findByRole('button', { name: /Run now/ }));

    expect(await screen.findByText('Run #8 is running…')).toBeInTheDocument();
    expect(api.triggerRun).toHaveBeenCalled();
    expect(screen.getByRole('row', { name: /Run 8/ })).toHaveTextContent(
      'running',
    );

    await waitFor(
      () => expect(screen.queryByText('Run #8 is running…')).toBeNull(),
      { timeout: 5000 },
    );
    expect(screen.getByRole('row', { name: /Run 8/ })).toHaveTextContent(
      'succeeded',
    );
    const callsWhenDone = api.listRuns.mock.calls.length;
    await new Promise(resolve => setTimeout(resolve, 2500));
    expect(api.listRuns).toHaveBeenCalledTimes(callsWhenDone);
  }, 15000);

  it('shows a run whose process died as failed (abandoned), with why', async () => {
    const abandoned: IngestionRunSummary = {
      ...finished,
      runId: 9,
      status: 'failed',
      error:
        'abandoned: no heartbeat since 2026-03-08T02:00:40Z (its process stopped)',
    };
    renderWith(
      {
        listRuns: jest.fn(async () => [abandoned]),
        getRun: jest.fn(async () => ({ ...detail, ...abandoned })),
      },
      AuthorizeResult.DENY,
    );
    const row = await screen.findByRole('row', { name: /Run 9/ });
    expect(row).toHaveTextContent('failed (abandoned)');
    fireEvent.click(row);
    expect(
      await screen.findByText(/abandoned: no heartbeat since/),
    ).toBeInTheDocument();
  });

  it('lets an admin run some months, forced, from the options of Run now', async () => {
    const api = {
      listRuns: jest.fn(async () => [finished]),
      triggerRun: jest.fn(async () => ({ runId: 8 })),
    };
    renderWith(api, AuthorizeResult.ALLOW);
    fireEvent.click(await screen.findByRole('button', { name: /Options/ }));
    const group = screen.getByRole('group', { name: 'Run options' });
    const from = within(group).getByLabelText('From month');
    const to = within(group).getByLabelText('To month');
    expect(from).toHaveAttribute('type', 'month');
    expect(to).toHaveAttribute('type', 'month');

    // A range the wrong way round says so, and Run now waits for a fix.
    fireEvent.change(from, { target: { value: '2026-03' } });
    fireEvent.change(to, { target: { value: '2026-01' } });
    expect(
      within(group).getByText('Must not be before the first month'),
    ).toBeInTheDocument();
    expect(screen.getByRole('button', { name: /Run now/ })).toBeDisabled();
    // Fixed: the error goes at once.
    fireEvent.change(from, { target: { value: '2026-01' } });
    fireEvent.change(to, { target: { value: '2026-03' } });
    expect(
      within(group).queryByText('Must not be before the first month'),
    ).toBeNull();
    fireEvent.click(within(group).getByLabelText('Force'));
    expect(
      screen.getByText('2026-01 to 2026-03 (3 months), forced'),
    ).toBeInTheDocument();

    fireEvent.click(screen.getByRole('button', { name: /Run now/ }));
    await waitFor(() =>
      expect(api.triggerRun).toHaveBeenCalledWith({
        months: ['2026-01', '2026-02', '2026-03'],
        force: true,
      }),
    );
  });

  it("shows the backend's refusal of the options, and drops it once they change", async () => {
    const api = {
      listRuns: jest.fn(async () => [finished]),
      triggerRun: jest.fn(async () => {
        throw new Error('months.0: 2026-02 is listed twice');
      }),
    };
    renderWith(api, AuthorizeResult.ALLOW);
    fireEvent.click(await screen.findByRole('button', { name: /Options/ }));
    const group = screen.getByRole('group', { name: 'Run options' });
    fireEvent.change(within(group).getByLabelText('From month'), {
      target: { value: '2026-02' },
    });
    fireEvent.change(within(group).getByLabelText('To month'), {
      target: { value: '2026-02' },
    });
    fireEvent.click(screen.getByRole('button', { name: /Run now/ }));
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'Could not start a run: months.0: 2026-02 is listed twice',
    );
    fireEvent.click(within(group).getByLabelText('Force'));
    expect(screen.queryByRole('alert')).toBeNull();
  });
});
