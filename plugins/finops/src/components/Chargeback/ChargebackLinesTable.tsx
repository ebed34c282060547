import { Chip, Tooltip } from '@material-ui/core';
import { ChargebackLine } from '@finops-backstage/plugin-finops-common';
import {
  DataColumn,
  DataTable,
  formatCoefficient,
  formatMoney,
  formatQuantity,
  formatUnitPrice,
} from '../shared';

/** Props of {@link ChargebackLinesTable}. */
export interface ChargebackLinesTableProps {
  lines: ChargebackLine[];
  currency: string;
}

/**
 * How each amount was computed: quantity × unit price; for INDIRECT lines coefficient × amount
 * distributed. Prices show six significant digits, coefficients as percentages; the exact values
 * are in the tooltips and the CSV export.
 */
export function ChargebackLinesTable({
  lines,
  currency,
}: ChargebackLinesTableProps) {
  const indirect = (line: ChargebackLine) => line.mode === 'INDIRECT';
  const columns: DataColumn<ChargebackLine>[] = [
    {
      id: 'product',
      title: 'Product',
      sortValue: line => line.productName,
      render: line => line.productName,
    },
    {
      id: 'mode',
      title: 'Mode',
      sortValue: line => line.mode,
      render: line => (
        <Chip
          size="small"
          label={indirect(line) ? 'Indirect' : 'Direct'}
          color={indirect(line) ? 'secondary' : 'default'}
        />
      ),
    },
    {
      id: 'how',
      title: 'How',
      render: line =>
        indirect(line)
          ? `${
              line.methodLabel ?? line.methodKey ?? line.domainKey
            }: ${formatCoefficient(line.quantity)} of ${
              line.unitPrice ? formatMoney(line.unitPrice, currency) : '?'
            }`
          : 'quantity × unit price',
    },
    {
      id: 'quantity',
      title: 'Quantity',
      numeric: true,
      sortValue: line => Number(line.quantity),
      render: line => (
        <Tooltip title={line.quantity}>
          <span>
            {indirect(line)
              ? formatCoefficient(line.quantity)
              : formatQuantity(line.quantity, line.unit)}
          </span>
        </Tooltip>
      ),
    },
    {
      id: 'unitPrice',
      title: 'Unit price',
      numeric: true,
      sortValue: line => Number(line.unitPrice ?? 0),
      render: line =>
        line.unitPrice ? (
          <Tooltip title={line.unitPrice}>
            <span>{formatUnitPrice(line.unitPrice, currency)}</span>
          </Tooltip>
        ) : (
          '—'
        ),
    },
    {
      id: 'cost',
      title: 'Cost',
      numeric: true,
      sortValue: line => Number(line.cost ?? 0),
      render: line =>
        line.cost ? (
          formatMoney(line.cost, currency)
        ) : (
          <Tooltip title="No price in this view: not costed">
            <span>unpriced</span>
          </Tooltip>
        ),
    },
  ];
  return (
    <DataTable
      aria-label="Chargeback lines"
      columns={columns}
      rows={lines}
      rowKey={line => `${line.entityRef ?? 'unallocated'}|${line.productKey}`}
      initialSort={{ column: 'cost', direction: 'desc' }}
    />
  );
}
