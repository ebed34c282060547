// A test builder, imported by tests and benchmarks only: hyparquet-writer is a devDependency.
// eslint-disable-next-line @backstage/no-undeclared-imports
import { SchemaElement } from 'hyparquet-writer';

/** How a column is typed in the Parquet file. */
export type ColumnKind = 'decimal' | 'timestamp' | 'map' | 'string';

/** The schema elements of a column (a MAP column has its key_value group, key and value). */
export function schemaOf(
  name: string,
  kind: ColumnKind,
  options: { scale: number; unit: 'MILLIS' | 'MICROS' | 'NANOS' },
): SchemaElement[] {
  switch (kind) {
    case 'decimal':
      return [
        {
          name,
          type: 'FIXED_LEN_BYTE_ARRAY',
          type_length: 16,
          repetition_type: 'OPTIONAL',
          converted_type: 'DECIMAL',
          precision: 38,
          scale: options.scale,
          logical_type: {
            type: 'DECIMAL',
            precision: 38,
            scale: options.scale,
          },
        },
      ];
    case 'timestamp':
      return [
        {
          name,
          type: 'INT64',
          repetition_type: 'OPTIONAL',
          converted_type:
            options.unit === 'NANOS' ? undefined : `TIMESTAMP_${options.unit}`,
          logical_type: {
            type: 'TIMESTAMP',
            isAdjustedToUTC: true,
            unit: options.unit,
          },
        },
      ];
    case 'map':
      return [
        {
          name,
          repetition_type: 'OPTIONAL',
          converted_type: 'MAP',
          num_children: 1,
        },
        { name: 'key_value', repetition_type: 'REPEATED', num_children: 2 },
        {
          name: 'key',
          type: 'BYTE_ARRAY',
          repetition_type: 'REQUIRED',
          converted_type: 'UTF8',
        },
        {
          name: 'value',
          type: 'BYTE_ARRAY',
          repetition_type: 'OPTIONAL',
          converted_type: 'UTF8',
        },
      ];
    default:
      return [
        {
          name,
          type: 'BYTE_ARRAY',
          repetition_type: 'OPTIONAL',
          converted_type: 'UTF8',
          logical_type: { type: 'STRING' },
        },
      ];
  }
}
