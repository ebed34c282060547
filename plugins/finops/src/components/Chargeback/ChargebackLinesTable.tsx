import {
  Chip,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Tooltip,
} from '@material-ui/core';
import { ChargebackLine } from '@finops-backstage/plugin-finops-common';
import { formatMoney, formatQuantity } from '../shared';

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
      <TableHead>
        <TableRow>
          <TableCell>Product</TableCell>
          <TableCell>Mode</TableCell>
          <TableCell>How</TableCell>
          <TableCell align="right">Quantity</TableCell>
          <TableCell align="right">Unit price</TableCell>
          <TableCell align="right">Cost</TableCell>
        </TableRow>
      </TableHead>
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
