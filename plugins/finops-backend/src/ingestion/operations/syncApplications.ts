import { AuthService } from '@backstage/backend-plugin-api';
import {
  Entity,
  RELATION_OWNED_BY,
  RELATION_PART_OF,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  FINOPS_ACCOUNTS_ANNOTATION,
  FINOPS_TAGS_ANNOTATION,
} from '@finops-backstage/plugin-finops-common';
import { Knex } from 'knex';
import { MappableApplication, tagSelector } from '../ApplicationMapper';

/** The application row a catalog component gives. */
export interface ApplicationFromCatalog {
  entityRef: string;
  ownerRef?: string;
  /** The system the component is part of. */
  systemRef?: string;
  name: string;
  tagSelectors: string[];
  accountKeys: string[];
}

function splitList(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map(part => part.trim())
    .filter(Boolean);
}

/** Reads the mapping of a component: its tag selectors (default `app=<name>`) and accounts. */
export function applicationFromEntity(entity: Entity): ApplicationFromCatalog {
  const annotations = entity.metadata.annotations ?? {};
  const selectors = splitList(annotations[FINOPS_TAGS_ANNOTATION]).flatMap(
    pair => {
      const at = pair.indexOf('=');
      return at > 0 ? [tagSelector(pair.slice(0, at), pair.slice(at + 1))] : [];
    },
  );
  const owner =
    entity.relations?.find(relation => relation.type === RELATION_OWNED_BY)
      ?.targetRef ??
    (typeof entity.spec?.owner === 'string'
      ? stringifyEntityRef(
          parseEntityRef(entity.spec.owner, {
            defaultKind: 'group',
            defaultNamespace: entity.metadata.namespace ?? 'default',
          }),
        )
      : undefined);
  const system =
    entity.relations?.find(
      relation =>
        relation.type === RELATION_PART_OF &&
        relation.targetRef.startsWith('system:'),
    )?.targetRef ??
    (typeof entity.spec?.system === 'string'
      ? stringifyEntityRef(
          parseEntityRef(entity.spec.system, {
            defaultKind: 'system',
            defaultNamespace: entity.metadata.namespace ?? 'default',
          }),
        )
      : undefined);
  return {
    entityRef: stringifyEntityRef(entity),
    ownerRef: owner,
    systemRef: system,
    name: entity.metadata.name,
    tagSelectors:
      selectors.length > 0
        ? selectors
        : [tagSelector('app', entity.metadata.name)],
    accountKeys: splitList(annotations[FINOPS_ACCOUNTS_ANNOTATION]),
  };
}

/**
 * Keeps `dim_application` in step with the catalog's components: new ones are added, owners and
 * mappings follow the catalog, and components that left the catalog are soft-deleted (their past
 * costs stay). Returns the live applications for the mapper.
 */
export async function syncApplications(
  knex: Knex,
  applications: ApplicationFromCatalog[],
): Promise<MappableApplication[]> {
  await knex.transaction(async tx => {
    const now = tx.fn.now();
    // One statement per 1 000 components, not one per component (each run syncs them all); a
    // component listed twice counts once, as its last listing.
    const byKey = new Map(applications.map(app => [app.entityRef, app]));
    const rows = [...byKey.values()].map(app => ({
      application_key: app.entityRef,
      entity_ref: app.entityRef,
      owner_ref: app.ownerRef ?? null,
      system_ref: app.systemRef ?? null,
      name: app.name,
      tag_selectors: JSON.stringify(app.tagSelectors),
      account_keys: JSON.stringify(app.accountKeys),
    }));
    for (let start = 0; start < rows.length; start += 1000) {
      await tx('dim_application')
        .insert(rows.slice(start, start + 1000))
        .onConflict('application_key')
        .merge({
          owner_ref: tx.raw('excluded.owner_ref'),
          system_ref: tx.raw('excluded.system_ref'),
          name: tx.raw('excluded.name'),
          tag_selectors: tx.raw('excluded.tag_selectors'),
          account_keys: tx.raw('excluded.account_keys'),
          deleted_at: null,
          updated_at: now,
        });
    }
    if (applications.length === 0) {
      return; // an empty catalog is a catalog not read yet, not one whose components all left
    }
    await tx('dim_application')
      .whereNotNull('entity_ref')
      .whereNull('deleted_at')
      .whereNotIn(
        'entity_ref',
        applications.map(app => app.entityRef),
      )
      .update({ deleted_at: now, updated_at: now });
  });
  const rows = await knex('dim_application')
    .whereNotNull('entity_ref')
    .whereNull('deleted_at')
    .select('application_id', 'entity_ref', 'tag_selectors', 'account_keys');
  return rows.map(row => ({
    applicationId: row.application_id,
    entityRef: row.entity_ref,
    tagSelectors: row.tag_selectors,
    accountKeys: row.account_keys,
  }));
}

/**
 * Reads every component of the catalog once, with the service's own credentials. An empty answer
 * is not waited on: a catalog may be empty on purpose (no locations), and a run that retried it
 * would hold every load back. The run loads at once, unallocated, and keeps its months open (not
 * final), so that the next run maps them once the catalog has components.
 */
export async function readCatalogApplications(
  catalog: CatalogService,
  auth: AuthService,
): Promise<ApplicationFromCatalog[]> {
  return readComponents(catalog, auth);
}

/**
 * The catalog as one ingestion run sees it: read and synced once when the run starts (the runner's
 * `readApplications`), then shared by the sources that weigh applications, so that no source calls
 * the catalog again, for each month or while a load's COPY is open.
 */
export class RunCatalog {
  private applications?: Promise<MappableApplication[]>;

  constructor(private readonly read: () => Promise<MappableApplication[]>) {}

  /** Reads the catalog for a run that starts, and keeps its answer for the run's sources. */
  readForRun(): Promise<MappableApplication[]> {
    const applications = this.read();
    this.applications = applications;
    // A failed read fails its run; the next run reads again.
    applications.catch(() => {
      if (this.applications === applications) this.applications = undefined;
    });
    return applications;
  }

  /** The entity refs of the run's applications, sorted; read now when no run has read them. */
  async entityRefs(): Promise<string[]> {
    const applications = await (this.applications ?? this.readForRun());
    return applications
      .map(application => application.entityRef)
      .sort((a, b) => a.localeCompare(b));
  }
}

async function readComponents(
  catalog: CatalogService,
  auth: AuthService,
): Promise<ApplicationFromCatalog[]> {
  const { items } = await catalog.getEntities(
    {
      filter: { kind: 'Component' },
      fields: [
        'kind',
        'metadata.name',
        'metadata.namespace',
        'metadata.annotations',
        'spec.owner',
        'spec.system',
        'relations',
      ],
    },
    { credentials: await auth.getOwnServiceCredentials() },
  );
  return items.map(applicationFromEntity);
}
