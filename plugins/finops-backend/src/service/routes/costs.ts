import {
  costsQuerySchema,
  toCsv,
} from '@finops-backstage/plugin-finops-common';
import Router from 'express-promise-router';
import { RouterOptions } from '../RouterOptions';
import { AnswerCache, answerKey, jsonAnswer } from '../answerCache';
import { parseInput } from '../validation';
import { EntityCostsQuery, readEntityCosts } from '../../costs/readEntityCosts';

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
  const router = Router();

  const costsOf = (query: EntityCostsQuery, applicationIds: number[]) =>
    readEntityCosts({ costs, pricing, now }, query, applicationIds);

  /** The JSON answer, serialised. */
  async function jsonOf(query: EntityCostsQuery, applicationIds: number[]) {
    const { view, result, comparison } = await costsOf(query, applicationIds);
    const rates = await pricing.exchangeRates(
      view.currency,
      query.from,
      query.to,
    );
    return jsonAnswer({
      entityRef: query.entityRef,
      view: { key: view.key, name: view.name, kind: view.kind },
      currency: view.currency,
      exchangeRates: rates.used,
      ...(rates.missing.length > 0
        ? { missingExchangeRates: rates.missing }
        : {}),
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

    if (query.format !== 'csv') {
      const key = answerKey([
        stamp,
        [...applicationIds].sort((a, b) => a - b),
        query,
        query.compareTo ? now().toISOString().slice(0, 10) : null,
      ]);
      const { body, etag } = await answers.get(key, () =>
        jsonOf(query, applicationIds),
      );
      // The bytes as they are kept, with their ETag (Express answers 304 when it matches).
      res.type('application/json').set('ETag', etag).send(body);
      return;
    }

    const { view, result } = await costsOf(query, applicationIds);
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
