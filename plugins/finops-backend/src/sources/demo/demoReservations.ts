import { daysOfMonth } from '@finops-backstage/plugin-finops-common';
import {
  CostSourceProduct,
  CostSourceRow,
} from '@finops-backstage/plugin-finops-node';
import Decimal from 'decimal.js';

/**
 * A reserved instance of the demo, billed like AWS bills a no-upfront reservation: a recurring
 * fee for every reserved hour of the month on its first day (a `Purchase`), usage it covers at no
 * further charge (`Committed`, `Used`), and the reserved hours nobody used (`Unused`: waste).
 */
export interface DemoReservation {
  /** The provider's id (FOCUS CommitmentDiscountId). */
  id: string;
  name: string;
  /** The product whose usage it covers, in one account. */
  productKey: string;
  accountKey: string;
  instances: number;
  /** Effective hourly rate of one instance, USD. */
  hourlyRate: string;
  /** Its first month, counted back from the current one. */
  startedMonthsAgo: number;
  /** The product its recurring fee is billed as. */
  fee: CostSourceProduct;
}

const monthIndex = (month: string) => {
  const [year, m] = month.split('-').map(Number);
  return year * 12 + m - 1;
};

/** Whether the reservation runs in `month` when today is `today` (`YYYY-MM-DD`). */
function isActive(
  reservation: DemoReservation,
  month: string,
  today: string,
): boolean {
  return (
    monthIndex(month) >=
    monthIndex(today.slice(0, 7)) - reservation.startedMonthsAgo
  );
}

function commitmentOf(
  reservation: DemoReservation,
  status: 'Used' | 'Unused',
  hours: Decimal,
): CostSourceRow['commitment'] {
  return {
    id: reservation.id,
    name: reservation.name,
    type: 'Reserved Instance',
    category: 'Usage',
    status,
    quantity: hours.toFixed(),
    unit: 'Hours',
  };
}

/** The recurring fees of the reservations running in `month`, billed on its first day. */
export function reservationFees(
  reservations: readonly DemoReservation[],
  month: string,
  today: string,
  domainKey: (reservation: DemoReservation) => string,
): CostSourceRow[] {
  const days = daysOfMonth(month).length;
  return reservations
    .filter(reservation => isActive(reservation, month, today))
    .map(reservation => {
      const amount = new Decimal(reservation.hourlyRate)
        .times(reservation.instances * 24 * days)
        .toDecimalPlaces(2, Decimal.ROUND_HALF_UP)
        .toFixed(2);
      return {
        day: `${month}-01`,
        domainKey: domainKey(reservation),
        product: reservation.fee,
        account: { key: reservation.accountKey },
        tags: {},
        quantity: amount,
        billedAmount: amount,
        amortizedAmount: '0',
        listAmount: '0',
        currency: 'USD',
        chargeCategory: 'Purchase',
        commitment: {
          id: reservation.id,
          name: reservation.name,
          type: 'Reserved Instance',
          category: 'Usage',
        },
        origin: `demo:${month}-01:${reservation.name}:fee`,
      };
    });
}

/**
 * A day's usage rows with the reservations applied: each reservation covers the usage of its
 * product in its account, row by row in the order given, up to `instances` × 24 hours; a covered
 * row is billed nothing more (the fee paid for it) and amortized at the reservation's rate; the
 * hours it does not cover stay on demand; the reserved hours left over are an `Unused` row.
 */
export function applyReservations(
  rows: CostSourceRow[],
  reservations: readonly DemoReservation[],
  today: string,
): CostSourceRow[] {
  const out: CostSourceRow[] = [];
  const left = new Map<DemoReservation, Decimal>();
  const template = new Map<DemoReservation, CostSourceRow>();
  const active = reservations.filter(reservation =>
    rows.length > 0
      ? isActive(reservation, rows[0].day.slice(0, 7), today)
      : false,
  );
  for (const reservation of active) {
    left.set(reservation, new Decimal(reservation.instances * 24));
  }
  for (const row of rows) {
    const reservation = active.find(
      r =>
        r.productKey === row.product.key && r.accountKey === row.account?.key,
    );
    if (!reservation) {
      out.push(row);
      continue;
    }
    template.set(reservation, row);
    const quantity = new Decimal(row.quantity);
    const hours = Decimal.min(quantity, left.get(reservation)!);
    left.set(reservation, left.get(reservation)!.minus(hours));
    const onDemandPrice = new Decimal(row.billedAmount ?? 0).dividedBy(
      quantity,
    );
    if (hours.greaterThan(0)) {
      out.push({
        ...row,
        quantity: hours.toFixed(),
        billedAmount: '0',
        amortizedAmount: hours.times(reservation.hourlyRate).toFixed(),
        listAmount: hours.times(onDemandPrice).toFixed(),
        pricingCategory: 'Committed',
        commitment: commitmentOf(reservation, 'Used', hours),
        origin: `${row.origin}:reserved`,
      });
    }
    const rest = quantity.minus(hours);
    if (rest.greaterThan(0)) {
      const billed = rest.times(onDemandPrice).toFixed();
      out.push({
        ...row,
        quantity: rest.toFixed(),
        billedAmount: billed,
        amortizedAmount: billed,
        listAmount: billed,
        pricingCategory: 'Standard',
      });
    }
  }
  for (const reservation of active) {
    const unused = left.get(reservation)!;
    const like = template.get(reservation);
    if (unused.greaterThan(0) && like) {
      out.push({
        day: like.day,
        domainKey: like.domainKey,
        product: like.product,
        account: like.account,
        tags: {},
        quantity: '0',
        billedAmount: '0',
        amortizedAmount: unused.times(reservation.hourlyRate).toFixed(),
        listAmount: '0',
        currency: like.currency,
        estimated: like.estimated,
        pricingCategory: 'Committed',
        commitment: commitmentOf(reservation, 'Unused', unused),
        origin: `demo:${like.day}:${reservation.name}:unused`,
      });
    }
  }
  return out;
}
