import { InfoCard } from '@backstage/core-components';
import { Typography } from '@material-ui/core';
import { CostResponse } from '@finops-backstage/plugin-finops-common';
import {
  DataColumn,
  DataTable,
  formatQuantity,
  formatUnitPrice,
  moneyColumn,
  shareColumn,
} from '../shared';
import { GroupTotal, totalsByGroup } from './chartData';

/** Props of {@link TopProductsTable}. */
export interface TopProductsTableProps {
  /** Costs by product and month. */
  costs: CostResponse;
}

/** Cost ÷ quantity, an average for display only (4 significant digits); undefined without a quantity. */
function unitPriceOf(product: GroupTotal): string | undefined {
  const quantity = Number(product.quantity);
  if (product.quantity === undefined || quantity === 0) {
    return undefined;
  }
  return String(Number(product.cost) / quantity);
}

/** Every product of the period, largest cost first, with quantity, unit price and share; sortable and paged. */
export function TopProductsTable(props: TopProductsTableProps) {
  const { costs } = props;
  const products = totalsByGroup(costs.rows);
  const columns: DataColumn<GroupTotal>[] = [
    {
      id: 'product',
      title: 'Product',
      sortValue: product => product.label,
      render: product => product.label,
    },
    {
      id: 'quantity',
      title: 'Quantity',
      numeric: true,
      sortValue: product => Number(product.quantity ?? 0),
      render: product =>
        product.quantity !== undefined
          ? formatQuantity(product.quantity, product.unit)
          : '–',
    },
    {
      id: 'unitPrice',
      title: 'Unit price',
      numeric: true,
      sortValue: product => Number(unitPriceOf(product) ?? 0),
      render: product => {
        const price = unitPriceOf(product);
        return price
          ? `${formatUnitPrice(price, costs.currency, 4)}${
              product.unit ? ` / ${product.unit}` : ''
            }`
          : '–';
      },
    },
    moneyColumn('cost', 'Cost', product => product.cost, costs.currency),
    shareColumn(product => product.cost, costs.total),
  ];

  return (
    <InfoCard
      title="Top products"
      subheader={
        products.length > 0
          ? `${products.length} product${
              products.length === 1 ? '' : 's'
            }, largest cost first`
          : undefined
      }
    >
      {products.length === 0 ? (
        <Typography color="textSecondary">
          No priced product in this period.
        </Typography>
      ) : (
        <DataTable
          aria-label="Top products"
          columns={columns}
          rows={products}
          rowKey={product => product.key}
          initialSort={{ column: 'cost', direction: 'desc' }}
        />
      )}
    </InfoCard>
  );
}
