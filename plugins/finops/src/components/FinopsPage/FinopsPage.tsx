import {
  Content,
  EmptyState,
  Header,
  InfoCard,
  Page,
  Progress,
  ResponseErrorPanel,
  StructuredMetadataTable,
} from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { Grid } from '@material-ui/core';
import useAsync from 'react-use/esm/useAsync';
import { finopsApiRef } from '../../api';

/** The FinOps page: the whole estate, for FinOps admins. */
export function FinopsPage() {
  return (
    <Page themeId="tool">
      <Header
        title="FinOps"
        subtitle="What the estate costs, priced through named pricing views"
      />
      <Content>
        <FinopsPageContent />
      </Content>
    </Page>
  );
}

function FinopsPageContent() {
  const finopsApi = useApi(finopsApiRef);
  const { value, loading, error } = useAsync(
    () => finopsApi.getHealth(),
    [finopsApi],
  );

  if (loading) {
    return <Progress />;
  }
  if (error || !value) {
    return (
      <ResponseErrorPanel
        error={error ?? new Error('No answer')}
        title="The FinOps backend did not answer"
      />
    );
  }
  return (
    <Grid container spacing={3}>
      {!value.hasData && (
        <Grid item xs={12}>
          <EmptyState
            missing="data"
            title="No cost data yet"
            description="The cost mart is empty. Cost sources configured under finops.sources in app-config load it at the next ingestion run."
          />
        </Grid>
      )}
      <Grid item xs={12} md={6}>
        <InfoCard title="Mart">
          <StructuredMetadataTable
            metadata={{
              'Schema version': value.schemaVersion,
              'Cost sources':
                value.sources.length > 0 ? value.sources.join(', ') : 'none',
              'Last ingestion': value.lastIngestionAt ?? 'never',
            }}
          />
        </InfoCard>
      </Grid>
    </Grid>
  );
}
