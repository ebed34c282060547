import {
  CodeSnippet,
  EmptyState,
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';
import { Typography } from '@material-ui/core';
import { FINOPS_TAGS_ANNOTATION } from '@internal/plugin-finops-common';
import useAsync from 'react-use/esm/useAsync';
import { finopsApiRef } from '../../api';

/** The Costs tab of a catalog entity page. */
export function CostTab() {
  const { entity } = useEntity();
  const finopsApi = useApi(finopsApiRef);
  const entityRef = stringifyEntityRef(entity);
  const { value, loading, error } = useAsync(
    () => finopsApi.getEntityStatus(entityRef),
    [finopsApi, entityRef],
  );

  if (loading) {
    return <Progress />;
  }
  if (error) {
    return <ResponseErrorPanel error={error} title="Could not load costs" />;
  }
  if (!value || value.monthsWithData === 0) {
    const annotation = `metadata:\n  annotations:\n    ${FINOPS_TAGS_ANNOTATION}: app=${entity.metadata.name}`;
    return (
      <EmptyState
        missing="data"
        title="No cost data yet"
        description={
          <>
            No cost data for this entity yet. Billing rows whose tags match this
            entity are mapped to it at the next ingestion run: by default the
            tag <code>app={entity.metadata.name}</code>. To select other tag
            values, add this annotation to its catalog-info.yaml:
          </>
        }
        action={<CodeSnippet language="yaml" text={annotation} />}
      />
    );
  }
  return (
    <InfoCard title="Costs">
      <Typography>
        The mart holds quantities for this entity over {value.monthsWithData}{' '}
        month(s), from {value.firstMonth} to {value.lastMonth}.
      </Typography>
    </InfoCard>
  );
}
