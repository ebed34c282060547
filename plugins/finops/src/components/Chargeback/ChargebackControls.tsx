import { useApi } from '@backstage/frontend-plugin-api';
import { MenuItem, TextField } from '@material-ui/core';
import useAsync from 'react-use/esm/useAsync';
import { finopsApiRef } from '../../api';
import { recentMonths } from '../shared';

/** Props of {@link ChargebackControls}. */
export interface ChargebackControlsProps {
  month: string;
  view: string;
  onMonth(month: string): void;
  onView(view: string): void;
}

/** Month and pricing-view selectors of a monthly report (chargeback, tag compliance). */
export function ChargebackControls(props: ChargebackControlsProps) {
  const finopsApi = useApi(finopsApiRef);
  const { value: views } = useAsync(
    () => finopsApi.listPricingViews(),
    [finopsApi],
  );
  const options: Array<{ key: string; name: string }> = views ?? [
    { key: props.view, name: props.view },
  ];
  return (
    <>
      <TextField
        select
        size="small"
        variant="outlined"
        label="Month"
        value={props.month}
        onChange={event => props.onMonth(event.target.value)}
        SelectProps={{ SelectDisplayProps: { 'aria-label': 'Month' } as any }}
        style={{ minWidth: 140, marginRight: 16 }}
      >
        {recentMonths().map(month => (
          <MenuItem key={month} value={month}>
            {month}
          </MenuItem>
        ))}
      </TextField>
      <TextField
        select
        size="small"
        variant="outlined"
        label="Pricing view"
        value={props.view}
        onChange={event => props.onView(event.target.value)}
        style={{ minWidth: 200 }}
      >
        {options.map(view => (
          <MenuItem key={view.key} value={view.key}>
            {view.name}
          </MenuItem>
        ))}
      </TextField>
    </>
  );
}
