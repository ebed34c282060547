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
