import {
  Table,
  TableBody,
  TableCell,
  TableRow,
  Typography,
} from '@material-ui/core';
import { makeStyles } from '@material-ui/core/styles';
import { PricingView } from '@finops-backstage/plugin-finops-common';
import { DateTime } from 'luxon';
import { isManagedView } from './isManagedView';
import { TableHeadRow } from '../shared';

const useStyles = makeStyles(theme => ({
  row: { cursor: 'pointer' },
  selected: {
    // The theme's selection colour, readable in light and dark.
    backgroundColor: `${theme.palette.action.selected} !important`,
  },
}));

/** Props of {@link PricingViewsTable}. */
export interface PricingViewsTableProps {
  views: PricingView[];
  selected?: string;
  onSelect: (key: string) => void;
}

/** The pricing views; a row opens its view. */
export function PricingViewsTable(props: PricingViewsTableProps) {
  const { views, selected, onSelect } = props;
  const classes = useStyles();
  return (
    <Table size="small" aria-label="Pricing views">
      <TableHeadRow
        headings={['Key', 'Name', 'Kind', 'Currency', 'Parent', 'Updated']}
      />
      <TableBody>
        {views.map(view => (
          <TableRow
            key={view.key}
            data-testid={`pricing-view-${view.key}`}
            hover
            selected={view.key === selected}
            classes={{ selected: classes.selected }}
            className={classes.row}
            tabIndex={0}
            aria-selected={view.key === selected}
            onClick={() => onSelect(view.key)}
            onKeyDown={event => {
              if (event.key === 'Enter' || event.key === ' ') {
                event.preventDefault();
                onSelect(view.key);
              }
            }}
          >
            <TableCell>
              <code>{view.key}</code>
            </TableCell>
            <TableCell>{view.name}</TableCell>
            <TableCell>
              {view.kind}
              {isManagedView(view) && (
                <Typography
                  component="span"
                  variant="caption"
                  color="textSecondary"
                >
                  {' '}
                  · managed
                </Typography>
              )}
            </TableCell>
            <TableCell>{view.currency}</TableCell>
            <TableCell>{view.parent ?? '–'}</TableCell>
            <TableCell>
              {DateTime.fromISO(view.updatedAt).toFormat('yyyy-MM-dd HH:mm')}
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
