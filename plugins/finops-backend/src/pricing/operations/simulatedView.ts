import { ConflictError, InputError } from '@backstage/errors';
import { randomUUID } from 'node:crypto';
import { Knex } from 'knex';
import {
  DatabasePricingStore,
  PricingRuleInput,
  UNPRICED_VIEW,
} from '../DatabasePricingStore';
import { SimulatedViews } from '../PricingStore';

/** The actor of the rows a simulation writes, and rolls back. */
const SIMULATION_ACTOR = 'plugin:finops/simulation';

/**
 * Runs `read` with a what-if view made like any other (a child of `base` holding one rule, its
 * prices resolved by the same refresh), inside a transaction that is always rolled back: the view,
 * its rule, its prices and its audit rows are never kept, and no other session sees them.
 * `read` must make its queries on the transaction it is given.
 */
export async function withSimulatedView<T>(
  knex: Knex,
  input: { base: string; rule: PricingRuleInput },
  read: (tx: Knex.Transaction, views: SimulatedViews) => Promise<T>,
): Promise<T> {
  const tx = await knex.transaction(undefined, { doNotRejectOnRollback: true });
  try {
    const pricing = DatabasePricingStore.create({ knex: tx });
    const base = await pricing.resolveView(input.base);
    const key = `simulation-${randomUUID().slice(0, 8)}`;
    await pricing
      .createViewWithRules(
        {
          key,
          name: `Simulation on ${base.view.name}`,
          description: 'Never kept: rolled back once read.',
          kind: 'what-if',
          currency: base.view.currency,
          parent: input.base,
        },
        [input.rule],
        SIMULATION_ACTOR,
      )
      .catch(error => {
        throw error instanceof ConflictError
          ? new InputError(
              `Cannot simulate: ${error.message.replace(UNPRICED_VIEW, '')}`,
            )
          : error;
      });
    const simulated = await pricing.resolveView(key);
    return await read(tx, {
      base: base.id,
      simulated: simulated.id,
      currency: base.view.currency,
    });
  } finally {
    await tx.rollback();
  }
}
