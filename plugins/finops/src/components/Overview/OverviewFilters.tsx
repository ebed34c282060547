import { Box, Button, TextField } from '@material-ui/core';
import { makeStyles } from '@material-ui/core/styles';
import GetAppIcon from '@material-ui/icons/GetApp';
import {
  OverviewFilterValue,
  OverviewFilterValues,
} from '@finops-backstage/plugin-finops-common';
import { PERIOD_LABELS, PERIOD_PRESETS } from '../shared';
import {
  OverviewPeriod,
  OverviewSelection,
  overviewQueryOf,
} from './overviewSelection';

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

/** Props of {@link OverviewFilters}. */
export interface OverviewFiltersProps {
  selection: OverviewSelection;
  onChange: (selection: OverviewSelection) => void;
  /** The values the API lists for its filters (`filterValues` of the answer), the choices. */
  options: OverviewFilterValues;
  /** Downloads the CSV export; absent while there is nothing to export. */
  onExport?: () => void;
}

type FilterKey = 'cloud' | 'account' | 'category';

/** The listed values as choices, keeping the selected one even when the answer no longer has it. */
function choicesOf(
  values: OverviewFilterValue[],
  selected: string | undefined,
  label: (value: OverviewFilterValue) => string = value => value.label,
): Array<{ value: string; label: string }> {
  const choices = values.map(value => ({
    value: value.key,
    label: label(value),
  }));
  if (selected && !choices.some(choice => choice.value === selected)) {
    choices.unshift({ value: selected, label: selected });
  }
  return choices;
}

/** The filter bar of the overview: period, cloud, account, category, and the CSV export. */
export function OverviewFilters(props: OverviewFiltersProps) {
  const { selection, onChange, options, onExport } = props;
  const classes = useStyles();
  const customInvalid =
    selection.period === 'custom' && !overviewQueryOf(selection);

  const filters: Array<{
    key: FilterKey;
    label: string;
    all: string;
    choices: Array<{ value: string; label: string }>;
  }> = [
    {
      key: 'cloud',
      label: 'Cloud',
      all: 'All clouds',
      choices: choicesOf(options.cloud, selection.cloud),
    },
    {
      key: 'account',
      label: 'Account',
      all: 'All accounts',
      choices: choicesOf(options.account, selection.account, value =>
        value.label && value.label !== value.key
          ? `${value.label} (${value.key})`
          : value.key,
      ),
    },
    {
      key: 'category',
      label: 'Category',
      all: 'All categories',
      choices: choicesOf(options.category, selection.category),
    },
  ];

  return (
    <Box className={classes.bar}>
      <TextField
        select
        id="finops-overview-period"
        label="Period"
        className={classes.select}
        variant="outlined"
        size="small"
        value={selection.period}
        SelectProps={{ native: true }}
        onChange={event =>
          onChange({
            ...selection,
            period: event.target.value as OverviewPeriod,
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
            id="finops-overview-from"
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
            id="finops-overview-to"
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
      {filters.map(filter => (
        <TextField
          key={filter.key}
          select
          id={`finops-overview-${filter.key}`}
          label={filter.label}
          className={classes.select}
          variant="outlined"
          size="small"
          value={selection[filter.key] ?? ''}
          SelectProps={{ native: true }}
          InputLabelProps={{ shrink: true }}
          onChange={event =>
            onChange({
              ...selection,
              [filter.key]: event.target.value || undefined,
            })
          }
        >
          <option value="">{filter.all}</option>
          {filter.choices.map(choice => (
            <option key={choice.value} value={choice.value}>
              {choice.label}
            </option>
          ))}
        </TextField>
      ))}
      <Button
        className={classes.export}
        variant="outlined"
        startIcon={<GetAppIcon />}
        disabled={!onExport}
        onClick={onExport}
      >
        Export CSV
      </Button>
    </Box>
  );
}
