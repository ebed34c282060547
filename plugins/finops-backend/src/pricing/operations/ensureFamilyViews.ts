import { Knex } from 'knex';
import { writeAudit } from '../../audit/operations/audit';
import { refreshPrices } from './resolvedPrices';

/** A view of family multipliers on top of `actual` that another capability needs to exist. */
export interface FamilyViewSpec {
  key: string;
  name: string;
  description: string;
  kind: string;
  /** Multiplier per family key; families the mart does not hold yet are left out. */
  multipliers: Record<string, string>;
}

/**
 * Creates the views of `specs` that never existed (a view deleted since is left alone: admins own
 * them once created) as children of `actual`, each with a rule per family the mart holds, their
 * resolved prices and an audit row, in one transaction. Nothing happens before the families or
 * the actual view exist (before the first ingestion run).
 */
export async function ensureFamilyViews(
  knex: Knex,
  specs: FamilyViewSpec[],
  actorRef: string,
): Promise<void> {
  await knex.transaction(async tx => {
    await tx.raw('SELECT pg_advisory_xact_lock(hashtext(?))', [
      'finops-ri-views',
    ]);
    const existing = new Set(
      await tx('pricing_view')
        .whereIn(
          'view_key',
          specs.map(spec => spec.key),
        )
        .pluck('view_key'),
    );
    const familyKeys = [
      ...new Set(specs.flatMap(spec => Object.keys(spec.multipliers))),
    ];
    const families = await tx('dim_family')
      .whereIn('family_key', familyKeys)
      .select('family_id', 'family_key');
    if (families.length === 0) return;
    const actual = await tx('pricing_view')
      .where({ view_key: 'actual' })
      .whereNull('deleted_at')
      .first('pricing_view_id', 'currency');
    if (!actual) return;
    for (const spec of specs) {
      if (existing.has(spec.key)) continue;
      const [{ pricing_view_id: viewId }] = await tx('pricing_view')
        .insert({
          view_key: spec.key,
          name: spec.name,
          description: spec.description,
          kind: spec.kind,
          currency: actual.currency,
          parent_id: actual.pricing_view_id,
        })
        .returning('pricing_view_id');
      const rules = families
        .filter(family => spec.multipliers[family.family_key])
        .map(family => ({
          pricing_view_id: viewId,
          family_id: family.family_id,
          multiplier: spec.multipliers[family.family_key],
          valid_from: '2000-01-01',
        }));
      await tx('pricing_rule').insert(rules);
      await refreshPrices(tx, { views: [viewId] });
      await writeAudit(tx, {
        eventId: 'pricing-view-create',
        actorRef,
        subjectType: 'pricing-view',
        subjectId: spec.key,
        after: {
          key: spec.key,
          parent: 'actual',
          rules: families.map(family => ({
            family: family.family_key,
            multiplier: spec.multipliers[family.family_key],
          })),
        },
      });
    }
  });
}
