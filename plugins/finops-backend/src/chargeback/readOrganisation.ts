import { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  RELATION_CHILD_OF,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  FINOPS_COST_CENTER_ANNOTATION,
  FINOPS_TAGS_ANNOTATION,
} from '@finops-backstage/plugin-finops-common';

/** What a chargeback report needs of the catalog: the group tree and the components' cost centres. */
export interface Organisation {
  /** Group ref → its parent group ref. */
  parentOf: Map<string, string>;
  /** Component ref → its cost centre. */
  costCenterOf: Map<string, string>;
}

const COST_CENTER_TAG = /^cost[-_ ]?cent(er|re)$/i;

/** The cost centre of a component: its annotation, else a `cost-center=` pair of its tags annotation. */
export function costCenterOf(
  annotations: Record<string, string> | undefined,
): string | undefined {
  const annotated = annotations?.[FINOPS_COST_CENTER_ANNOTATION]?.trim();
  if (annotated) return annotated;
  for (const pair of (annotations?.[FINOPS_TAGS_ANNOTATION] ?? '').split(',')) {
    const at = pair.indexOf('=');
    if (at > 0 && COST_CENTER_TAG.test(pair.slice(0, at).trim())) {
      const value = pair.slice(at + 1).trim();
      if (value) return value;
    }
  }
  return undefined;
}

/** Reads the groups' hierarchy and the components' cost centres, as the caller sees the catalog. */
export async function readOrganisation(
  catalog: CatalogService,
  credentials: BackstageCredentials,
): Promise<Organisation> {
  const { items: groups } = await catalog.getEntities(
    {
      filter: { kind: 'Group' },
      fields: ['kind', 'metadata.name', 'metadata.namespace', 'relations'],
    },
    { credentials },
  );
  const parentOf = new Map<string, string>();
  for (const group of groups) {
    const parent = (group.relations ?? []).find(
      relation => relation.type === RELATION_CHILD_OF,
    );
    if (parent) parentOf.set(stringifyEntityRef(group), parent.targetRef);
  }
  const { items: components } = await catalog.getEntities(
    {
      filter: { kind: 'Component' },
      fields: [
        'kind',
        'metadata.name',
        'metadata.namespace',
        'metadata.annotations',
      ],
    },
    { credentials },
  );
  const costCenters = new Map<string, string>();
  for (const component of components) {
    const costCenter = costCenterOf(component.metadata.annotations);
    if (costCenter) costCenters.set(stringifyEntityRef(component), costCenter);
  }
  return { parentOf, costCenterOf: costCenters };
}
