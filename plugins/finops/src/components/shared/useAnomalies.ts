import { useApi } from '@backstage/frontend-plugin-api';
import useAsync from 'react-use/esm/useAsync';
import { AnomaliesQuery, finopsApiRef } from '../../api';

/**
 * The daily anomalies of an entity (or of the estate without `entityRef`) over a month range, in
 * a pricing view; loaded apart from the costs so a failure here never hides them.
 */
export function useAnomalies(query: AnomaliesQuery | undefined) {
  const finopsApi = useApi(finopsApiRef);
  return useAsync(
    async () => (query ? finopsApi.getAnomalies(query) : undefined),
    // The query object is rebuilt on each render; its fields are what change.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [finopsApi, query?.entityRef, query?.view, query?.from, query?.to],
  );
}
