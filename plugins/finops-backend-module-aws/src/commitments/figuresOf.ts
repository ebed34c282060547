import Decimal from 'decimal.js';

/**
 * Exact figures from Cost Explorer's strings: only the ones present and numeric, written without
 * exponent (`1E-7` → `0.0000001`).
 */
export function figuresOf(
  values: Record<string, string | undefined>,
): Record<string, string> {
  const figures: Record<string, string> = {};
  for (const [name, value] of Object.entries(values)) {
    if (value !== undefined && /^-?\d+(\.\d+)?([eE][-+]?\d+)?$/.test(value)) {
      figures[name] = new Decimal(value).toFixed();
    }
  }
  return figures;
}

/** The attributes that are set (not undefined, not empty), as strings. */
export function attributesOf(
  values: Record<string, string | number | undefined>,
): Record<string, string> {
  const attributes: Record<string, string> = {};
  for (const [name, value] of Object.entries(values)) {
    if (value !== undefined && value !== '') {
      attributes[name] = String(value);
    }
  }
  return attributes;
}
