import { Button } from '@material-ui/core';
import { makeStyles } from '@material-ui/core/styles';
import GetAppIcon from '@material-ui/icons/GetApp';
import {
  OverviewFilterValue,
  OverviewFilterValues,
} from '@finops-backstage/plugin-finops-common';
import {
  CopyLinkButton,
  FilterBar,
  PeriodPicker,
  SelectField,
  cloudLabel,
  labelOf,
} from '../shared';
import { OverviewSelection } from './overviewSelection';

const useStyles = makeStyles({
  export: { marginLeft: 'auto', alignSelf: 'center' },
});

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
      choices: choicesOf(options.cloud, selection.cloud, value =>
        value.label && value.label !== value.key
          ? value.label
          : cloudLabel(value.key),
      ),
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
      choices: choicesOf(options.category, selection.category, value =>
        labelOf(value.key, value.label),
      ),
    },
  ];

  return (
    <FilterBar>
      <PeriodPicker
        idPrefix="finops-overview"
        value={selection}
        onChange={period => onChange({ ...selection, ...period })}
      />
      {filters.map(filter => (
        <SelectField
          key={filter.key}
          id={`finops-overview-${filter.key}`}
          label={filter.label}
          value={selection[filter.key] ?? ''}
          shrinkLabel
          onChange={value =>
            onChange({ ...selection, [filter.key]: value || undefined })
          }
        >
          <option value="">{filter.all}</option>
          {filter.choices.map(choice => (
            <option key={choice.value} value={choice.value}>
              {choice.label}
            </option>
          ))}
        </SelectField>
      ))}
      <span className={classes.export}>
        <CopyLinkButton />
      </span>
      <Button
        variant="outlined"
        startIcon={<GetAppIcon />}
        disabled={!onExport}
        onClick={onExport}
      >
        Export CSV
      </Button>
    </FilterBar>
  );
}
