import { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  Entity,
  RELATION_OWNED_BY,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { InputError, NotFoundError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';

/**
 * An entity ref as the catalog spells it (`kind:namespace/name`, lower case): what budgets store,
 * so that a budget typed `Component:Default/Cart-Service` is the budget of
 * `component:default/cart-service`. Throws an InputError for what is not an entity ref.
 */
export function normalizeEntityRef(ref: string): string {
  try {
    return stringifyEntityRef(parseEntityRef(ref.trim()));
  } catch (error) {
    throw new InputError(
      `scopeRef: not an entity reference: ${(error as Error).message}`,
    );
  }
}

/** The owner of an entity as budgets see it: a group owns itself; others their `ownedBy` target. */
export function ownerOfEntity(entity: Entity): string | undefined {
  if (entity.kind.toLocaleLowerCase('en-US') === 'group') {
    return stringifyEntityRef(entity);
  }
  const relation = entity.relations?.find(r => r.type === RELATION_OWNED_BY);
  if (relation) return relation.targetRef;
  const owner = entity.spec?.owner;
  return typeof owner === 'string'
    ? stringifyEntityRef(
        parseEntityRef(owner, {
          defaultKind: 'group',
          defaultNamespace: entity.metadata.namespace ?? 'default',
        }),
      )
    : undefined;
}

/** Reads an entity's owner; 404 when the catalog (as the caller sees it) lacks the entity. */
export async function readScopeOwner(
  catalog: CatalogService,
  entityRef: string,
  credentials: BackstageCredentials,
): Promise<string | undefined> {
  const entity = await catalog.getEntityByRef(entityRef, { credentials });
  if (!entity) throw new NotFoundError(`No entity ${entityRef} in the catalog`);
  return ownerOfEntity(entity);
}
