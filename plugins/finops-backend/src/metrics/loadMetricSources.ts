import { LoggerService } from '@backstage/backend-plugin-api';
import {
  BusinessMetricSource,
  BusinessMetricValue,
} from '@finops-backstage/plugin-finops-node';
import { BusinessMetricStore } from './BusinessMetricStore';
import { MetricsRefusedError, checkMetricValues } from './checkMetricValues';

/** What a load of the metric sources did, source by source. */
export interface MetricLoadResult {
  source: string;
  status: 'succeeded' | 'refused';
  values: number;
  message?: string;
}

/**
 * Loads every metric source: reads all its values, checks them, and replaces the source's stored
 * values whole in one transaction. A source that throws or has one bad value is refused whole: its
 * previous values stay, the refusal is logged and recorded (`GET /business-metrics` shows it) and
 * the other sources load. Never throws for a source's sake.
 */
export async function loadMetricSources(options: {
  sources: BusinessMetricSource[];
  store: BusinessMetricStore;
  logger: LoggerService;
}): Promise<MetricLoadResult[]> {
  const { sources, store, logger } = options;
  const results: MetricLoadResult[] = [];
  for (const source of sources) {
    try {
      const values: BusinessMetricValue[] = [];
      try {
        for await (const value of source.readMetrics()) {
          values.push(value);
        }
      } catch (error) {
        throw new MetricsRefusedError(
          `Business metrics of source '${source.key}' refused: ${
            error instanceof Error ? error.message : String(error)
          }`,
        );
      }
      const checked = checkMetricValues(values, source.key);
      await store.replaceSource(source.key, checked);
      results.push({
        source: source.key,
        status: 'succeeded',
        values: checked.length,
      });
    } catch (error) {
      if (!(error instanceof MetricsRefusedError)) throw error;
      logger.error(error.message);
      await store.recordRefusal(source.key, error.message);
      results.push({
        source: source.key,
        status: 'refused',
        values: 0,
        message: error.message,
      });
    }
  }
  const loaded = results.filter(result => result.status === 'succeeded');
  if (results.length > 0) {
    const names = loaded.map(
      result => `${result.source} (${result.values} values)`,
    );
    const refused = results.length - loaded.length;
    logger.info(
      `Business metrics: ${
        names.length > 0 ? names.join(', ') : 'none'
      } loaded${refused > 0 ? `; ${refused} source(s) refused` : ''}`,
    );
  }
  return results;
}
