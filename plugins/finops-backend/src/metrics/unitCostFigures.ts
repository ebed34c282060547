import {
  COST_PER_UNIT_DECIMALS,
  UnitCostChange,
  UnitCostPeriod,
  allocateCents,
} from '@finops-backstage/plugin-finops-common';
import Decimal from 'decimal.js';

/** Divisions keep 40 significant digits before the last rounding (to cents or to a cost per unit). */
const Exact = Decimal.clone({ precision: 40 });

/** cost ÷ value, rounded half away from zero to {@link COST_PER_UNIT_DECIMALS} places. */
function perUnit(cost: Decimal.Value, value: Decimal.Value): string {
  return new Exact(cost)
    .dividedBy(value)
    .toDecimalPlaces(COST_PER_UNIT_DECIMALS, Decimal.ROUND_HALF_UP)
    .toFixed(COST_PER_UNIT_DECIMALS);
}

/** The figures of `GET /unit-costs`, from each month's cost (in cents) and metric value. */
export function unitCostFigures(input: {
  /** Every month of the range, `YYYY-MM`, in order. */
  months: string[];
  /** Each month's cost, exact to the cent (what `GET /costs` answers); absent: 0. */
  costs: Map<string, string>;
  /** Each month's metric value; absent: none. */
  values: Map<string, string>;
  /** The range's cost (what `GET /costs` answers for it). */
  total: string;
}): {
  periods: UnitCostPeriod[];
  total: { cost: string; value?: string; costPerUnit?: string };
  change?: UnitCostChange;
  changeUnavailable?: string;
} {
  const { months, costs, values } = input;
  const periods: UnitCostPeriod[] = months.map(period => {
    const cost = new Decimal(costs.get(period) ?? 0).toFixed(2);
    const value = values.get(period);
    return {
      period,
      cost,
      ...(value !== undefined ? { value } : {}),
      ...(value !== undefined && !new Decimal(value).isZero()
        ? { costPerUnit: perUnit(cost, value) }
        : {}),
    };
  });

  const total: { cost: string; value?: string; costPerUnit?: string } = {
    cost: new Decimal(input.total).toFixed(2),
  };
  if (periods.every(period => period.value !== undefined)) {
    const value = periods
      .reduce((sum, period) => sum.plus(period.value!), new Decimal(0))
      .toFixed();
    total.value = value;
    if (!new Decimal(value).isZero()) {
      total.costPerUnit = perUnit(total.cost, value);
    }
  }

  const first = periods[0];
  const last = periods[periods.length - 1];
  if (periods.length < 2) {
    return {
      periods,
      total,
      changeUnavailable: 'The range has one month: nothing to compare.',
    };
  }
  for (const [which, period] of [
    ['first', first],
    ['last', last],
  ] as const) {
    if (period.costPerUnit === undefined) {
      return {
        periods,
        total,
        changeUnavailable: `The ${which} month, ${period.period}, has ${
          period.value === undefined ? 'no value' : 'a value of 0'
        }: the change cannot be split per unit.`,
      };
    }
  }
  const c0 = new Exact(first.cost);
  const c1 = new Exact(last.cost);
  const m0 = new Exact(first.value!);
  const m1 = new Exact(last.value!);
  const difference = c1.minus(c0);
  // Volume Δm × c₀/m₀ and efficiency m₁ × (c₁/m₁ − c₀/m₀) = c₁ − m₁·c₀/m₀ add up to c₁ − c₀
  // exactly; rounded to cents by largest remainder with that total, they still do.
  const volume = m1.minus(m0).times(c0).dividedBy(m0);
  const efficiency = difference.minus(volume);
  const [volumeCents, efficiencyCents] = allocateCents(
    [volume.toFixed(), efficiency.toFixed()],
    difference.toFixed(2),
  );
  const u0 = c0.dividedBy(m0);
  const u1 = c1.dividedBy(m1);
  return {
    periods,
    total,
    change: {
      from: first.period,
      to: last.period,
      cost: {
        first: first.cost,
        last: last.cost,
        difference: difference.toFixed(2),
      },
      value: {
        first: first.value!,
        last: last.value!,
        difference: m1.minus(m0).toFixed(),
      },
      costPerUnit: {
        first: first.costPerUnit!,
        last: last.costPerUnit!,
        difference: u1
          .minus(u0)
          .toDecimalPlaces(COST_PER_UNIT_DECIMALS, Decimal.ROUND_HALF_UP)
          .toFixed(COST_PER_UNIT_DECIMALS),
      },
      volume: volumeCents.toFixed(2),
      efficiency: efficiencyCents.toFixed(2),
    },
  };
}
