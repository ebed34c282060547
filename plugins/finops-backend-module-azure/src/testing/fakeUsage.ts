import Decimal from 'decimal.js';
import { FakeUsage } from './FakeAzureServer';

export const SUBSCRIPTION = '00000000-0000-0000-0000-00000000000a';
export const OTHER_SUBSCRIPTION = '00000000-0000-0000-0000-00000000000b';
export const VM_METER = '9cb0f4b6-7e55-4d2f-8a16-1f0e2c3d4e51';
export const STORAGE_METER = '3f1e2d4c-5b6a-4978-8c1d-2e3f4a5b6c72';
export const RESERVED_METER = '7a8b9c0d-1e2f-4a3b-9c4d-5e6f7a8b9c03';

function daysOf(month: string): string[] {
  const [year, m] = month.split('-').map(Number);
  const count = new Date(Date.UTC(year, m, 0)).getUTCDate();
  return Array.from(
    { length: count },
    (_, i) => `${month}-${String(i + 1).padStart(2, '0')}`,
  );
}

/**
 * A month of usage of two subscriptions: VMs tagged for two apps and untagged, blob storage
 * with amounts of 19 significant digits (beyond a float), a reserved VM covered by a
 * reservation (nothing billed per day, amortized cost instead), the reservation's purchase on
 * the 1st (billed, no meter, amortized away), and a few lines of the other subscription.
 */
export function fakeMonthOfUsage(month: string, scale = '1'): FakeUsage[] {
  const lines: FakeUsage[] = [];
  const factor = new Decimal(scale);
  const vm = {
    subscriptionId: SUBSCRIPTION,
    meterId: VM_METER,
    meter: 'D4s v5',
    service: 'Virtual Machines',
    location: 'westeurope',
    unit: '1 Hour',
    currency: 'USD',
  };
  for (const [index, day] of daysOf(month).entries()) {
    for (const [app, hours] of [
      ['cart-service', '48'],
      ['ledger-service', '24'],
    ] as const) {
      const quantity = new Decimal(hours).times(factor);
      const cost = quantity.times('0.192');
      lines.push({
        ...vm,
        day,
        tags: { app, env: 'prod' },
        quantity: quantity.toFixed(),
        cost: cost.toFixed(),
        amortizedCost: cost.toFixed(),
      });
    }
    // Untagged, split in two usage lines the API sums.
    for (const hours of ['5.5', '0.25']) {
      const cost = new Decimal(hours).times('0.192');
      lines.push({
        ...vm,
        day,
        tags: {},
        quantity: hours,
        cost: cost.toFixed(),
        amortizedCost: cost.toFixed(),
      });
    }
    const gb = new Decimal('1234.5678901234567').plus(index);
    lines.push({
      day,
      subscriptionId: SUBSCRIPTION,
      meterId: STORAGE_METER,
      meter: 'Hot LRS Data Stored',
      service: 'Storage',
      location: 'westeurope',
      unit: '1 GB/Month',
      tags: { app: 'cart-service' },
      quantity: gb.toFixed(),
      cost: gb.times('0.000593548387096774').toFixed(),
      amortizedCost: gb.times('0.000593548387096774').toFixed(),
      currency: 'USD',
    });
    lines.push({
      day,
      subscriptionId: SUBSCRIPTION,
      meterId: RESERVED_METER,
      meter: 'E8s v5',
      service: 'Virtual Machines',
      location: 'northeurope',
      unit: '1 Hour',
      tags: { app: 'ledger-service' },
      quantity: '24',
      cost: '0',
      amortizedCost: '7.123456789012345678',
      currency: 'USD',
    });
    lines.push({
      day,
      subscriptionId: OTHER_SUBSCRIPTION,
      meterId: VM_METER,
      meter: 'D4s v5',
      service: 'Virtual Machines',
      location: 'westeurope',
      unit: '1 Hour',
      tags: { app: 'cart-service' },
      quantity: '1',
      cost: '0.192',
      amortizedCost: '0.192',
      currency: 'USD',
    });
  }
  lines.push({
    subscriptionId: SUBSCRIPTION,
    day: `${month}-01`,
    meterId: '',
    meter: '',
    service: 'Reservations',
    location: '',
    unit: '',
    tags: {},
    quantity: '1',
    cost: '2650.01',
    amortizedCost: '0',
    currency: 'USD',
  });
  return lines;
}

/** Σ of a field over the lines of a subscription, exact. */
export function totalOf(
  lines: FakeUsage[],
  field: 'cost' | 'amortizedCost',
  subscriptionId = SUBSCRIPTION,
): string {
  return lines
    .filter(line => line.subscriptionId === subscriptionId)
    .reduce((sum, line) => sum.plus(line[field]), new Decimal(0))
    .toFixed();
}
