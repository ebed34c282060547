import { useState } from 'react';
import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { usePermission } from '@backstage/plugin-permission-react';
import {
  Box,
  Button,
  Chip,
  Grid,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Typography,
} from '@material-ui/core';
import {
  ChargebackGroup,
  ChargebackOwner,
  finopsChargebackClosePermission,
} from '@finops-backstage/plugin-finops-common';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { finopsApiRef } from '../../api';
import { errorMessage, formatMoney, recentMonths } from '../shared';
import { ChargebackControls } from './ChargebackControls';

function GroupTable(props: {
  title: string;
  groups: Array<ChargebackGroup | ChargebackOwner>;
  currency: string;
  rolledUp?: boolean;
}) {
  return (
    <InfoCard title={props.title} noPadding>
      <Table size="small" aria-label={props.title}>
        <TableHead>
          <TableRow>
            <TableCell>{props.title.replace(/^By /, '')}</TableCell>
            <TableCell align="right">Direct</TableCell>
            <TableCell align="right">Indirect</TableCell>
            <TableCell align="right">Cost</TableCell>
            {props.rolledUp && (
              <TableCell align="right">With child groups</TableCell>
            )}
          </TableRow>
        </TableHead>
        <TableBody>
          {props.groups.map(group => (
            <TableRow key={group.key}>
              <TableCell>
                {group.key === 'unallocated' ? (
                  <Chip size="small" label="Unallocated" />
                ) : (
                  group.key
                )}
              </TableCell>
              <TableCell align="right">
                {formatMoney(group.direct, props.currency)}
              </TableCell>
              <TableCell align="right">
                {formatMoney(group.indirect, props.currency)}
              </TableCell>
              <TableCell align="right">
                {formatMoney(group.cost, props.currency)}
              </TableCell>
              {props.rolledUp && (
                <TableCell align="right">
                  {formatMoney(
                    (group as ChargebackOwner).rolledUp,
                    props.currency,
                  )}
                </TableCell>
              )}
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </InfoCard>
  );
}

/** The Chargeback tab of the FinOps page: a month's report by owner, cost centre and system. */
export function ChargebackContent() {
  const finopsApi = useApi(finopsApiRef);
  const { allowed: canClose } = usePermission({
    permission: finopsChargebackClosePermission,
  });
  const [month, setMonth] = useState(recentMonths()[1]);
  const [view, setView] = useState('actual');
  const [closeError, setCloseError] = useState<string | undefined>();
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
    setCloseError(undefined);
    try {
      await finopsApi.closeChargeback({ month, view });
      retry();
    } catch (e) {
      setCloseError(errorMessage(e));
    }
  };

  let body;
  if (loading && !value) {
    body = <Progress />;
  } else if (error || !value) {
    body = (
      <ResponseErrorPanel
        error={error ?? new Error('No answer')}
        title="Could not load the chargeback report"
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
        <Grid item xs={12} md={6}>
          <GroupTable
            title="By owner"
            groups={value.byOwner}
            currency={value.currency}
            rolledUp
          />
        </Grid>
        <Grid item xs={12} md={6}>
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
      <Box mb={2} display="flex" alignItems="center" style={{ gap: 16 }}>
        <ChargebackControls
          month={month}
          view={view}
          onMonth={setMonth}
          onView={setView}
        />
        <Button variant="outlined" onClick={exportCsv}>
          Export CSV
        </Button>
        {canClose && value?.status === 'open' && (
          <Button variant="contained" color="primary" onClick={close}>
            Close {month}
          </Button>
        )}
        {closeError && <Typography color="error">{closeError}</Typography>}
      </Box>
      {body}
    </>
  );
}
