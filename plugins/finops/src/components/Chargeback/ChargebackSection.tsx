import { useState } from 'react';
import {
  EmptyState,
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { Box, Chip, Grid, Typography } from '@material-ui/core';
import useAsync from 'react-use/esm/useAsync';
import { finopsApiRef } from '../../api';
import { formatMoney, recentMonths } from '../shared';
import { ChargebackControls } from './ChargebackControls';
import { ChargebackLinesTable } from './ChargebackLinesTable';

/** Props of {@link ChargebackSection}. */
export interface ChargebackSectionProps {
  entityRef: string;
}

/** The Chargeback section of the Costs tab: what the entity is charged for a month, and how. */
export function ChargebackSection({ entityRef }: ChargebackSectionProps) {
  const finopsApi = useApi(finopsApiRef);
  const [month, setMonth] = useState(recentMonths()[1]);
  const [view, setView] = useState('actual');
  const { value, loading, error } = useAsync(
    () => finopsApi.getChargeback({ month, view, entityRef }),
    [finopsApi, month, view, entityRef],
  );

  let body;
  if (loading) {
    body = <Progress />;
  } else if (error || !value) {
    body = (
      <ResponseErrorPanel
        error={error ?? new Error('No answer')}
        title="Could not load the chargeback"
      />
    );
  } else if (value.lines.length === 0) {
    body = (
      <EmptyState
        missing="data"
        title={`Nothing charged in ${month}`}
        description="No cost of this month maps to this entity."
      />
    );
  } else {
    body = (
      <Grid container spacing={2}>
        <Grid item xs={12}>
          <Typography variant="h4" data-testid="chargeback-total">
            {formatMoney(value.total, value.currency)}
          </Typography>
          <Typography variant="body2" color="textSecondary" component="div">
            charged for {month} in the {value.view.name} view: direct{' '}
            {formatMoney(value.direct, value.currency)}, indirect{' '}
            {formatMoney(value.indirect, value.currency)}{' '}
            <Chip
              size="small"
              label={value.status === 'closed' ? 'Closed' : 'Open'}
              color={value.status === 'closed' ? 'primary' : 'default'}
            />
          </Typography>
          {value.closed && value.closed.drift.total !== '0.00' && (
            <Typography variant="body2" color="error">
              Drift since closing:{' '}
              {formatMoney(value.closed.drift.total, value.currency)}
            </Typography>
          )}
        </Grid>
        <Grid item xs={12}>
          <ChargebackLinesTable lines={value.lines} currency={value.currency} />
        </Grid>
      </Grid>
    );
  }

  return (
    <InfoCard
      title="Chargeback"
      subheader="What this entity is charged, and how each amount is computed"
    >
      <Box mb={2}>
        <ChargebackControls
          month={month}
          view={view}
          onMonth={setMonth}
          onView={setView}
        />
      </Box>
      {body}
    </InfoCard>
  );
}
