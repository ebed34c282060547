import { useState } from 'react';
import { useApi } from '@backstage/frontend-plugin-api';
import { Box, Button, Typography } from '@material-ui/core';
import { makeStyles } from '@material-ui/core/styles';
import GetAppIcon from '@material-ui/icons/GetApp';
import { finopsApiRef } from '../../api';
import {
  CopyLinkButton,
  FilterBar,
  PeriodPicker,
  SelectField,
  errorMessage,
  selectedMonthsOf,
} from '../shared';
import { CompareChoice, CostSelection, mainQueryOf } from './costsQuery';

const useStyles = makeStyles({
  export: { marginLeft: 'auto', alignSelf: 'center' },
});

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
  const range = selectedMonthsOf(selection);

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
    <FilterBar>
      <PeriodPicker
        idPrefix="finops"
        value={selection}
        onChange={period => onChange({ ...selection, ...period })}
      />
      <SelectField
        id="finops-view"
        label="Pricing view"
        value={selection.view}
        onChange={view =>
          onChange({
            ...selection,
            view,
            compare:
              selection.compare === `view:${view}` ? 'none' : selection.compare,
          })
        }
      >
        {views.map(view => (
          <option key={view.key} value={view.key}>
            {view.name}
          </option>
        ))}
      </SelectField>
      <SelectField
        id="finops-compare"
        label="Compare with"
        value={selection.compare}
        onChange={compare =>
          onChange({ ...selection, compare: compare as CompareChoice })
        }
      >
        <option value="none">Nothing</option>
        <option value="previous">Previous period</option>
        {otherViews.map(view => (
          <option key={view.key} value={`view:${view.key}`}>
            View: {view.name}
          </option>
        ))}
      </SelectField>
      <Box className={classes.export}>
        <CopyLinkButton />{' '}
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
    </FilterBar>
  );
}
