import { Table, TableProps } from '@material-ui/core';
import { makeStyles } from '@material-ui/core/styles';

const useStyles = makeStyles({
  // A narrow screen scrolls the table sideways rather than breaking its figures.
  scroll: { overflowX: 'auto', maxWidth: '100%' },
  table: {
    // Headings and names (the first column) are not broken inside a word either; other cells
    // may wrap between words, never inside one (the table scrolls instead).
    '& th, & td:first-child': { whiteSpace: 'nowrap' },
    '& td': { wordBreak: 'normal', overflowWrap: 'normal' },
    '& .MuiTableCell-alignRight': {
      whiteSpace: 'nowrap',
      fontVariantNumeric: 'tabular-nums',
    },
  },
});

/**
 * A small table of figures: right-aligned cells (amounts, quantities, shares) never wrap, and the
 * table scrolls horizontally when it is wider than its card.
 */
export function FigureTable(props: TableProps) {
  const classes = useStyles();
  return (
    <div className={classes.scroll}>
      <Table size="small" {...props} className={classes.table} />
    </div>
  );
}
