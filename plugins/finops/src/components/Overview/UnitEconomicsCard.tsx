import {
  InfoCard,
  ResponseErrorPanel,
  WarningPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import { TableBody, TableCell, TableRow, Typography } from '@material-ui/core';
import useAsync from 'react-use/esm/useAsync';
import { finopsApiRef } from '../../api';
import { TableHeadRow, FigureTable } from '../shared';

/**
 * The entities that have a business metric (unit economics), each linked to its page, whose Costs
 * tab shows the cost per unit; and the metric sources whose last load was refused. Nothing while
 * loading, nor when there is neither.
 */
export function UnitEconomicsCard() {
  const finopsApi = useApi(finopsApiRef);
  const { value, error } = useAsync(
    () => finopsApi.listBusinessMetrics(),
    [finopsApi],
  );
  if (error) {
    return (
      <InfoCard title="Unit economics">
        <ResponseErrorPanel
          error={error}
          title="Could not load the business metrics"
        />
      </InfoCard>
    );
  }
  const refused = value?.sources.filter(s => s.status === 'refused') ?? [];
  if (!value || (value.items.length === 0 && refused.length === 0)) {
    return null;
  }
  return (
    <InfoCard
      title="Unit economics"
      subheader="Entities with a business metric: their Costs tab shows the cost per unit"
    >
      {refused.map(source => (
        <WarningPanel
          key={source.source}
          severity="warning"
          title={`Metric source ${source.source} refused; its previous values are kept`}
          message={source.message}
        />
      ))}
      {value.items.length === 0 ? (
        <Typography color="textSecondary">No entity has a metric.</Typography>
      ) : (
        <FigureTable aria-label="Entities with a business metric">
          <TableHeadRow headings={['Entity', 'Metric', 'Unit', 'Months']} />
          <TableBody>
            {value.items.map(item => (
              <TableRow key={`${item.entityRef} ${item.metric}`}>
                <TableCell>
                  <EntityRefLink entityRef={item.entityRef} />
                </TableCell>
                <TableCell>{item.metric}</TableCell>
                <TableCell>{item.unit}</TableCell>
                <TableCell>
                  {item.firstPeriod} to {item.lastPeriod}
                  {item.daily ? ' (some by day)' : ''}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </FigureTable>
      )}
    </InfoCard>
  );
}
