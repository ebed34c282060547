import { WarningPanel } from '@backstage/core-components';
import { TableBody, TableCell, TableRow } from '@material-ui/core';
import { UnpricedQuantity } from '@finops-backstage/plugin-finops-common';
import { formatQuantity, TableHeadRow, FigureTable } from '../shared';

/** Props of {@link UnpricedWarning}. */
export interface UnpricedWarningProps {
  unpriced: UnpricedQuantity[];
  viewName: string;
}

/** Flags the quantities no rule of the view prices: they are left out of the totals, not costed at 0. */
export function UnpricedWarning(props: UnpricedWarningProps) {
  const { unpriced, viewName } = props;
  if (unpriced.length === 0) {
    return null;
  }
  const products = new Set(unpriced.map(item => item.productKey)).size;
  return (
    <WarningPanel
      title="Unpriced quantities"
      defaultExpanded
      message={`${products} product(s) have quantities that no rule of the view "${viewName}" prices. They are not in the totals above: the cost shown is lower than the real cost by an unknown amount.`}
    >
      <FigureTable aria-label="Unpriced quantities">
        <TableHeadRow
          headings={[
            'Product',
            'Month',
            { right: 'Quantity' },
            { right: 'Cost' },
          ]}
        />
        <TableBody>
          {unpriced.map(item => (
            <TableRow key={`${item.productKey}-${item.month}`}>
              <TableCell>
                {item.name} ({item.productKey})
              </TableCell>
              <TableCell>{item.month}</TableCell>
              <TableCell align="right">
                {formatQuantity(item.quantity, item.unit)}
              </TableCell>
              <TableCell align="right">not priced</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </FigureTable>
    </WarningPanel>
  );
}
