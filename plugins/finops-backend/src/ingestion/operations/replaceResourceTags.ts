import { PoolClient } from 'pg';

/** Tags per domain id, then per resource id. */
export type ResourceTags = Map<number, Map<number, Record<string, string>>>;

/** Adds a row's tags to its resource's: keys merged over the month, the last row read wins. */
export function mergeTags(
  into: ResourceTags,
  domainId: number,
  resourceId: number,
  tags: Record<string, string> | undefined,
) {
  let ofDomain = into.get(domainId);
  if (!ofDomain) {
    ofDomain = new Map();
    into.set(domainId, ofDomain);
  }
  const merged = ofDomain.get(resourceId);
  if (!merged) {
    ofDomain.set(resourceId, { ...tags });
  } else if (tags) {
    Object.assign(merged, tags);
  }
}

/**
 * Replaces the resource tags of a (month, source, domain), inside the transaction that replaces
 * its facts: a few statements of up to 10 000 resources each, never one per resource.
 */
export async function replaceResourceTags(
  connection: PoolClient,
  scope: {
    monthStart: string;
    source: string;
    domainId: number;
    tags: Map<number, Record<string, string>>;
  },
) {
  await connection.query(
    'DELETE FROM resource_tag_month WHERE period_month = $1 AND source_key = $2 AND domain_id = $3',
    [scope.monthStart, scope.source, scope.domainId],
  );
  const entries = [...scope.tags];
  for (let start = 0; start < entries.length; start += 10_000) {
    const slice = entries.slice(start, start + 10_000);
    await connection.query(
      `INSERT INTO resource_tag_month (period_month, source_key, domain_id, resource_id, tags)
       SELECT $1::date, $2, $3, t.resource_id, t.tags
         FROM unnest($4::bigint[], $5::jsonb[]) AS t(resource_id, tags)`,
      [
        scope.monthStart,
        scope.source,
        scope.domainId,
        slice.map(([resourceId]) => resourceId),
        slice.map(([, tags]) => JSON.stringify(tags)),
      ],
    );
  }
}
