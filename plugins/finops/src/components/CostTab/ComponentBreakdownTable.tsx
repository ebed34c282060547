import { InfoCard } from '@backstage/core-components';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import {
  Table,
  TableBody,
  TableCell,
  TableRow,
  Typography,
} from '@material-ui/core';
import { CostResponse } from '@finops-backstage/plugin-finops-common';
import { formatMoney, formatShare, TableHeadRow } from '../shared';
import { totalsByGroup } from './chartData';

/** Props of {@link ComponentBreakdownTable}. */
export interface ComponentBreakdownTableProps {
  /** Costs by component and month. */
  costs: CostResponse;
}

/** What each component of a group costs over the period. */
export function ComponentBreakdownTable(props: ComponentBreakdownTableProps) {
  const { costs } = props;
  const components = totalsByGroup(costs.rows);
  return (
    <InfoCard title="By component">
      {components.length === 0 ? (
        <Typography color="textSecondary">
          No component of this group has a cost in this period.
        </Typography>
      ) : (
        <Table size="small" aria-label="By component">
          <TableHeadRow
            headings={['Component', { right: 'Cost' }, { right: 'Share' }]}
          />
          <TableBody>
            {components.map(component => (
              <TableRow key={component.key}>
                <TableCell>
                  {component.key.includes(':') ? (
                    <EntityRefLink entityRef={component.key}>
                      {component.label || component.key}
                    </EntityRefLink>
                  ) : (
                    component.label || component.key
                  )}
                </TableCell>
                <TableCell align="right">
                  {formatMoney(component.cost, costs.currency)}
                </TableCell>
                <TableCell align="right">
                  {formatShare(component.cost, costs.total)}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </InfoCard>
  );
}
