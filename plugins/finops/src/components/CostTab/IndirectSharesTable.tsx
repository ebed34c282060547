import { InfoCard } from '@backstage/core-components';
import { Chip, Tooltip, Typography } from '@material-ui/core';
import {
  CostResponse,
  IndirectShare,
} from '@finops-backstage/plugin-finops-common';
import {
  DataColumn,
  DataTable,
  formatCoefficient,
  labelOf,
  moneyColumn,
} from '../shared';

/** Props of {@link IndirectSharesTable}. */
export interface IndirectSharesTableProps {
  costs: CostResponse;
}

/** How the INDIRECT domains were shared: per domain and month, the method, coefficient and amounts. */
export function IndirectSharesTable(props: IndirectSharesTableProps) {
  const { costs } = props;
  const domainNames = new Map(
    costs.rows
      .filter(row => row.mode === 'INDIRECT')
      .map(row => [row.key, row.label]),
  );
  const shares = [...costs.indirectShares].sort(
    (a, b) =>
      a.domainKey.localeCompare(b.domainKey) || a.month.localeCompare(b.month),
  );
  const columns: DataColumn<IndirectShare>[] = [
    {
      id: 'domain',
      title: 'Domain',
      sortValue: share => share.domainKey,
      render: share => (
        <>
          <Tooltip title={share.domainKey}>
            <span>
              {labelOf(share.domainKey, domainNames.get(share.domainKey))}
            </span>
          </Tooltip>{' '}
          <Chip size="small" variant="outlined" label="Indirect" />
        </>
      ),
    },
    {
      id: 'month',
      title: 'Month',
      sortValue: share => share.month,
      render: share => share.month,
    },
    {
      id: 'method',
      title: 'Method',
      sortValue: share => share.label,
      render: share => (
        <>
          {share.label}
          {share.methodKey && (
            <Typography variant="caption" color="textSecondary" display="block">
              {share.methodKey}
            </Typography>
          )}
        </>
      ),
    },
    {
      id: 'coefficient',
      title: 'Coefficient',
      numeric: true,
      sortValue: share => Number(share.coefficient),
      render: share => (
        <Tooltip title={share.coefficient}>
          <span>{formatCoefficient(share.coefficient)}</span>
        </Tooltip>
      ),
    },
    moneyColumn(
      'distributed',
      'Amount distributed',
      share => share.amountDistributed,
      costs.currency,
    ),
    moneyColumn('cost', 'Cost', share => share.cost, costs.currency),
  ];

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
        <DataTable
          aria-label="Indirect costs"
          columns={columns}
          rows={shares}
          rowKey={share =>
            `${share.domainKey}-${share.month}-${share.methodKey}`
          }
          pageSize={12}
        />
      )}
    </InfoCard>
  );
}
