import { Knex } from 'knex';
import { ensureFamilyViews } from '../../pricing/operations/ensureFamilyViews';
import { ELIGIBLE_FAMILIES } from './eligibleUsage';

/**
 * Effective rates of each option as multipliers of the actual price, per family: the rate
 * views the batch-free demo starts with, editable like any view.
 */
export const DEFAULT_RATE_MULTIPLIERS: Record<
  string,
  Record<string, string>
> = {
  'ri-1y-no-upfront': { compute: '0.70', database: '0.69' },
  'ri-1y-partial-upfront': { compute: '0.66', database: '0.66' },
  'ri-1y-all-upfront': { compute: '0.64', database: '0.65' },
  'ri-3y-no-upfront': { compute: '0.52', database: '0.50' },
  'ri-3y-partial-upfront': { compute: '0.46', database: '0.45' },
  'ri-3y-all-upfront': { compute: '0.43', database: '0.42' },
};

const SYSTEM_ACTOR = 'plugin:finops';

/** The `ri-*` rate views, asked of the pricing module (see `CommitmentStore.ensureRateViews`). */
export async function ensureRateViews(knex: Knex): Promise<void> {
  await ensureFamilyViews(
    knex,
    Object.entries(DEFAULT_RATE_MULTIPLIERS).map(([key, multipliers]) => {
      const [term, ...payment] = key.replace(/^ri-/, '').split('-');
      return {
        key,
        name: `Reserved ${term}, ${payment.join(' ')}`,
        description:
          'Effective commitment rates (upfront amortised) as multipliers of actual prices, per family; used by the reservation recommendations',
        kind: 'contracted',
        multipliers: Object.fromEntries(
          Object.entries(multipliers).filter(([family]) =>
            ELIGIBLE_FAMILIES.includes(family),
          ),
        ),
      };
    }),
    SYSTEM_ACTOR,
  );
}
