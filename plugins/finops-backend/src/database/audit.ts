import { Knex } from 'knex';

/** One change, as the append-only audit table keeps it. */
export interface AuditEntry {
  eventId: string;
  actorRef: string;
  subjectType: 'pricing-view' | 'domain' | 'budget';
  subjectId: string;
  before?: unknown;
  after?: unknown;
}

/** Writes an audit row; call it with the transaction of the change it records. */
export async function writeAudit(
  tx: Knex.Transaction,
  entry: AuditEntry,
): Promise<void> {
  await tx('audit_event').insert({
    event_id: entry.eventId,
    actor_ref: entry.actorRef,
    subject_type: entry.subjectType,
    subject_id: entry.subjectId,
    before: entry.before === undefined ? null : JSON.stringify(entry.before),
    after: entry.after === undefined ? null : JSON.stringify(entry.after),
  });
}

/** An audit row as the API shows it. */
export interface AuditRecord {
  eventId: string;
  actorRef: string;
  at: string;
  before?: unknown;
  after?: unknown;
}

/** The audit trail of a subject, newest first. */
export async function readAudit(
  db: Knex,
  subjectType: AuditEntry['subjectType'],
  subjectId: string,
  limit: number,
): Promise<AuditRecord[]> {
  const rows = await db('audit_event')
    .where({ subject_type: subjectType, subject_id: subjectId })
    .orderBy('audit_id', 'desc')
    .limit(limit);
  return rows.map(row => ({
    eventId: row.event_id,
    actorRef: row.actor_ref,
    at: new Date(row.created_at).toISOString(),
    before: row.before ?? undefined,
    after: row.after ?? undefined,
  }));
}
