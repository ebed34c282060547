import {
  ChargebackReport,
  toCsv,
} from '@finops-backstage/plugin-finops-common';
import Decimal from 'decimal.js';

/**
 * The finance export: one line per owner, cost centre, system and product, with its quantity,
 * unit price and cost (unpriced quantities have no price and no cost).
 */
export function chargebackCsv(report: ChargebackReport): string {
  const lines = new Map<
    string,
    {
      cells: string[];
      quantity: Decimal;
      unitPrice?: string;
      cost?: Decimal;
      unit: string;
    }
  >();
  for (const line of report.lines) {
    const owner = line.entityRef ? line.ownerRef ?? 'none' : 'unallocated';
    const costCenter = line.entityRef
      ? line.costCenter ?? 'none'
      : 'unallocated';
    const system = line.entityRef ? line.systemRef ?? 'none' : 'unallocated';
    const cells = [
      owner,
      costCenter,
      system,
      line.domainKey,
      line.mode,
      line.productKey,
      line.productName,
    ];
    const key = [...cells, line.unitPrice ?? ''].join('\u0000');
    const entry = lines.get(key) ?? {
      cells,
      quantity: new Decimal(0),
      unitPrice: line.unitPrice,
      cost: line.cost === undefined ? undefined : new Decimal(0),
      unit: line.unit,
    };
    entry.quantity = entry.quantity.plus(line.quantity);
    if (entry.cost && line.cost) entry.cost = entry.cost.plus(line.cost);
    lines.set(key, entry);
  }
  return toCsv(
    [
      'month',
      'view',
      'owner',
      'cost_center',
      'system',
      'domain',
      'mode',
      'product',
      'product_name',
      'quantity',
      'unit',
      'unit_price',
      'cost',
      'currency',
    ],
    [...lines.values()].map(entry => [
      report.month,
      report.view.key,
      ...entry.cells,
      entry.quantity.toFixed(),
      entry.unit,
      entry.unitPrice,
      entry.cost?.toFixed(2),
      report.currency,
    ]),
  );
}
