/**
 * One value of a business metric: what an entity served in a month, or on one day of it.
 * Unit economics divide the entity's cost of a month by its metric value of that month.
 */
export interface BusinessMetricValue {
  /** The entity the metric belongs to, in full form: `component:default/checkout-service`. */
  entityRef: string;
  /** The metric's key, e.g. `orders`: lower case letters, digits, `.`, `_` and `-`. */
  metric: string;
  /** What one unit of the metric is, singular, e.g. `order`: the card shows "cost per order". */
  unit: string;
  /** `YYYY-MM` for a month's value, `YYYY-MM-DD` for a day's (a month's value is then the sum of its days). */
  period: string;
  /** A non-negative decimal, as a string (`'1250'`, `'3.5'`), so that no precision is lost. */
  value: string;
  /** Where the value comes from, named in a refusal (e.g. `metrics.csv:12`); default its position. */
  origin?: string;
}

/**
 * A source of business metrics, e.g. a metrics backend. Each load reads every value of the source
 * and replaces the stored ones whole, in one transaction: a source that throws, or yields one
 * invalid value, is refused whole and its previous values stay.
 */
export interface BusinessMetricSource {
  /** Unique key of the source, e.g. `prometheus`. */
  readonly key: string;
  /** Every value the source holds now (the values it no longer yields are removed). */
  readMetrics():
    | AsyncIterable<BusinessMetricValue>
    | Iterable<BusinessMetricValue>;
}
