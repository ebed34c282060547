import { useState } from 'react';
import { InfoCard, Progress } from '@backstage/core-components';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import { useApi } from '@backstage/frontend-plugin-api';
import { usePermission } from '@backstage/plugin-permission-react';
import { Box, Button, Chip, Grid, Typography } from '@material-ui/core';
import {
  ChargebackGroup,
  ChargebackOwner,
  finopsChargebackClosePermission,
} from '@finops-backstage/plugin-finops-common';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { finopsApiRef } from '../../api';
import {
  ConfirmDeleteDialog,
  CopyLinkButton,
  DataColumn,
  DataTable,
  LoadError,
  formatMoney,
  MONTH_VIEW_URL_KEYS,
  monthViewCodec,
  recentMonths,
  useUrlState,
} from '../shared';
import { ChargebackControls } from './ChargebackControls';

type ChargebackLine = ChargebackGroup | ChargebackOwner;

function GroupTable(props: {
  title: string;
  groups: ChargebackLine[];
  currency: string;
  rolledUp?: boolean;
}) {
  const money = (amount: string) => formatMoney(amount, props.currency);
  const amount = (
    id: 'direct' | 'indirect' | 'cost',
    title: string,
  ): DataColumn<ChargebackLine> => ({
    id,
    title,
    numeric: true,
    sortValue: group => Number(group[id]),
    render: group => money(group[id]),
  });
  const columns: DataColumn<ChargebackLine>[] = [
    {
      id: 'name',
      title: props.title.replace(/^By (.)/, (_, first) => first.toUpperCase()),
      sortValue: group => group.key,
      render: group => {
        if (group.key === 'unallocated') {
          return <Chip size="small" label="Unallocated" />;
        }
        // Owners and systems are catalog entities; cost centres are plain names.
        return group.key.includes(':') ? (
          <EntityRefLink entityRef={group.key} />
        ) : (
          group.key
        );
      },
    },
    amount('direct', 'Direct'),
    amount('indirect', 'Indirect'),
    amount('cost', 'Cost'),
    ...(props.rolledUp
      ? [
          {
            id: 'rolledUp',
            title: 'With child groups',
            numeric: true,
            sortValue: (group: ChargebackLine) =>
              Number((group as ChargebackOwner).rolledUp),
            render: (group: ChargebackLine) =>
              money((group as ChargebackOwner).rolledUp),
          },
        ]
      : []),
  ];
  return (
    <InfoCard title={props.title} noPadding>
      <DataTable
        aria-label={props.title}
        columns={columns}
        rows={props.groups}
        rowKey={group => group.key}
      />
    </InfoCard>
  );
}

/** The Chargeback tab of the FinOps page: a month's report by owner, cost centre and system. */
export function ChargebackContent() {
  const finopsApi = useApi(finopsApiRef);
  const { allowed: canClose } = usePermission({
    permission: finopsChargebackClosePermission,
  });
  const [{ month, view }, setState] = useUrlState(
    monthViewCodec,
    MONTH_VIEW_URL_KEYS,
  );
  const setMonth = (next: string) => setState({ month: next, view });
  const setView = (next: string) => setState({ month, view: next });
  const [confirming, setConfirming] = useState(false);
  // Only a month that is over can be closed (the backend refuses the others too).
  const closable = month < recentMonths()[0];
  const { value, loading, error, retry } = useAsyncRetry(
    () => finopsApi.getChargeback({ month, view }),
    [finopsApi, month, view],
  );

  const exportCsv = async () => {
    const csv = await finopsApi.getChargebackCsv({ month, view });
    const url = URL.createObjectURL(new Blob([csv], { type: 'text/csv' }));
    const link = document.createElement('a');
    link.href = url;
    link.download = `chargeback-${month}-${view}.csv`;
    link.click();
    URL.revokeObjectURL(url);
  };
  const close = async () => {
    await finopsApi.closeChargeback({ month, view });
    setConfirming(false);
    retry();
  };

  let body;
  if (loading && !value) {
    body = <Progress />;
  } else if (error || !value) {
    body = (
      <LoadError
        error={error ?? new Error('No answer')}
        title="Could not load the chargeback report"
        onRetry={retry}
      />
    );
  } else {
    const money = (amount: string) => formatMoney(amount, value.currency);
    body = (
      <Grid container spacing={2}>
        <Grid item xs={12}>
          <Typography variant="h4" data-testid="chargeback-estate-total">
            {money(value.total)}
          </Typography>
          <Typography variant="body2" color="textSecondary" component="div">
            Direct {money(value.direct)} · Indirect {money(value.indirect)} ·
            Unallocated <strong>{money(value.unallocated)}</strong>{' '}
            <Chip
              size="small"
              label={
                value.status === 'closed'
                  ? `Closed by ${value.closed?.closedBy}`
                  : 'Open'
              }
              color={value.status === 'closed' ? 'primary' : 'default'}
            />
          </Typography>
          {value.closed && (
            <Typography
              variant="body2"
              color={
                value.closed.drift.total === '0.00' ? 'textSecondary' : 'error'
              }
            >
              Drift of the live figures since closing:{' '}
              {money(value.closed.drift.total)}
              {value.closed.drift.byOwner
                .map(o => ` · ${o.key} ${money(o.drift)}`)
                .join('')}
            </Typography>
          )}
        </Grid>
        <Grid item xs={12} lg={6}>
          <GroupTable
            title="By owner"
            groups={value.byOwner}
            currency={value.currency}
            rolledUp
          />
        </Grid>
        <Grid item xs={12} lg={6}>
          <GroupTable
            title="By cost centre"
            groups={value.byCostCenter}
            currency={value.currency}
          />
          <Box mt={2}>
            <GroupTable
              title="By system"
              groups={value.bySystem}
              currency={value.currency}
            />
          </Box>
        </Grid>
      </Grid>
    );
  }

  return (
    <>
      <Box
        mb={2}
        display="flex"
        flexWrap="wrap"
        alignItems="center"
        style={{ gap: 16, whiteSpace: 'nowrap' }}
      >
        <ChargebackControls
          month={month}
          view={view}
          onMonth={setMonth}
          onView={setView}
        />
        <Button variant="outlined" onClick={exportCsv}>
          Export CSV
        </Button>
        {canClose && value?.status === 'open' && closable && (
          <Button
            variant="contained"
            color="primary"
            onClick={() => setConfirming(true)}
          >
            Close {month}
          </Button>
        )}
        {canClose && value?.status === 'open' && !closable && (
          <Typography variant="body2" color="textSecondary">
            {month} can be closed once it is over.
          </Typography>
        )}
        <CopyLinkButton />
      </Box>
      {confirming && (
        <ConfirmDeleteDialog
          title={`Close the ${month} chargeback?`}
          actionLabel={`Close ${month}`}
          busyLabel="Closing…"
          onCancel={() => setConfirming(false)}
          onDelete={close}
        >
          Closing freezes the report of {month} in the view {value?.view.name}:
          what each owner is charged is recorded and cannot be changed or
          reopened. Later changes of the live figures are shown as drift.
        </ConfirmDeleteDialog>
      )}
      {body}
    </>
  );
}
