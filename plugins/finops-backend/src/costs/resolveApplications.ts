import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { RELATION_PARENT_OF, parseEntityRef } from '@backstage/catalog-model';
import { InputError, NotFoundError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { Knex } from 'knex';

/**
 * The applications whose costs an entity sees: a component its own, a system its components',
 * a group what it and its child groups own. The entity must exist in the catalog (as the caller
 * sees it), or the answer is a 404.
 */
export async function resolveApplications(
  entityRef: string,
  deps: {
    knex: Knex;
    catalog: CatalogService;
    credentials: BackstageCredentials;
  },
): Promise<number[]> {
  const { kind } = parseEntityRef(entityRef);
  if (!['component', 'system', 'group'].includes(kind)) {
    throw new InputError(
      `entityRef: costs are kept for components, systems and groups, not ${kind}s`,
    );
  }
  const entity = await deps.catalog.getEntityByRef(entityRef, {
    credentials: deps.credentials,
  });
  if (!entity) {
    throw new NotFoundError(`No entity ${entityRef} in the catalog`);
  }
  const applications = deps.knex('dim_application').whereNotNull('entity_ref');
  if (kind === 'component') {
    applications.where('entity_ref', entityRef);
  } else if (kind === 'system') {
    applications.where('system_ref', entityRef);
  } else {
    const groups = new Set<string>([entityRef]);
    let frontier = [entity];
    while (frontier.length > 0 && groups.size < 1000) {
      const children = frontier
        .flatMap(group => group.relations ?? [])
        .filter(
          relation =>
            relation.type === RELATION_PARENT_OF &&
            !groups.has(relation.targetRef),
        )
        .map(relation => relation.targetRef);
      for (const child of children) groups.add(child);
      frontier =
        children.length > 0
          ? (
              await deps.catalog.getEntitiesByRefs(
                {
                  entityRefs: children,
                  fields: ['kind', 'metadata', 'relations'],
                },
                { credentials: deps.credentials },
              )
            ).items.flatMap(item => (item ? [item] : []))
          : [];
    }
    applications.whereIn('owner_ref', [...groups]);
  }
  return (await applications.pluck('application_id')) as number[];
}
