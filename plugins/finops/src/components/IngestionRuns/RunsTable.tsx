import { Table, TableBody, TableCell, TableRow } from '@material-ui/core';
import { makeStyles } from '@material-ui/core/styles';
import { IngestionRunSummary } from '@finops-backstage/plugin-finops-common';
import { RunStatusChip } from './RunStatusChip';
import { formatCount, formatDuration, formatTimestamp } from './runFormat';
import { TableHeadRow } from '../shared';

const useStyles = makeStyles(theme => ({
  row: { cursor: 'pointer' },
  error: { color: theme.palette.error.main },
}));

/** Props of {@link RunsTable}. */
export interface RunsTableProps {
  runs: IngestionRunSummary[];
  selectedRunId?: number;
  onSelect: (runId: number) => void;
}

/** The ingestion runs, newest first; a click on one selects it. */
export function RunsTable(props: RunsTableProps) {
  const { runs, selectedRunId, onSelect } = props;
  const classes = useStyles();
  return (
    <Table size="small" aria-label="Ingestion runs">
      <TableHeadRow
        headings={[
          'Run',
          'Trigger',
          'Requested by',
          'Status',
          { right: 'Loads' },
          { right: 'Rows read' },
          { right: 'Loaded' },
          { right: 'Rejected' },
          'Started',
          'Duration',
        ]}
      />
      <TableBody>
        {runs.map(run => (
          <TableRow
            key={run.runId}
            hover
            className={classes.row}
            selected={run.runId === selectedRunId}
            onClick={() => onSelect(run.runId)}
            onKeyDown={event => {
              if (event.key === 'Enter' || event.key === ' ') {
                onSelect(run.runId);
              }
            }}
            tabIndex={0}
            aria-label={`Run ${run.runId}`}
          >
            <TableCell>#{run.runId}</TableCell>
            <TableCell>
              {run.trigger}
              {run.force ? ' (force)' : ''}
            </TableCell>
            <TableCell>{run.requestedBy ?? '–'}</TableCell>
            <TableCell title={run.error}>
              <RunStatusChip status={run.status} error={run.error} />
            </TableCell>
            <TableCell align="right">{formatCount(run.loads)}</TableCell>
            <TableCell align="right">{formatCount(run.rowsRead)}</TableCell>
            <TableCell align="right">{formatCount(run.rowsLoaded)}</TableCell>
            <TableCell
              align="right"
              className={run.rowsRejected > 0 ? classes.error : undefined}
            >
              {formatCount(run.rowsRejected)}
            </TableCell>
            <TableCell>{formatTimestamp(run.startedAt)}</TableCell>
            <TableCell>
              {formatDuration(run.startedAt, run.finishedAt) ??
                (run.status === 'running' ? 'running…' : '–')}
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
