import { TableCell, TableHead, TableRow } from '@material-ui/core';

/** A column's heading: its text, or `{ right: text }` for a column of figures (right-aligned). */
export type Heading = string | { right: string };

/** Props of {@link TableHeadRow}. */
export interface TableHeadRowProps {
  headings: Heading[];
}

/** The head of a small table: one row of column headings. */
export function TableHeadRow(props: TableHeadRowProps) {
  return (
    <TableHead>
      <TableRow>
        {props.headings.map(heading =>
          typeof heading === 'string' ? (
            <TableCell key={heading}>{heading}</TableCell>
          ) : (
            <TableCell key={heading.right} align="right">
              {heading.right}
            </TableCell>
          ),
        )}
      </TableRow>
    </TableHead>
  );
}
