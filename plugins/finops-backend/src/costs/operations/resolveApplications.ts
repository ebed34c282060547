import { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  RELATION_PARENT_OF,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { InputError, NotFoundError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { Knex } from 'knex';
import { TtlCache } from '../TtlCache';

/** Catalog answers reused for the same caller for a short while (see {@link catalogLookups}). */
export interface CatalogLookups {
  entities: TtlCache<boolean>;
  groupTrees: TtlCache<Map<string, string[]>>;
}

/** Caches of catalog answers: 30 s, so a change in the catalog shows within half a minute. */
export function catalogLookups(ttlMs = 30_000): CatalogLookups {
  return {
    entities: new TtlCache<boolean>(ttlMs),
    groupTrees: new TtlCache<Map<string, string[]>>(ttlMs, 100),
  };
}

function callerOf(credentials: BackstageCredentials): string {
  const { principal } = credentials as BackstageCredentials<any>;
  return (
    principal?.userEntityRef ?? principal?.subject ?? principal?.type ?? ''
  );
}

/**
 * The applications whose costs an entity sees: a component its own, a system its components',
 * a group what it and its child groups own. The entity must exist in the catalog (as the caller
 * sees it), or the answer is a 404.
 */
export async function resolveApplications(
  entityRef: string,
  deps: ResolveDeps,
): Promise<number[]> {
  const { applications } = await applicationsQuery(entityRef, deps);
  return (await applications.pluck('application_id')) as number[];
}

/**
 * {@link resolveApplications}, and in the same statement `columns` (SQL select expressions
 * without a FROM, such as the stamp of the data an answer depends on): one round trip, not two.
 */
export async function resolveApplicationsWith(
  entityRef: string,
  deps: ResolveDeps,
  columns: string,
): Promise<{ applicationIds: number[]; columns: Record<string, unknown> }> {
  const { applications } = await applicationsQuery(entityRef, deps);
  const {
    rows: [row],
  } = await deps.knex.raw(`SELECT ARRAY ? AS application_ids, ${columns}`, [
    applications.select('application_id'),
  ]);
  const { application_ids: applicationIds, ...rest } = row;
  return { applicationIds, columns: rest };
}

interface ResolveDeps {
  knex: Knex;
  catalog: CatalogService;
  credentials: BackstageCredentials;
  lookups?: CatalogLookups;
}

/** The query of the applications an entity sees, once the catalog has shown it to the caller. */
async function applicationsQuery(
  entityRef: string,
  deps: ResolveDeps,
): Promise<{ applications: Knex.QueryBuilder }> {
  const lookups = deps.lookups ?? catalogLookups(0);
  const { kind } = parseEntityRef(entityRef);
  if (!['component', 'system', 'group'].includes(kind)) {
    throw new InputError(
      `entityRef: costs are kept for components, systems and groups, not ${kind}s`,
    );
  }
  // The catalog answers as the caller sees it; the answer may be reused for that caller.
  const caller = callerOf(deps.credentials);
  const exists = await lookups.entities.get(
    `${caller}\u0000${entityRef}`,
    async () =>
      Boolean(
        await deps.catalog.getEntityByRef(entityRef, {
          credentials: deps.credentials,
        }),
      ),
  );
  if (!exists) {
    throw new NotFoundError(`No entity ${entityRef} in the catalog`);
  }
  const applications = deps.knex('dim_application').whereNotNull('entity_ref');
  if (kind === 'component') {
    applications.where('entity_ref', entityRef);
  } else if (kind === 'system') {
    applications.where('system_ref', entityRef);
  } else {
    // One catalog read of every group's relations, then the descendants in memory.
    const children = await lookups.groupTrees.get(caller, async () => {
      const { items } = await deps.catalog.getEntities(
        {
          filter: { kind: 'Group' },
          fields: ['kind', 'metadata.name', 'metadata.namespace', 'relations'],
        },
        { credentials: deps.credentials },
      );
      const tree = new Map<string, string[]>();
      for (const group of items) {
        tree.set(
          stringifyEntityRef(group),
          (group.relations ?? [])
            .filter(r => r.type === RELATION_PARENT_OF)
            .map(r => r.targetRef),
        );
      }
      return tree;
    });
    const groups = new Set<string>([entityRef]);
    const frontier = [entityRef];
    while (frontier.length > 0) {
      for (const child of children.get(frontier.pop()!) ?? []) {
        if (!groups.has(child)) {
          groups.add(child);
          frontier.push(child);
        }
      }
    }
    applications.whereIn('owner_ref', [...groups]);
  }
  // In an object: a query builder is a thenable, an async function would run it.
  return { applications };
}
