import {
  BusinessMetricSourceStatus,
  BusinessMetricSummary,
} from '@finops-backstage/plugin-finops-common';
import { CheckedMetricValue } from './checkMetricValues';

/** Business metrics (unit economics): values per entity, metric and month or day. */
export interface BusinessMetricStore {
  /**
   * Replaces every value of a source with these, in one transaction, and records the load. Throws
   * a `MetricsRefusedError` (nothing changed) when a value's entity, metric and month already has
   * values of another source, or the metric another unit there.
   */
  replaceSource(sourceKey: string, values: CheckedMetricValue[]): Promise<void>;
  /** Records that a source's load was refused (its stored values stay). */
  recordRefusal(sourceKey: string, message: string): Promise<void>;
  /** Removes the values and the record of every source not named (no longer configured). */
  removeSourcesExcept(sourceKeys: string[]): Promise<string[]>;
  /** The metrics of the entities (of `entityRef` only, when given), by entity and metric. */
  listMetrics(entityRef?: string): Promise<BusinessMetricSummary[]>;
  /** The last load of each source, by key. */
  sourceStatuses(): Promise<BusinessMetricSourceStatus[]>;
  /**
   * An entity's metric: its unit and its value of each month from `from` to `to` that has one
   * (the sum of its days when given by day); undefined when the entity has no such metric.
   */
  monthlyValues(
    entityRef: string,
    metric: string,
    from: string,
    to: string,
  ): Promise<{ unit: string; values: Map<string, string> } | undefined>;
}
