import { InfoCard } from '@backstage/core-components';
import {
  Table,
  TableBody,
  TableCell,
  TableRow,
  Typography,
} from '@material-ui/core';
import { CostResponse } from '@finops-backstage/plugin-finops-common';
import {
  formatMoney,
  formatQuantity,
  formatShare,
  TableHeadRow,
} from '../shared';
import { totalsByGroup } from './chartData';

/** Props of {@link TopProductsTable}. */
export interface TopProductsTableProps {
  /** Costs by product and month. */
  costs: CostResponse;
  /** How many products to list; default 10. */
  limit?: number;
}

/** Cost ÷ quantity, for display only (small prices keep their significant digits). */
function unitPriceOf(
  cost: string,
  quantity: string,
  currency: string,
): string | undefined {
  const q = Number(quantity);
  if (q === 0) {
    return undefined;
  }
  const price = Number(cost) / q;
  if (Math.abs(price) >= 1) {
    return formatMoney(price.toFixed(2), currency);
  }
  return new Intl.NumberFormat('en-US', {
    style: 'currency',
    currency,
    maximumSignificantDigits: 4,
  }).format(price);
}

/** The products that cost the most over the period, with quantity, unit price and share. */
export function TopProductsTable(props: TopProductsTableProps) {
  const { costs, limit = 10 } = props;
  const products = totalsByGroup(costs.rows);
  const shown = products.slice(0, limit);

  return (
    <InfoCard
      title="Top products"
      subheader={
        products.length > shown.length
          ? `${shown.length} of ${products.length} products; the CSV export with Product split lists them all`
          : undefined
      }
    >
      {shown.length === 0 ? (
        <Typography color="textSecondary">
          No priced product in this period.
        </Typography>
      ) : (
        <Table size="small" aria-label="Top products">
          <TableHeadRow
            headings={[
              'Product',
              { right: 'Quantity' },
              { right: 'Unit price' },
              { right: 'Cost' },
              { right: 'Share' },
            ]}
          />
          <TableBody>
            {shown.map(product => {
              const price =
                product.quantity !== undefined
                  ? unitPriceOf(product.cost, product.quantity, costs.currency)
                  : undefined;
              return (
                <TableRow key={product.key}>
                  <TableCell>{product.label}</TableCell>
                  <TableCell align="right">
                    {product.quantity !== undefined
                      ? formatQuantity(product.quantity, product.unit)
                      : '–'}
                  </TableCell>
                  <TableCell align="right">
                    {price
                      ? `${price}${product.unit ? ` / ${product.unit}` : ''}`
                      : '–'}
                  </TableCell>
                  <TableCell align="right">
                    {formatMoney(product.cost, costs.currency)}
                  </TableCell>
                  <TableCell align="right">
                    {formatShare(product.cost, costs.total)}
                  </TableCell>
                </TableRow>
              );
            })}
          </TableBody>
        </Table>
      )}
    </InfoCard>
  );
}
