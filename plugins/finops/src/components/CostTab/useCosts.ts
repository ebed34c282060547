import { useApi } from '@backstage/frontend-plugin-api';
import {
  CostResponse,
  PricingView,
} from '@finops-backstage/plugin-finops-common';
import useAsync from 'react-use/esm/useAsync';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { finopsApiRef } from '../../api';
import { monthRangeOf, selectedMonthsOf } from '../shared';
import { CostSelection, mainQueryOf } from './costsQuery';

/** The answers the tab shows for one selection. */
export interface CostData {
  /** Split by the chart's groupBy, by month, compared with the chosen baseline. */
  main: CostResponse;
  /** By product and day, for the daily line (the unit tells usage from monthly charges). */
  daily: CostResponse;
  /** By product and month. */
  products: CostResponse;
  /** By component and month; only for groups. */
  components?: CostResponse;
}

/** Loads everything the tab shows for a selection; keeps the last answer while reloading; `retry` loads again. */
export function useCosts(
  entityRef: string,
  selection: CostSelection,
  options: { byComponent: boolean },
) {
  const finopsApi = useApi(finopsApiRef);
  const range = selectedMonthsOf(selection);
  const { byComponent } = options;
  return useAsyncRetry(async (): Promise<CostData | undefined> => {
    if (!range) {
      return undefined;
    }
    const base = {
      entityRef,
      view: selection.view,
      from: range.from,
      to: range.to,
    };
    const [main, daily, products, components] = await Promise.all([
      finopsApi.getCosts(mainQueryOf(entityRef, range, selection)),
      finopsApi.getCosts({ ...base, granularity: 'day', groupBy: 'product' }),
      finopsApi.getCosts({
        ...base,
        granularity: 'month',
        groupBy: 'product',
      }),
      byComponent
        ? finopsApi.getCosts({
            ...base,
            granularity: 'month',
            groupBy: 'component',
          })
        : Promise.resolve(undefined),
    ]);
    return { main, daily, products, components };
  }, [
    finopsApi,
    entityRef,
    byComponent,
    range?.from,
    range?.to,
    selection.view,
    selection.compare,
    selection.groupBy,
  ]);
}

/** Whether the entity has any cost data over the last 12 months (priced or not). */
export function useHasCostData(entityRef: string) {
  const finopsApi = useApi(finopsApiRef);
  return useAsync(async () => {
    const range = monthRangeOf('last-12');
    const response = await finopsApi.getCosts({
      entityRef,
      from: range.from,
      to: range.to,
      granularity: 'month',
      groupBy: 'domain',
    });
    return (
      Number(response.total) !== 0 ||
      response.rows.length > 0 ||
      response.unpriced.length > 0
    );
  }, [finopsApi, entityRef]);
}

/** The pricing views to choose from; only `actual` when they cannot be listed. */
export function usePricingViews(): Array<Pick<PricingView, 'key' | 'name'>> {
  const finopsApi = useApi(finopsApiRef);
  const { value } = useAsync(() => finopsApi.listPricingViews(), [finopsApi]);
  if (!value || value.length === 0) {
    return [{ key: 'actual', name: 'Actual' }];
  }
  return value;
}
