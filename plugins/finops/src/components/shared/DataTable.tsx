import { ReactNode, useState } from 'react';
import {
  TableBody,
  TableCell,
  TableFooter,
  TableHead,
  TablePagination,
  TableRow,
  TableSortLabel,
} from '@material-ui/core';
import { FigureTable } from './FigureTable';

/** A column of a {@link DataTable}. */
export interface DataColumn<T> {
  /** Unique within the table; also names the column in the sort. */
  id: string;
  title: string;
  /** A column of figures: right-aligned, never wrapped. */
  numeric?: boolean;
  /** What the column sorts by; a column without it does not sort. */
  sortValue?: (row: T) => string | number;
  render: (row: T) => ReactNode;
}

/** How a table is sorted. */
export interface DataSort {
  column: string;
  direction: 'asc' | 'desc';
}

/** Props of {@link DataTable}. */
export interface DataTableProps<T> {
  'aria-label': string;
  columns: DataColumn<T>[];
  rows: T[];
  rowKey: (row: T) => string;
  /** The sort before the user picks one (e.g. by cost, largest first). */
  initialSort?: DataSort;
  /** Rows a page; the table pages only when it has more. Default 10. */
  pageSize?: number;
  /** A last row under the pages (a total, for instance). */
  footer?: ReactNode;
}

function compare(a: string | number, b: string | number): number {
  if (typeof a === 'number' && typeof b === 'number') {
    return a - b;
  }
  return String(a).localeCompare(String(b), undefined, { numeric: true });
}

/**
 * A table of a list that can grow: sortable by any column that has a sort value, paged past
 * `pageSize` rows. Figures are sorted by their value (display only; the figures shown are the
 * API's), text by locale.
 */
export function DataTable<T>(props: DataTableProps<T>) {
  const { columns, rows, rowKey, initialSort, pageSize = 10, footer } = props;
  const [sort, setSort] = useState<DataSort | undefined>(initialSort);
  const [page, setPage] = useState(0);
  const [rowsPerPage, setRowsPerPage] = useState(pageSize);

  const sortColumn = columns.find(column => column.id === sort?.column);
  const sorted =
    sortColumn?.sortValue && sort
      ? [...rows].sort((a, b) => {
          const order = compare(
            sortColumn.sortValue!(a),
            sortColumn.sortValue!(b),
          );
          return sort.direction === 'asc' ? order : -order;
        })
      : rows;
  const paged = rows.length > pageSize;
  const lastPage = Math.max(0, Math.ceil(rows.length / rowsPerPage) - 1);
  const shownPage = Math.min(page, lastPage);
  const shown = paged
    ? sorted.slice(shownPage * rowsPerPage, (shownPage + 1) * rowsPerPage)
    : sorted;

  const sortBy = (column: DataColumn<T>) => {
    // A new column sorts figures largest first and text A to Z; the same column flips.
    let direction: DataSort['direction'] = column.numeric ? 'desc' : 'asc';
    if (sort?.column === column.id) {
      direction = sort.direction === 'asc' ? 'desc' : 'asc';
    }
    setSort({ column: column.id, direction });
    setPage(0);
  };

  return (
    <>
      <FigureTable aria-label={props['aria-label']}>
        <TableHead>
          <TableRow>
            {columns.map(column => (
              <TableCell
                key={column.id}
                align={column.numeric ? 'right' : 'left'}
                sortDirection={
                  sort?.column === column.id ? sort.direction : false
                }
              >
                {column.sortValue ? (
                  <TableSortLabel
                    active={sort?.column === column.id}
                    direction={
                      sort?.column === column.id ? sort.direction : 'asc'
                    }
                    onClick={() => sortBy(column)}
                  >
                    {column.title}
                  </TableSortLabel>
                ) : (
                  column.title
                )}
              </TableCell>
            ))}
          </TableRow>
        </TableHead>
        <TableBody>
          {shown.map(row => (
            <TableRow key={rowKey(row)}>
              {columns.map(column => (
                <TableCell
                  key={column.id}
                  align={column.numeric ? 'right' : 'left'}
                >
                  {column.render(row)}
                </TableCell>
              ))}
            </TableRow>
          ))}
        </TableBody>
        {footer && <TableFooter>{footer}</TableFooter>}
      </FigureTable>
      {paged && (
        <TablePagination
          component="div"
          count={rows.length}
          page={shownPage}
          rowsPerPage={rowsPerPage}
          rowsPerPageOptions={[pageSize, pageSize * 2.5, pageSize * 10]}
          onPageChange={(_, next) => setPage(next)}
          onRowsPerPageChange={event => {
            setRowsPerPage(Number(event.target.value));
            setPage(0);
          }}
        />
      )}
    </>
  );
}
