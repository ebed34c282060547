import { Domain } from '@finops-backstage/plugin-finops-common';
import { AuditRecord } from '../audit/AuditRecord';

/** The cost domains: their mode (direct or indirect) and indirect method. */
export interface DomainStore {
  listDomains(): Promise<Domain[]>;
  /** Changes a domain, audited; a change of mode moves costs between direct and indirect. */
  updateDomain(
    key: string,
    update: {
      mode?: 'DIRECT' | 'INDIRECT';
      indirectMethodKey?: string;
      indirectLabel?: string;
    },
    actorRef: string,
  ): Promise<Domain>;
  /** The domain's audit trail, newest first. */
  listAudit(key: string, limit: number): Promise<AuditRecord[]>;
}
