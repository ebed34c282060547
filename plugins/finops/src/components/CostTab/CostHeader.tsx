import { useState } from 'react';
import { useApi } from '@backstage/frontend-plugin-api';
import { Box, Button, TextField, Typography } from '@material-ui/core';
import { makeStyles } from '@material-ui/core/styles';
import GetAppIcon from '@material-ui/icons/GetApp';
import { finopsApiRef } from '../../api';
import { PERIOD_LABELS, PERIOD_PRESETS, errorMessage } from '../shared';
import {
  CompareChoice,
  CostSelection,
  PeriodChoice,
  mainQueryOf,
  rangeOf,
} from './costsQuery';

const useStyles = makeStyles(theme => ({
  bar: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'flex-start',
    gap: theme.spacing(2),
    marginBottom: theme.spacing(2),
  },
  select: { minWidth: 180 },
  month: { width: 170 },
  export: { marginLeft: 'auto', alignSelf: 'center' },
}));

/** Props of {@link CostHeader}. */
export interface CostHeaderProps {
  entityRef: string;
  selection: CostSelection;
  onChange: (selection: CostSelection) => void;
  views: Array<{ key: string; name: string }>;
}

/** Saves text as a file through a Blob and an object URL. */
function downloadText(text: string, fileName: string) {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/csv' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.appendChild(link);
  link.click();
  link.remove();
  URL.revokeObjectURL(url);
}

/** The tab's header: period, pricing view, baseline and the CSV export. */
export function CostHeader(props: CostHeaderProps) {
  const { entityRef, selection, onChange, views } = props;
  const classes = useStyles();
  const finopsApi = useApi(finopsApiRef);
  const [exporting, setExporting] = useState(false);
  const [exportError, setExportError] = useState<string | undefined>();
  const range = rangeOf(selection);
  const customInvalid = selection.period === 'custom' && !range;

  const exportCsv = async () => {
    if (!range) {
      return;
    }
    setExporting(true);
    setExportError(undefined);
    try {
      const csv = await finopsApi.getCostsCsv(
        mainQueryOf(entityRef, range, selection),
      );
      const name = entityRef.replace(/[:/]/g, '_');
      downloadText(
        csv,
        `costs-${name}-${selection.view}-${range.from}-${range.to}.csv`,
      );
    } catch (error) {
      setExportError(`Export failed: ${errorMessage(error)}`);
    } finally {
      setExporting(false);
    }
  };

  const otherViews = views.filter(view => view.key !== selection.view);

  return (
    <Box className={classes.bar}>
      <TextField
        select
        id="finops-period"
        label="Period"
        className={classes.select}
        variant="outlined"
        size="small"
        value={selection.period}
        SelectProps={{ native: true }}
        onChange={event =>
          onChange({
            ...selection,
            period: event.target.value as PeriodChoice,
          })
        }
      >
        {PERIOD_PRESETS.map(preset => (
          <option key={preset} value={preset}>
            {PERIOD_LABELS[preset]}
          </option>
        ))}
        <option value="custom">Custom…</option>
      </TextField>
      {selection.period === 'custom' && (
        <>
          <TextField
            type="month"
            id="finops-from"
            label="From"
            className={classes.month}
            variant="outlined"
            size="small"
            InputLabelProps={{ shrink: true }}
            value={selection.custom.from}
            error={customInvalid}
            onChange={event =>
              onChange({
                ...selection,
                custom: { ...selection.custom, from: event.target.value },
              })
            }
          />
          <TextField
            type="month"
            id="finops-to"
            label="To"
            className={classes.month}
            variant="outlined"
            size="small"
            InputLabelProps={{ shrink: true }}
            value={selection.custom.to}
            error={customInvalid}
            helperText={customInvalid ? 'Must not be before From' : undefined}
            onChange={event =>
              onChange({
                ...selection,
                custom: { ...selection.custom, to: event.target.value },
              })
            }
          />
        </>
      )}
      <TextField
        select
        id="finops-view"
        label="Pricing view"
        className={classes.select}
        variant="outlined"
        size="small"
        value={selection.view}
        SelectProps={{ native: true }}
        onChange={event => {
          const view = event.target.value;
          onChange({
            ...selection,
            view,
            compare:
              selection.compare === `view:${view}` ? 'none' : selection.compare,
          });
        }}
      >
        {views.map(view => (
          <option key={view.key} value={view.key}>
            {view.name}
          </option>
        ))}
      </TextField>
      <TextField
        select
        id="finops-compare"
        label="Compare with"
        className={classes.select}
        variant="outlined"
        size="small"
        value={selection.compare}
        SelectProps={{ native: true }}
        onChange={event =>
          onChange({
            ...selection,
            compare: event.target.value as CompareChoice,
          })
        }
      >
        <option value="none">Nothing</option>
        <option value="previous">Previous period</option>
        {otherViews.map(view => (
          <option key={view.key} value={`view:${view.key}`}>
            View: {view.name}
          </option>
        ))}
      </TextField>
      <Box className={classes.export}>
        <Button
          variant="outlined"
          color="primary"
          startIcon={<GetAppIcon />}
          disabled={!range || exporting}
          onClick={exportCsv}
        >
          Export CSV
        </Button>
        {exportError && (
          <Typography variant="caption" color="error" display="block">
            {exportError}
          </Typography>
        )}
      </Box>
    </Box>
  );
}
