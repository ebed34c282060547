import {
  ChargebackReport,
  chargebackCloseSchema,
  chargebackQuerySchema,
  finopsChargebackClosePermission,
  listLimitSchema,
  toCsv,
} from '@finops-backstage/plugin-finops-common';
import Decimal from 'decimal.js';
import express from 'express';
import Router from 'express-promise-router';
import { chargebackReport } from '../../chargeback/chargebackReport';
import { readOrganisation } from '../../chargeback/readOrganisation';
import { RouterOptions } from '../RouterOptions';
import { parseInput } from '../validation';
import { writeAction } from '../writeAction';

/**
 * The finance export: one line per owner, cost centre, system and product, with its quantity,
 * unit price and cost (unpriced quantities have no price and no cost).
 */
function chargebackCsv(report: ChargebackReport): string {
  const lines = new Map<
    string,
    {
      cells: string[];
      quantity: Decimal;
      unitPrice?: string;
      cost?: Decimal;
      unit: string;
    }
  >();
  for (const line of report.lines) {
    const owner = line.entityRef ? line.ownerRef ?? 'none' : 'unallocated';
    const costCenter = line.entityRef
      ? line.costCenter ?? 'none'
      : 'unallocated';
    const system = line.entityRef ? line.systemRef ?? 'none' : 'unallocated';
    const cells = [
      owner,
      costCenter,
      system,
      line.domainKey,
      line.mode,
      line.productKey,
      line.productName,
    ];
    const key = [...cells, line.unitPrice ?? ''].join('\u0000');
    const entry = lines.get(key) ?? {
      cells,
      quantity: new Decimal(0),
      unitPrice: line.unitPrice,
      cost: line.cost === undefined ? undefined : new Decimal(0),
      unit: line.unit,
    };
    entry.quantity = entry.quantity.plus(line.quantity);
    if (entry.cost && line.cost) entry.cost = entry.cost.plus(line.cost);
    lines.set(key, entry);
  }
  return toCsv(
    [
      'month',
      'view',
      'owner',
      'cost_center',
      'system',
      'domain',
      'mode',
      'product',
      'product_name',
      'quantity',
      'unit',
      'unit_price',
      'cost',
      'currency',
    ],
    [...lines.values()].map(entry => [
      report.month,
      report.view.key,
      ...entry.cells,
      entry.quantity.toFixed(),
      entry.unit,
      entry.unitPrice,
      entry.cost?.toFixed(2),
      report.currency,
    ]),
  );
}

/** Chargeback and showback: a month's report, its CSV, and closing it. */
export function chargebackRoutes(options: RouterOptions) {
  const { chargeback, costs, pricing, httpAuth, catalog } = options;
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
