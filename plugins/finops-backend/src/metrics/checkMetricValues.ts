import { parseEntityRef } from '@backstage/catalog-model';
import {
  daySchema,
  entityRefSchema,
  metricKeySchema,
  monthSchema,
} from '@finops-backstage/plugin-finops-common';
import { BusinessMetricValue } from '@finops-backstage/plugin-finops-node';
import Decimal from 'decimal.js';

/** A value checked and normalised, ready to be stored. */
export interface CheckedMetricValue {
  entityRef: string;
  metric: string;
  unit: string;
  grain: 'month' | 'day';
  /** `YYYY-MM`. */
  month: string;
  /** `YYYY-MM-DD`: the day, or the month's first day. */
  start: string;
  /** An exact decimal, as text. */
  value: string;
  origin: string;
}

/** A source's values refused whole: the message names the value (line) and the reason. */
export class MetricsRefusedError extends Error {
  name = 'MetricsRefusedError';
}

const DECIMAL = /^\d+(\.\d+)?$/;
/** The kinds whose costs the API answers. */
const KINDS = ['component', 'system', 'group'];

function problemOf(value: BusinessMetricValue): string | undefined {
  const entityRef = entityRefSchema.safeParse(value.entityRef);
  if (!entityRef.success) {
    return `entity_ref '${value.entityRef}' must be a full entity reference such as component:default/checkout-service`;
  }
  const { kind } = parseEntityRef(entityRef.data);
  if (!KINDS.includes(kind)) {
    return `entity_ref '${value.entityRef}': metrics are kept for components, systems and groups, not ${kind}s`;
  }
  if (!metricKeySchema.safeParse(value.metric).success) {
    return `metric '${value.metric}' must be lower case letters, digits, ".", "_" and "-" (at most 63)`;
  }
  const unit = value.unit.trim();
  if (unit.length === 0 || unit.length > 100 || unit.includes('\u0000')) {
    return `unit '${value.unit}' must be 1 to 100 characters`;
  }
  if (
    !monthSchema.safeParse(value.period).success &&
    !daySchema.safeParse(value.period).success
  ) {
    return `period '${value.period}' must be a month (YYYY-MM) or a day (YYYY-MM-DD)`;
  }
  if (!DECIMAL.test(value.value.trim())) {
    return `value '${value.value}' must be a non-negative decimal number`;
  }
  return undefined;
}

/**
 * Checks every value of a source and normalises it, or throws a {@link MetricsRefusedError} at
 * the first problem, naming the value's origin: a malformed field; the same entity, metric and
 * period twice; a month given both whole and by day; a metric of an entity in two units.
 */
export function checkMetricValues(
  values: BusinessMetricValue[],
  sourceKey: string,
): CheckedMetricValue[] {
  const seen = new Map<string, string>();
  const grains = new Map<string, { grain: string; origin: string }>();
  const units = new Map<string, { unit: string; origin: string }>();
  return values.map((value, index) => {
    const origin = value.origin ?? `value ${index + 1}`;
    const refuse = (reason: string): never => {
      throw new MetricsRefusedError(
        `Business metrics of source '${sourceKey}' refused: ${origin}: ${reason}`,
      );
    };
    const problem = problemOf(value);
    if (problem) refuse(problem);
    const entityRef = entityRefSchema.parse(value.entityRef);
    const grain = value.period.length === 7 ? 'month' : 'day';
    const month = value.period.slice(0, 7);
    const unit = value.unit.trim();
    const metricOf = `${entityRef}\u0000${value.metric}`;

    const key = `${metricOf}\u0000${value.period}`;
    const twice = seen.get(key);
    if (twice) {
      refuse(
        `${value.metric} of ${entityRef} for ${value.period} is given twice (also ${twice})`,
      );
    }
    seen.set(key, origin);
    const other = grains.get(`${metricOf}\u0000${month}`);
    if (other && other.grain !== grain) {
      refuse(
        `${value.metric} of ${entityRef} for ${month} is given both for the whole month and by day (also ${other.origin})`,
      );
    }
    grains.set(`${metricOf}\u0000${month}`, { grain, origin });
    const known = units.get(metricOf);
    if (known && known.unit !== unit) {
      refuse(
        `${value.metric} of ${entityRef} is counted in '${unit}' here and in '${known.unit}' at ${known.origin}`,
      );
    }
    units.set(metricOf, { unit, origin });

    return {
      entityRef,
      metric: value.metric,
      unit,
      grain,
      month,
      start: grain === 'month' ? `${month}-01` : value.period,
      value: new Decimal(value.value.trim()).toFixed(),
      origin,
    };
  });
}
