import {
  chargebackCloseSchema,
  chargebackQuerySchema,
  finopsChargebackClosePermission,
  listLimitSchema,
} from '@finops-backstage/plugin-finops-common';
import { InputError } from '@backstage/errors';
import express from 'express';
import Router from 'express-promise-router';
import { chargebackCsv } from '../../chargeback/chargebackCsv';
import { chargebackReport } from '../../chargeback/chargebackReport';
import { readOrganisation } from '../../chargeback/readOrganisation';
import { RouterOptions } from '../RouterOptions';
import { parseInput } from '../validation';
import { writeAction } from '../writeAction';

/** Chargeback and showback: a month's report, its CSV, and closing it. */
export function chargebackRoutes(options: RouterOptions) {
  const { chargeback, costs, pricing, httpAuth, catalog } = options;
  const now = options.now ?? (() => new Date());
  const router = Router();
  const credentialsOf = (req: express.Request) =>
    httpAuth.credentials(req, { allow: ['user', 'service'] });

  router.get('/chargeback', async (req, res) => {
    const query = parseInput(chargebackQuerySchema, req.query, 'query');
    const credentials = await credentialsOf(req);
    const { id: viewId, view } = await pricing.resolveView(query.view);
    const applicationIds = query.entityRef
      ? await costs.applicationsOf(query.entityRef, credentials)
      : undefined;
    const report = await chargebackReport(
      chargeback,
      await readOrganisation(catalog, credentials),
      {
        month: query.month,
        viewId,
        view,
        entityRef: query.entityRef,
        applicationIds,
      },
    );
    if (query.format === 'csv') {
      res
        .type('text/csv')
        .attachment(`chargeback-${query.month}-${view.key}.csv`)
        .send(chargebackCsv(report));
      return;
    }
    res.json(report);
  });

  router.get('/chargeback/closes', async (req, res) => {
    const { limit } = parseInput(listLimitSchema, req.query, 'query');
    res.json({ items: await chargeback.listCloses(limit) });
  });

  router.post('/chargeback/close', async (req, res) => {
    const input = parseInput(chargebackCloseSchema, req.body, 'body');
    const currentMonth = now().toISOString().slice(0, 7);
    if (input.month >= currentMonth) {
      throw new InputError(
        `The ${input.month} chargeback cannot be closed: only a month that is over can be (the current month is ${currentMonth})`,
      );
    }
    const { id: viewId, view } = await pricing.resolveView(input.view);
    const organisation = await readOrganisation(
      catalog,
      await credentialsOf(req),
    );
    const close = await writeAction(
      options,
      req,
      {
        permission: finopsChargebackClosePermission,
        eventId: 'chargeback-close',
        meta: { month: input.month, view: view.key },
      },
      actorRef =>
        chargeback.close(
          {
            month: input.month,
            viewId,
            viewKey: view.key,
            viewName: view.name,
            currency: view.currency,
            note: input.note,
          },
          organisation,
          actorRef,
        ),
    );
    res.status(201).json(close);
  });

  return router;
}
