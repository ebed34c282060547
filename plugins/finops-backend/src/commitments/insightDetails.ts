/**
 * The optional details of a provider's commitment insight, each with its column of
 * `commitment_insight`: written by the ingestion, read back by the commitments reports.
 */
const INSIGHT_DETAIL_COLUMNS = {
  account: 'account',
  service: 'service',
  region: 'region',
  instanceType: 'instance_type',
  term: 'term',
  paymentOption: 'payment_option',
} as const;

/** The name of an optional detail of an insight (`instanceType`, …). */
export type InsightDetail = keyof typeof INSIGHT_DETAIL_COLUMNS;

const DETAILS = Object.entries(INSIGHT_DETAIL_COLUMNS) as Array<
  [InsightDetail, (typeof INSIGHT_DETAIL_COLUMNS)[InsightDetail]]
>;

/** The detail columns of a `commitment_insight` row for an insight: null where it has none. */
export function insightDetailColumns(
  insight: Partial<Record<InsightDetail, string>>,
): Record<(typeof INSIGHT_DETAIL_COLUMNS)[InsightDetail], string | null> {
  return Object.fromEntries(
    DETAILS.map(([detail, column]) => [column, insight[detail] ?? null]),
  ) as Record<(typeof INSIGHT_DETAIL_COLUMNS)[InsightDetail], string | null>;
}

/** The details of a `commitment_insight` row: undefined where the column is null. */
export function insightDetailsOf(
  row: Record<string, unknown>,
): Record<InsightDetail, string | undefined> {
  return Object.fromEntries(
    DETAILS.map(([detail, column]) => [
      detail,
      (row[column] as string | null) ?? undefined,
    ]),
  ) as Record<InsightDetail, string | undefined>;
}
