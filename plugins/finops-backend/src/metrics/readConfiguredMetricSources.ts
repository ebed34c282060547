import { Config } from '@backstage/config';
import {
  BusinessMetricSource,
  BusinessMetricValue,
} from '@finops-backstage/plugin-finops-node';
import { parse } from 'csv-parse';
import fs from 'node:fs';

/** The columns of a business metrics CSV file, in any order; other columns are refused. */
export const METRIC_CSV_COLUMNS = [
  'entity_ref',
  'metric',
  'unit',
  'period',
  'value',
] as const;

/**
 * A CSV file of business metrics (`entity_ref,metric,unit,period,value`; `#` starts a comment
 * line), read whole at each load. Each value is named `file:line` in a refusal.
 */
export class CsvMetricSource implements BusinessMetricSource {
  readonly key: string;

  constructor(private readonly file: string) {
    this.key = `file:${file}`;
  }

  async *readMetrics(): AsyncIterable<BusinessMetricValue> {
    const file = this.file;
    // Read whole first: a stream's error (a missing file) would not reach the parser.
    const text = await fs.promises.readFile(file, 'utf8');
    const parser = parse(text, {
      columns: header => {
        const names = header.map((name: string) => name.trim().toLowerCase());
        const unknown = names.filter(
          (name: string) =>
            !(METRIC_CSV_COLUMNS as readonly string[]).includes(name),
        );
        const missing = METRIC_CSV_COLUMNS.filter(
          name => !names.includes(name),
        );
        if (unknown.length > 0 || missing.length > 0) {
          throw new Error(
            `${file}: the header must be ${METRIC_CSV_COLUMNS.join(',')}${
              missing.length > 0 ? `; missing ${missing.join(', ')}` : ''
            }${unknown.length > 0 ? `; unknown ${unknown.join(', ')}` : ''}`,
          );
        }
        return names;
      },
      bom: true,
      trim: true,
      comment: '#',
      skip_empty_lines: true,
      info: true,
    });
    try {
      for await (const { record, info } of parser as AsyncIterable<{
        record: Record<string, string | undefined>;
        info: { lines: number };
      }>) {
        yield {
          entityRef: record.entity_ref ?? '',
          metric: record.metric ?? '',
          unit: record.unit ?? '',
          period: record.period ?? '',
          value: record.value ?? '',
          origin: `${file}:${info.lines}`,
        };
      }
    } catch (error) {
      // csv-parse names the line of a malformed record (e.g. a wrong number of columns).
      const message = error instanceof Error ? error.message : String(error);
      throw new Error(
        message.startsWith(file) ? message : `${file}: ${message}`,
      );
    }
  }
}

/** The values of `finops.businessMetrics.metrics`, named by their place in the config. */
export class ConfigMetricSource implements BusinessMetricSource {
  readonly key = 'config';

  constructor(private readonly metrics: Config[]) {}

  *readMetrics(): Iterable<BusinessMetricValue> {
    for (const [index, metric] of this.metrics.entries()) {
      const where = `finops.businessMetrics.metrics[${index}]`;
      const values = metric.getConfigArray('values');
      for (const [at, entry] of values.entries()) {
        const value = entry.get('value');
        yield {
          entityRef: metric.getString('entityRef'),
          metric: metric.getString('metric'),
          unit: metric.getString('unit'),
          period: entry.getString('period'),
          value:
            typeof value === 'string' || typeof value === 'number'
              ? String(value)
              : '',
          origin: `${where}.values[${at}]`,
        };
      }
    }
  }
}

/**
 * The metric sources of the config: `finops.businessMetrics.metrics` (source `config`) and each
 * CSV file of `finops.businessMetrics.files` (source `file:<path>`).
 */
export function readConfiguredMetricSources(
  config: Config,
): BusinessMetricSource[] {
  const sources: BusinessMetricSource[] = [];
  const metrics = config.getOptionalConfigArray(
    'finops.businessMetrics.metrics',
  );
  if (metrics && metrics.length > 0) {
    sources.push(new ConfigMetricSource(metrics));
  }
  for (const file of config.getOptionalStringArray(
    'finops.businessMetrics.files',
  ) ?? []) {
    sources.push(new CsvMetricSource(file));
  }
  return sources;
}
