import Decimal from 'decimal.js';

/** A unit of measure split into its block size and its distinct unit: `1000 Requests` → 1000 × `Requests`. */
export interface ParsedUnit {
  /** How many distinct units one unit of the text counts (1 when the text has no block). */
  block: Decimal;
  /** The distinct unit, e.g. `Requests`. */
  unit: string;
}

const SUFFIXES: Record<string, number> = { k: 1e3, m: 1e6, b: 1e9 };

/**
 * A block of units written before the unit: `1000 Requests`, `10K Requests`, `1M Requests`,
 * `100 Hours`, `1,000 Requests`. The multiplier letter must be followed by a space, so `10 KB`
 * is 10 blocks of `KB`, not 10 000 `B`.
 */
const BLOCK = /^(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)\s*([kKmMbB])?\s+(\S.*)$/;

/**
 * Splits a FOCUS unit (PricingUnit, ConsumedUnit) into block size and distinct unit. The FOCUS
 * unit format allows a leading quantity for block pricing (`1000 Requests`); providers also write
 * `10K Requests` or `100 Hours`.
 */
export function parseUnit(text: string): ParsedUnit {
  const trimmed = text.trim();
  const match = BLOCK.exec(trimmed);
  if (!match) {
    return { block: new Decimal(1), unit: trimmed };
  }
  const multiplier = match[2] ? SUFFIXES[match[2].toLowerCase()] : 1;
  const block = new Decimal(match[1].replace(/,/g, '')).times(multiplier);
  if (block.isZero()) {
    return { block: new Decimal(1), unit: trimmed };
  }
  return { block, unit: match[3].trim() };
}

/** Whether two distinct units name the same thing (`Request` and `requests`). */
export function sameUnit(a: string, b: string): boolean {
  const canonical = (unit: string) =>
    unit.trim().toLowerCase().replace(/s$/, '');
  return canonical(a) === canonical(b);
}
