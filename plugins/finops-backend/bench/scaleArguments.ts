/*
 * The command line of bench:scale: which estate, which phases, how long each load lasts.
 */
import { FULL_SIZE, ScaleOptions, ScaleSource } from './ScaleEstate';

export interface ScaleArguments {
  smoke: boolean;
  /** False with --no-http: the batch and the SQL checks only. */
  http: boolean;
  /** Seconds of load per endpoint (--duration). */
  duration: number;
  traceSql: boolean;
  /** The raw value of --scale, read by `scaleSteps` once the estate is known. */
  scale?: string;
  options: ScaleOptions;
}

/** The month before the current one (UTC), `YYYY-MM`: the newest month of the estate. */
function previousMonth(): string {
  const now = new Date();
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1))
    .toISOString()
    .slice(0, 7);
}

export function scaleArguments(args: string[]): ScaleArguments {
  const valueOf = (name: string) => {
    const at = args.indexOf(name);
    return at >= 0 ? args[at + 1] : undefined;
  };
  const smoke = args.includes('--smoke');
  const defaultDuration = smoke ? 5 : 15;
  const lastMonth = previousMonth();
  const options: ScaleOptions = smoke
    ? {
        months: 4,
        lastMonth,
        applications: 100,
        divisions: 2,
        teamsPerDivision: 5,
        products: 60,
        productsPerApplication: 6,
      }
    : { ...FULL_SIZE, lastMonth };
  if (args.includes('--months')) options.months = Number(valueOf('--months'));
  return {
    smoke,
    http: !args.includes('--no-http'),
    duration: args.includes('--duration')
      ? Number(valueOf('--duration'))
      : defaultDuration,
    traceSql: args.includes('--trace-sql'),
    scale: args.includes('--scale') ? valueOf('--scale') ?? '' : undefined,
    options,
  };
}

/**
 * The sizes of history the questions are asked at, in months held: `--scale 1m,3m,10m` (rows) or
 * by default half the months and all of them. The last step holds every month.
 */
export function scaleSteps(
  scale: string | undefined,
  source: ScaleSource,
  months: string[],
): number[] {
  if (scale === undefined) return [Math.ceil(months.length / 2), months.length];
  const targets = scale.split(',').map(value => {
    const match = /^(\d+(?:\.\d+)?)([km]?)$/i.exec(value.trim());
    if (!match) throw new Error(`--scale: '${value}' is not a row count`);
    const unit = { '': 1, k: 1e3, m: 1e6 }[match[2].toLowerCase()]!;
    return Number(match[1]) * unit;
  });
  const steps = targets.map(target => {
    let rows = 0;
    let count = 0;
    while (count < months.length && rows < target) {
      rows += source.rowsIn(months[count]);
      count += 1;
    }
    return Math.max(1, count);
  });
  return [...new Set([...steps, months.length])].sort((a, b) => a - b);
}
