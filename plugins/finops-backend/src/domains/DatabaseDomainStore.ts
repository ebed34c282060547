import { NotFoundError } from '@backstage/errors';
import { Domain } from '@finops-backstage/plugin-finops-common';
import { Knex } from 'knex';
import { readAudit, writeAudit } from '../audit/operations/audit';
import { refreshCosts } from '../pricing/operations/resolvedPrices';
import { DomainStore } from './DomainStore';

/** A domain as the API shows it. */
function toDomain(row: Record<string, any>): Domain {
  return {
    key: row.domain_key,
    name: row.name,
    mode: row.domain_mode,
    indirectMethodKey: row.indirect_method_key ?? undefined,
    indirectLabel: row.indirect_label ?? undefined,
  };
}

/** The cost domains in the mart's `dim_domain`; every change is audited in its transaction. */
export class DatabaseDomainStore implements DomainStore {
  private constructor(private readonly knex: Knex) {}

  static create(options: { knex: Knex }): DatabaseDomainStore {
    return new DatabaseDomainStore(options.knex);
  }

  async listDomains(): Promise<Domain[]> {
    const rows = await this.knex('dim_domain')
      .whereNull('deleted_at')
      .orderBy('domain_key');
    return rows.map(toDomain);
  }

  async updateDomain(
    key: string,
    update: {
      mode?: 'DIRECT' | 'INDIRECT';
      indirectMethodKey?: string;
      indirectLabel?: string;
    },
    actorRef: string,
  ): Promise<Domain> {
    return this.knex.transaction(async tx => {
      const before = await tx('dim_domain')
        .where({ domain_key: key })
        .whereNull('deleted_at')
        .forUpdate()
        .first();
      if (!before) throw new NotFoundError(`No domain '${key}'`);
      await tx('dim_domain')
        .where({ domain_id: before.domain_id })
        .update({
          domain_mode: update.mode ?? before.domain_mode,
          indirect_method_key:
            update.indirectMethodKey ?? before.indirect_method_key,
          indirect_label: update.indirectLabel ?? before.indirect_label,
          updated_at: tx.fn.now(),
        });
      if (update.mode && update.mode !== before.domain_mode) {
        await refreshCosts(tx);
      }
      const after = await tx('dim_domain')
        .where({ domain_id: before.domain_id })
        .first();
      await writeAudit(tx, {
        eventId: 'domain-update',
        actorRef,
        subjectType: 'domain',
        subjectId: key,
        before: toDomain(before),
        after: toDomain(after),
      });
      return toDomain(after);
    });
  }

  async listAudit(key: string, limit: number) {
    return readAudit(this.knex, 'domain', key, limit);
  }
}
