import { InfoCard } from '@backstage/core-components';
import {
  Chip,
  Table,
  TableBody,
  TableCell,
  TableRow,
  Typography,
} from '@material-ui/core';
import { CostResponse } from '@finops-backstage/plugin-finops-common';
import { formatMoney, TableHeadRow } from '../shared';

/** Props of {@link IndirectSharesTable}. */
export interface IndirectSharesTableProps {
  costs: CostResponse;
}

/** A coefficient (a fraction of 1) as a percentage, for display. */
function percentOf(coefficient: string): string {
  const percent = Number(coefficient) * 100;
  return `${percent.toLocaleString('en-US', {
    maximumFractionDigits: percent < 1 ? 4 : 2,
  })}%`;
}

/** How the INDIRECT domains were shared: per domain and month, the method, coefficient and amounts. */
export function IndirectSharesTable(props: IndirectSharesTableProps) {
  const { costs } = props;
  const shares = [...costs.indirectShares].sort(
    (a, b) => a.label.localeCompare(b.label) || a.month.localeCompare(b.month),
  );

  return (
    <InfoCard
      title="Indirect costs"
      subheader="Shared amounts charged to this entity by a coefficient of each month"
    >
      {shares.length === 0 ? (
        <Typography color="textSecondary">
          No indirect cost in this period.
        </Typography>
      ) : (
        <Table size="small" aria-label="Indirect costs">
          <TableHeadRow
            headings={[
              'Domain',
              'Month',
              'Method',
              { right: 'Coefficient' },
              { right: 'Amount distributed' },
              { right: 'Cost' },
            ]}
          />
          <TableBody>
            {shares.map((share, index) => (
              <TableRow key={`${share.domainKey}-${share.month}-${index}`}>
                <TableCell>
                  {share.domainKey}{' '}
                  <Chip size="small" variant="outlined" label="Indirect" />
                </TableCell>
                <TableCell>{share.month}</TableCell>
                <TableCell>
                  {share.label}
                  {share.methodKey && (
                    <Typography
                      variant="caption"
                      color="textSecondary"
                      display="block"
                    >
                      {share.methodKey}
                    </Typography>
                  )}
                </TableCell>
                <TableCell align="right">
                  {percentOf(share.coefficient)}
                </TableCell>
                <TableCell align="right">
                  {formatMoney(share.amountDistributed, costs.currency)}
                </TableCell>
                <TableCell align="right">
                  {formatMoney(share.cost, costs.currency)}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </InfoCard>
  );
}
