import { Knex } from 'knex';
import { AuditEntry, AuditRecord } from '../AuditRecord';

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
