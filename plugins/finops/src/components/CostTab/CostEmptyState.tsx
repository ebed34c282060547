import { CodeSnippet, EmptyState } from '@backstage/core-components';
import { FINOPS_TAGS_ANNOTATION } from '@finops-backstage/plugin-finops-common';

/** Props of {@link CostEmptyState}. */
export interface CostEmptyStateProps {
  entityName: string;
}

/** What the tab says when the entity has no cost data at all: how to map billing rows to it. */
export function CostEmptyState(props: CostEmptyStateProps) {
  const { entityName } = props;
  const annotation = `metadata:\n  annotations:\n    ${FINOPS_TAGS_ANNOTATION}: app=${entityName}`;
  return (
    <EmptyState
      missing="data"
      title="No cost data yet"
      description={
        <>
          No cost data for this entity yet. Billing rows whose tags match this
          entity are mapped to it at the next ingestion run: by default the tag{' '}
          <code>app={entityName}</code>. To select other tag values, add this
          annotation to its catalog-info.yaml:
        </>
      }
      action={<CodeSnippet language="yaml" text={annotation} />}
    />
  );
}
