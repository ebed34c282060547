import { createPermission } from '@backstage/plugin-permission-common';
import { z } from 'zod';
import {
  entityRefSchema,
  monthSchema,
  textSchema,
  viewKeySchema,
} from './schemas';
import { DomainMode } from './types';

/**
 * Annotation on a catalog component naming the cost centre it is charged to. Without it, a
 * `cost-center=…` (or `costcenter=…`) pair of its `finops.backstage.io/tags` annotation is used.
 */
export const FINOPS_COST_CENTER_ANNOTATION = 'finops.backstage.io/cost-center';

/** Close a month's chargeback report (freeze its figures). */
export const finopsChargebackClosePermission = createPermission({
  name: 'finops.chargeback.close',
  attributes: { action: 'create' },
});

/** Query of `GET /api/finops/chargeback`. */
export const chargebackQuerySchema = z
  .object({
    month: monthSchema,
    view: viewKeySchema.default('actual'),
    entityRef: entityRefSchema.optional(),
    format: z.enum(['json', 'csv']).default('json'),
  })
  .strict();

/** Body of `POST /api/finops/chargeback/close`. */
export const chargebackCloseSchema = z
  .object({
    month: monthSchema,
    view: viewKeySchema.default('actual'),
    note: textSchema({ max: 2000 }).default(''),
  })
  .strict();

/** One line of a chargeback report: what one application is charged for one product in the month. */
export interface ChargebackLine {
  /** Catalog entity of the application; absent for the unallocated remainder. */
  entityRef?: string;
  name: string;
  ownerRef?: string;
  systemRef?: string;
  costCenter?: string;
  domainKey: string;
  mode: DomainMode;
  /** INDIRECT lines: the distribution method and its label; the quantity is the coefficient. */
  methodKey?: string;
  methodLabel?: string;
  productKey: string;
  productName: string;
  unit: string;
  quantity: string;
  /** Absent when the view prices no such product: such lines are listed as unpriced, never costed at 0. */
  unitPrice?: string;
  /** Rounded to the cent so that the lines add up to the report's total exactly. */
  cost?: string;
}

/** A group of a chargeback report (an owner, a cost centre, a system), rounded so the groups add up to the total. */
export interface ChargebackGroup {
  /** Entity ref, cost centre, or `none` for applications without one. */
  key: string;
  cost: string;
  direct: string;
  indirect: string;
}

/** An owner group: its own applications' cost, and rolled up over its child groups. */
export interface ChargebackOwner extends ChargebackGroup {
  parentRef?: string;
  /** Its own cost plus that of every group below it. */
  rolledUp: string;
}

/** The figures of a chargeback report. */
export interface ChargebackFigures {
  total: string;
  direct: string;
  indirect: string;
  /** The cost no rule maps to a catalog entity: shown, never hidden. */
  unallocated: string;
  byOwner: ChargebackOwner[];
  byCostCenter: ChargebackGroup[];
  bySystem: ChargebackGroup[];
  lines: ChargebackLine[];
}

/** Answer of `GET /api/finops/chargeback`. */
export interface ChargebackReport extends ChargebackFigures {
  month: string;
  view: { key: string; name: string };
  currency: string;
  entityRef?: string;
  status: 'open' | 'closed';
  /** When closed: who closed it, and how the live figures moved since (live − closed). */
  closed?: {
    closedAt: string;
    closedBy: string;
    note: string;
    drift: {
      total: string;
      byOwner: Array<{
        key: string;
        closed: string;
        live: string;
        drift: string;
      }>;
    };
  };
}

/** One closed report, as `GET /api/finops/chargeback/closes` lists it. */
export interface ChargebackClose {
  month: string;
  view: string;
  currency: string;
  total: string;
  closedAt: string;
  closedBy: string;
  note: string;
}
