import {
  ChargebackClose,
  ChargebackFigures,
} from '@finops-backstage/plugin-finops-common';
import Decimal from 'decimal.js';
import { Organisation } from './readOrganisation';

/** One line as the mart or a closed report holds it, before it is decorated. */
export interface LineRow {
  application_id: number;
  application_key: string;
  entity_ref: string | null;
  application_name: string;
  owner_ref: string | null;
  system_ref: string | null;
  cost_center?: string | null;
  domain_key: string;
  domain_mode: 'DIRECT' | 'INDIRECT';
  indirect_method_key: string | null;
  indirect_label: string | null;
  product_id: number;
  product_key: string;
  product_name: string;
  unit: string;
  quantity: string;
  unit_price: string | null;
  cost: string | null;
}

/** A closed report: its figures as they were closed, and its header. */
export interface ClosedReport {
  close: ChargebackClose & { viewId: number };
  lines: LineRow[];
  /** The cents of each application-month cell of the whole closed report. */
  targets: Map<string, Decimal>;
}

/** The month and view a report is closed for, and the note it is closed with. */
export interface CloseInput {
  month: string;
  viewId: number;
  viewKey: string;
  viewName: string;
  currency: string;
  note: string;
}

/**
 * Chargeback and showback: a month's cost per application and product in a pricing view, and
 * reports closed with the figures they had.
 */
export interface ChargebackStore {
  /** The live lines of a month in a view: every application (unallocated included) × product. */
  liveLines(
    month: string,
    viewId: number,
    applicationIds?: number[],
  ): Promise<LineRow[]>;
  /** The cents of each application-month of a view, as the costs routes have them. */
  applicationCents(
    month: string,
    viewId: number,
  ): Promise<Map<string, Decimal>>;
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
  ): ChargebackFigures;
  /** The closed report of a month and view, if it was closed. */
  closed(
    month: string,
    viewId: number,
    applicationIds?: number[],
  ): Promise<ClosedReport | undefined>;
  /** Closes a month's report, once per month and view (409 after that), with an audit row. */
  close(
    input: CloseInput,
    organisation: Organisation,
    actorRef: string,
  ): Promise<ChargebackClose>;
  /** Closed reports, newest month first. */
  listCloses(limit: number): Promise<ChargebackClose[]>;
}
