/** One change, as the append-only audit table keeps it. */
export interface AuditEntry {
  eventId: string;
  actorRef: string;
  subjectType: 'pricing-view' | 'domain' | 'budget';
  subjectId: string;
  before?: unknown;
  after?: unknown;
}

/** An audit row as the API shows it. */
export interface AuditRecord {
  eventId: string;
  actorRef: string;
  at: string;
  before?: unknown;
  after?: unknown;
}
