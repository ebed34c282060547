import { ChargebackReport } from '@finops-backstage/plugin-finops-common';
import Decimal from 'decimal.js';
import { ChargebackStore } from './ChargebackStore';
import { Organisation } from './readOrganisation';

/**
 * A month's chargeback report in a view, for the estate or for some applications. Once the
 * month is closed, the report shows the figures it was closed with and the drift of the live
 * figures since (live − closed), per owner and in total.
 */
export async function chargebackReport(
  store: ChargebackStore,
  organisation: Organisation,
  query: {
    month: string;
    viewId: number;
    view: { key: string; name: string; currency: string };
    entityRef?: string;
    applicationIds?: number[];
  },
): Promise<ChargebackReport> {
  const header = {
    month: query.month,
    view: { key: query.view.key, name: query.view.name },
    currency: query.view.currency,
    ...(query.entityRef ? { entityRef: query.entityRef } : {}),
  };
  const live = store.figures(
    await store.liveLines(query.month, query.viewId, query.applicationIds),
    organisation,
    {
      month: query.month,
      targets: await store.applicationCents(query.month, query.viewId),
    },
  );
  const closed = await store.closed(
    query.month,
    query.viewId,
    query.applicationIds,
  );
  if (!closed) {
    return { ...header, status: 'open', ...live };
  }
  const figures = store.figures(closed.lines, organisation, {
    month: query.month,
    useStoredCostCenters: true,
    targets: closed.targets,
  });
  const owners = new Set([
    ...figures.byOwner.map(owner => owner.key),
    ...live.byOwner.map(owner => owner.key),
  ]);
  const costOf = (list: typeof live.byOwner, key: string) =>
    list.find(owner => owner.key === key)?.cost ?? '0.00';
  const byOwner = [...owners, 'unallocated']
    .map(key => {
      const before =
        key === 'unallocated'
          ? figures.unallocated
          : costOf(figures.byOwner, key);
      const now =
        key === 'unallocated' ? live.unallocated : costOf(live.byOwner, key);
      return {
        key,
        closed: before,
        live: now,
        drift: new Decimal(now).minus(before).toFixed(2),
      };
    })
    .filter(owner => !new Decimal(owner.drift).isZero())
    .sort((a, b) =>
      new Decimal(b.drift).abs().comparedTo(new Decimal(a.drift).abs()),
    );
  return {
    ...header,
    status: 'closed',
    ...figures,
    closed: {
      closedAt: closed.close.closedAt,
      closedBy: closed.close.closedBy,
      note: closed.close.note,
      drift: {
        total: new Decimal(live.total).minus(figures.total).toFixed(2),
        byOwner,
      },
    },
  };
}
