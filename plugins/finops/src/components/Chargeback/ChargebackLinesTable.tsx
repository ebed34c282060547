import {
  Chip,
  Table,
  TableBody,
  TableCell,
  TableRow,
  Tooltip,
} from '@material-ui/core';
import { ChargebackLine } from '@finops-backstage/plugin-finops-common';
import { formatMoney, formatQuantity, TableHeadRow } from '../shared';

/** Props of {@link ChargebackLinesTable}. */
export interface ChargebackLinesTableProps {
  lines: ChargebackLine[];
  currency: string;
}

/** How each amount was computed: quantity × unit price; for INDIRECT lines coefficient × amount distributed. */
export function ChargebackLinesTable({
  lines,
  currency,
}: ChargebackLinesTableProps) {
  return (
    <Table size="small" aria-label="Chargeback lines">
      <TableHeadRow
        headings={[
          'Product',
          'Mode',
          'How',
          { right: 'Quantity' },
          { right: 'Unit price' },
          { right: 'Cost' },
        ]}
      />
      <TableBody>
        {lines.map(line => (
          <TableRow
            key={`${line.entityRef ?? 'unallocated'}|${line.productKey}`}
          >
            <TableCell>{line.productName}</TableCell>
            <TableCell>
              <Chip
                size="small"
                label={line.mode === 'INDIRECT' ? 'Indirect' : 'Direct'}
                color={line.mode === 'INDIRECT' ? 'secondary' : 'default'}
              />
            </TableCell>
            <TableCell>
              {line.mode === 'INDIRECT'
                ? `${
                    line.methodLabel ?? line.methodKey ?? line.domainKey
                  }: coefficient ${line.quantity} of ${
                    line.unitPrice ? formatMoney(line.unitPrice, currency) : '?'
                  }`
                : 'quantity × unit price'}
            </TableCell>
            <TableCell align="right">
              {formatQuantity(line.quantity, line.unit)}
            </TableCell>
            <TableCell align="right">{line.unitPrice ?? '—'}</TableCell>
            <TableCell align="right">
              {line.cost ? (
                formatMoney(line.cost, currency)
              ) : (
                <Tooltip title="No price in this view: not costed">
                  <span>unpriced</span>
                </Tooltip>
              )}
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
