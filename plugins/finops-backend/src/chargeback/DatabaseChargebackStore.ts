import { ConflictError } from '@backstage/errors';
import {
  ChargebackClose,
  ChargebackFigures,
  allocateCents,
} from '@finops-backstage/plugin-finops-common';
import Decimal from 'decimal.js';
import { Knex } from 'knex';
import {
  partitionOf,
  readApplicationCents,
} from '../costs/operations/applicationCents';
import { resolvedPrices } from '../pricing/operations/resolvedPrices';
import { ExactLine, buildFigures } from './buildFigures';
import {
  ChargebackStore,
  ClosedReport,
  CloseInput,
  LineRow,
} from './ChargebackStore';
import { Organisation } from './readOrganisation';

function toExact(row: LineRow, month: string): ExactLine {
  return {
    partition: partitionOf({
      app: row.application_id,
      month,
      mode: row.domain_mode,
    }),
    entityRef: row.entity_ref ?? undefined,
    name: row.application_name,
    ownerRef: row.owner_ref ?? undefined,
    systemRef: row.system_ref ?? undefined,
    costCenter: row.cost_center ?? undefined,
    domainKey: row.domain_key,
    mode: row.domain_mode,
    methodKey: row.indirect_method_key ?? undefined,
    methodLabel:
      row.domain_mode === 'INDIRECT'
        ? row.indirect_label ?? undefined
        : undefined,
    productKey: row.product_key,
    productName: row.product_name,
    unit: row.unit,
    quantity: new Decimal(row.quantity).toFixed(),
    unitPrice:
      row.unit_price === null
        ? undefined
        : new Decimal(row.unit_price).toFixed(),
    exactCost: row.cost ?? undefined,
  };
}

function toClose(
  row: Record<string, any>,
): ChargebackClose & { viewId: number } {
  return {
    month: String(row.month),
    view: row.view_key,
    viewId: row.pricing_view_id,
    currency: row.currency,
    total: new Decimal(row.total).toFixed(2),
    closedAt: new Date(row.closed_at).toISOString(),
    closedBy: row.closed_by,
    note: row.note,
  };
}

/**
 * Chargeback and showback: a month's cost per application and product in a pricing view, and
 * reports closed with the figures they had. Amounts stay `numeric` in SQL and Decimal in
 * TypeScript; rounding to cents happens last, so that every grouping adds up to the total.
 */
export class DatabaseChargebackStore implements ChargebackStore {
  private constructor(private readonly knex: Knex) {}

  static create(options: { knex: Knex }): DatabaseChargebackStore {
    return new DatabaseChargebackStore(options.knex);
  }

  /** The live lines of a month in a view: every application (unallocated included) × product. */
  async liveLines(
    month: string,
    viewId: number,
    applicationIds?: number[],
  ): Promise<LineRow[]> {
    const { rows } = await this.knex.raw(
      `WITH month_quantities AS (
         SELECT m.period_month, m.application_id, m.domain_id, m.product_id,
                sum(m.quantity) AS quantity
           FROM agg_quantity_monthly m
          WHERE m.period_month = :month
            AND (CAST(:apps AS integer[]) IS NULL
                 OR m.application_id = ANY(CAST(:apps AS integer[])))
          GROUP BY 1, 2, 3, 4
       ),
       ${resolvedPrices()}
       SELECT q.application_id, ap.application_key, ap.entity_ref, ap.name AS application_name,
              ap.owner_ref, ap.system_ref, d.domain_key, d.domain_mode, d.indirect_method_key,
              coalesce(d.indirect_label, d.name) AS indirect_label,
              q.product_id, p.product_key, p.name AS product_name, p.unit,
              q.quantity::text AS quantity, pr.unit_price::text AS unit_price,
              (q.quantity * pr.unit_price)::text AS cost
         FROM month_quantities q
         JOIN dim_application ap ON ap.application_id = q.application_id
         JOIN dim_domain d ON d.domain_id = q.domain_id
         JOIN dim_product p ON p.product_id = q.product_id
         LEFT JOIN prices pr ON pr.product_id = q.product_id AND pr.period_month = q.period_month
        ORDER BY ap.application_key, d.domain_key, p.product_key`,
      {
        month: `${month}-01`,
        viewId,
        apps: applicationIds ?? null,
      },
    );
    return rows;
  }

  /**
   * The cents of each application-month of a view, as the costs routes have them: live lines
   * share them, so an entity's report has the cents of its costs.
   */
  applicationCents(month: string, viewId: number) {
    return readApplicationCents(
      this.knex,
      viewId,
      `${month}-01`,
      `${month}-01`,
    );
  }

  /**
   * The figures of lines, with the cost centres and group tree of the catalog; live lines share
   * the cents of their application-months (`targets`), closed ones the report's own rounding.
   */
  figures(
    lines: LineRow[],
    organisation: Organisation,
    options: {
      month: string;
      useStoredCostCenters?: boolean;
      targets?: Map<string, Decimal>;
    },
  ): ChargebackFigures {
    return buildFigures(
      lines.map(row =>
        toExact(
          {
            ...row,
            cost_center: options.useStoredCostCenters
              ? row.cost_center
              : (row.entity_ref &&
                  organisation.costCenterOf.get(row.entity_ref)) ??
                null,
          },
          options.month,
        ),
      ),
      organisation.parentOf,
      options.targets,
    );
  }

  /**
   * The closed report of a month and view, if it was closed, with the cents its application-months
   * had when it was closed (rounded as {@link readApplicationCents} rounds live ones).
   */
  async closed(
    month: string,
    viewId: number,
    applicationIds?: number[],
  ): Promise<ClosedReport | undefined> {
    const row = await this.knex('chargeback_close')
      .where({ period_month: `${month}-01`, pricing_view_id: viewId })
      .first('*', this.knex.raw(`to_char(period_month, 'YYYY-MM') AS month`));
    if (!row) return undefined;
    const query = this.knex('chargeback_close_line')
      .where({ close_id: row.close_id })
      .orderBy(['application_key', 'domain_key', 'product_key']);
    if (applicationIds) query.whereIn('application_id', applicationIds);
    const lines = await query.select(
      '*',
      this.knex.raw('quantity::text AS quantity'),
      this.knex.raw('unit_price::text AS unit_price'),
      this.knex.raw('cost::text AS cost'),
    );
    const { rows: cells } = (await this.knex.raw(
      `SELECT application_id AS app, domain_mode AS mode, coalesce(sum(cost), 0)::text AS cost
         FROM chargeback_close_line WHERE close_id = ? GROUP BY 1, 2 ORDER BY 1, 2`,
      [row.close_id],
    )) as { rows: Array<{ app: number; mode: string; cost: string }> };
    const cents = allocateCents(cells.map(cell => cell.cost));
    const targets = new Map(
      cells.map((cell, i) => [partitionOf({ ...cell, month }), cents[i]]),
    );
    return { close: toClose(row), lines, targets };
  }

  /**
   * Closes a month's report: copies its live lines (exact quantities, unit prices and costs, and
   * the owner, system and cost centre of the day) into tables of their own, with an audit row, in
   * one transaction. A report is closed once per month and view (409 after that).
   */
  async close(
    input: CloseInput,
    organisation: Organisation,
    actorRef: string,
  ): Promise<ChargebackClose> {
    return this.knex.transaction(async tx => {
      // One closing at a time per month and view, whatever the replica.
      await tx.raw('SELECT pg_advisory_xact_lock(hashtext(?))', [
        `finops-chargeback-close:${input.month}:${input.viewId}`,
      ]);
      const existing = await tx('chargeback_close')
        .where({
          period_month: `${input.month}-01`,
          pricing_view_id: input.viewId,
        })
        .first('close_id');
      if (existing) {
        throw new ConflictError(
          `The ${input.month} chargeback of the '${input.viewKey}' view is already closed`,
        );
      }
      const store = new DatabaseChargebackStore(tx);
      const lines = await store.liveLines(input.month, input.viewId);
      const figures = store.figures(lines, organisation, {
        month: input.month,
        targets: await store.applicationCents(input.month, input.viewId),
      });
      const [{ close_id: closeId }] = await tx('chargeback_close')
        .insert({
          period_month: `${input.month}-01`,
          pricing_view_id: input.viewId,
          view_key: input.viewKey,
          view_name: input.viewName,
          currency: input.currency,
          total: figures.total,
          direct: figures.direct,
          indirect: figures.indirect,
          unallocated: figures.unallocated,
          note: input.note,
          closed_by: actorRef,
        })
        .returning('close_id');
      const rows = lines.map(line => ({
        close_id: closeId,
        application_id: line.application_id,
        application_key: line.application_key,
        entity_ref: line.entity_ref,
        application_name: line.application_name,
        owner_ref: line.owner_ref,
        system_ref: line.system_ref,
        cost_center:
          (line.entity_ref && organisation.costCenterOf.get(line.entity_ref)) ??
          null,
        domain_key: line.domain_key,
        domain_mode: line.domain_mode,
        indirect_method_key: line.indirect_method_key,
        indirect_label: line.indirect_label,
        product_id: line.product_id,
        product_key: line.product_key,
        product_name: line.product_name,
        unit: line.unit,
        quantity: line.quantity,
        unit_price: line.unit_price,
        cost: line.cost,
      }));
      for (let start = 0; start < rows.length; start += 500) {
        await tx('chargeback_close_line').insert(
          rows.slice(start, start + 500),
        );
      }
      const close = toClose(
        await tx('chargeback_close')
          .where({ close_id: closeId })
          .first('*', tx.raw(`to_char(period_month, 'YYYY-MM') AS month`)),
      );
      const { viewId: _viewId, ...publicClose } = close;
      await tx('audit_event').insert({
        event_id: 'chargeback-close',
        actor_ref: actorRef,
        subject_type: 'chargeback',
        subject_id: `${input.month}:${input.viewKey}`,
        before: null,
        after: JSON.stringify({
          ...publicClose,
          direct: figures.direct,
          indirect: figures.indirect,
          unallocated: figures.unallocated,
          lines: rows.length,
        }),
      });
      return publicClose;
    });
  }

  /** Closed reports, newest month first. */
  async listCloses(limit: number): Promise<ChargebackClose[]> {
    const rows = await this.knex('chargeback_close')
      .orderBy([
        { column: 'period_month', order: 'desc' },
        { column: 'view_key', order: 'asc' },
      ])
      .limit(limit)
      .select('*', this.knex.raw(`to_char(period_month, 'YYYY-MM') AS month`));
    return rows.map(row => {
      const { viewId: _viewId, ...close } = toClose(row);
      return close;
    });
  }
}
