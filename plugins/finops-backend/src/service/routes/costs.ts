import {
  costsQuerySchema,
  toCsv,
} from '@finops-backstage/plugin-finops-common';
import Router from 'express-promise-router';
import { RouterOptions } from '../RouterOptions';
import { AnswerCache, answerKey, jsonAnswer } from '../answerCache';
import { parseInput } from '../validation';
import { EntityCostsQuery, readEntityCosts } from '../../costs/readEntityCosts';
import { TtlCache } from '../../costs/TtlCache';
import { PricingStore } from '../../pricing/PricingStore';

/**
 * `GET /costs`: what an entity costs in a pricing view, optionally compared.
 *
 * A JSON answer is reused while the data it depends on is unchanged, as the overview's is: the key
 * holds the stamp of the last load, audited change and run (read before the answer is computed),
 * the applications the entity resolved to, the whole query and, for a comparison with the
 * previous period, today's date; five minutes at most. Who may read it is decided for every
 * request first: the caller's credentials, then the entity as the catalog shows it to the caller.
 */
export function costRoutes(options: RouterOptions) {
  const { costs, pricing, httpAuth } = options;
  const now = options.now ?? (() => new Date());
  const answers = new AnswerCache({
    ttlMs: 5 * 60_000,
    maxEntries: 1_000,
    maxBytes: 64 * 1024 * 1024,
  });
  // A view and the exchange rates of a period change only with what the stamp holds (an audited
  // edit, a load, a run), as the answers do: kept under the same stamp, five minutes at most.
  const views = new TtlCache<Awaited<ReturnType<PricingStore['resolveView']>>>(
    5 * 60_000,
    100,
  );
  const rates = new TtlCache<
    Awaited<ReturnType<PricingStore['exchangeRates']>>
  >(5 * 60_000, 1_000);
  const router = Router();

  /** The pricing store, its views and exchange rates reused under `stamp`. */
  const pricingAt = (stamp: string) => ({
    resolveView: (key: string) =>
      views.get(`${stamp}\u0000${key}`, () => pricing.resolveView(key)),
    exchangeRates: (currency: string, from: string, to: string) =>
      rates.get(`${stamp}\u0000${currency}\u0000${from}\u0000${to}`, () =>
        pricing.exchangeRates(currency, from, to),
      ),
  });

  const costsOf = (
    query: EntityCostsQuery,
    applicationIds: number[],
    stamp: string,
  ) =>
    readEntityCosts(
      { costs, pricing: pricingAt(stamp), now },
      query,
      applicationIds,
    );

  /** The JSON answer, serialised. */
  async function jsonOf(
    query: EntityCostsQuery,
    applicationIds: number[],
    stamp: string,
  ) {
    const { view, result, comparison } = await costsOf(
      query,
      applicationIds,
      stamp,
    );
    const { used, missing } = await pricingAt(stamp).exchangeRates(
      view.currency,
      query.from,
      query.to,
    );
    return jsonAnswer({
      entityRef: query.entityRef,
      view: { key: view.key, name: view.name, kind: view.kind },
      currency: view.currency,
      exchangeRates: used,
      ...(missing.length > 0 ? { missingExchangeRates: missing } : {}),
      from: query.from,
      to: query.to,
      ...(query.through ? { through: query.through } : {}),
      granularity: query.granularity,
      groupBy: query.groupBy,
      ...result,
      comparison,
    });
  }

  router.get('/costs', async (req, res) => {
    const query = parseInput(costsQuerySchema, req.query, 'query');
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    // The entity as the catalog shows it to the caller (a 404 otherwise), its applications and,
    // in the same statement, the stamp of the data.
    const { applicationIds, stamp } = await costs.applicationsWithStamp(
      query.entityRef,
      credentials,
    );
    const stampKey = JSON.stringify(stamp);

    if (query.format !== 'csv') {
      const key = answerKey([
        stampKey,
        [...applicationIds].sort((a, b) => a - b),
        query,
        query.compareTo ? now().toISOString().slice(0, 10) : null,
      ]);
      const { body, etag } = await answers.get(key, () =>
        jsonOf(query, applicationIds, stampKey),
      );
      // The bytes as they are kept, with their ETag (Express answers 304 when it matches).
      res.type('application/json').set('ETag', etag).send(body);
      return;
    }

    const { view, result } = await costsOf(query, applicationIds, stampKey);
    res
      .type('text/csv')
      .attachment(
        `costs-${query.entityRef.replace(/[:/]/g, '_')}-${query.view}.csv`,
      );
    res.send(
      toCsv(
        [
          'period',
          query.groupBy,
          'label',
          'mode',
          'cost',
          'currency',
          'quantity',
          'unit',
        ],
        result.rows.map(row => [
          row.period,
          row.key,
          row.label,
          row.mode,
          row.cost,
          view.currency,
          row.quantity,
          row.unit,
        ]),
      ),
    );
  });

  return router;
}
