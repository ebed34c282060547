import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import {
  Box,
  IconButton,
  Table,
  TableBody,
  TableCell,
  TableRow,
  Typography,
} from '@material-ui/core';
import CloseIcon from '@material-ui/icons/Close';
import useAsync from 'react-use/esm/useAsync';
import { IngestionRunDetail, RejectedReason, finopsApiRef } from '../../api';
import { RunStatusChip } from './RunStatusChip';
import { formatCount, formatDuration, formatTimestamp } from './runFormat';
import { TableHeadRow } from '../shared';

/** Props of {@link RunDetail}. */
export interface RunDetailProps {
  runId: number;
  onClose: () => void;
}

/** One run: its loads per source, domain and month, and the rows it rejected. */
export function RunDetail(props: RunDetailProps) {
  const { runId, onClose } = props;
  const finopsApi = useApi(finopsApiRef);
  const { value, loading, error } = useAsync(
    async (): Promise<IngestionRunDetail> => finopsApi.getRun(runId),
    [finopsApi, runId],
  );

  let body;
  if (loading) {
    body = <Progress />;
  } else if (error || !value) {
    body = (
      <ResponseErrorPanel
        error={error ?? new Error('No answer')}
        title={`Could not load run #${runId}`}
      />
    );
  } else {
    body = (
      <>
        <Box display="flex" alignItems="center" mb={2} style={{ gap: 16 }}>
          <RunStatusChip status={value.status} error={value.error} />
          <Typography variant="body2" color="textSecondary">
            {value.trigger}
            {value.requestedBy ? ` by ${value.requestedBy}` : ''}, started{' '}
            {formatTimestamp(value.startedAt)}
            {value.finishedAt
              ? `, took ${formatDuration(value.startedAt, value.finishedAt)}`
              : ''}
          </Typography>
        </Box>
        {value.error && (
          <Box mb={2}>
            <Typography color="error" role="alert">
              {value.error}
            </Typography>
          </Box>
        )}
        {value.note && (
          <Box mb={2}>
            <Typography variant="body2" color="textSecondary">
              {value.note}
            </Typography>
          </Box>
        )}
        <Typography variant="h6" component="h3" gutterBottom>
          Loads
        </Typography>
        {value.ledger.length === 0 ? (
          <Typography color="textSecondary">No load in this run.</Typography>
        ) : (
          <Table size="small" aria-label="Loads">
            <TableHeadRow
              headings={[
                'Source',
                'Domain',
                'Month',
                'Status',
                { right: 'Read' },
                { right: 'Loaded' },
                { right: 'Rejected' },
                'Final',
                'Detail',
              ]}
            />
            <TableBody>
              {value.ledger.map(load => (
                <TableRow
                  key={`${load.sourceKey}/${load.domainKey ?? ''}/${
                    load.month
                  }`}
                >
                  <TableCell>{load.sourceKey}</TableCell>
                  <TableCell>{load.domainKey ?? '–'}</TableCell>
                  <TableCell>{load.month}</TableCell>
                  <TableCell>
                    <RunStatusChip status={load.status} />
                  </TableCell>
                  <TableCell align="right">
                    {formatCount(load.rowsRead)}
                  </TableCell>
                  <TableCell align="right">
                    {formatCount(load.rowsLoaded)}
                  </TableCell>
                  <TableCell align="right">
                    {formatCount(load.rowsRejected)}
                  </TableCell>
                  <TableCell>
                    {load.isFinal ? 'final' : 'provisional'}
                  </TableCell>
                  <TableCell>{load.detail ?? ''}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
        <Box mt={3}>
          <Typography variant="h6" component="h3" gutterBottom>
            Rejected rows
          </Typography>
          {value.rawRowsWithheld ? (
            <WithheldRows reasons={value.rejectedReasons ?? []} />
          ) : (
            <RejectedRowsTable rows={value.rejected} />
          )}
        </Box>
      </>
    );
  }

  return (
    <InfoCard
      title={`Run #${runId}`}
      action={
        <IconButton aria-label="Close run detail" onClick={onClose}>
          <CloseIcon />
        </IconButton>
      }
    >
      {body}
    </InfoCard>
  );
}

/** The rejected rows themselves (line and reason), for those who may read them. */
function RejectedRowsTable(props: { rows: IngestionRunDetail['rejected'] }) {
  const { rows } = props;
  if (rows.length === 0) {
    return <Typography color="textSecondary">No row was rejected.</Typography>;
  }
  return (
    <Table size="small" aria-label="Rejected rows">
      <TableHeadRow
        headings={['Source', 'Domain', 'Month', 'Line', 'Reason']}
      />
      <TableBody>
        {rows.map((row, index) => (
          <TableRow key={index}>
            <TableCell>{row.sourceKey}</TableCell>
            <TableCell>{row.domainKey ?? '–'}</TableCell>
            <TableCell>{row.month}</TableCell>
            <TableCell>
              <Typography
                variant="body2"
                component="code"
                style={{ wordBreak: 'break-all' }}
              >
                {row.line}
              </Typography>
            </TableCell>
            <TableCell>{row.reason}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

/** Without finops.rawRows.read: how many rows were rejected and why, not what they held. */
function WithheldRows(props: { reasons: RejectedReason[] }) {
  const { reasons } = props;
  if (reasons.length === 0) {
    return <Typography color="textSecondary">No row was rejected.</Typography>;
  }
  const total = reasons.reduce((sum, reason) => sum + reason.rows, 0);
  return (
    <>
      <Typography variant="body2" color="textSecondary" paragraph>
        {formatCount(total)} row{total === 1 ? '' : 's'} rejected. The rows
        themselves (accounts, resource ids, tags) are shown to FinOps admins
        only (permission <code>finops.rawRows.read</code>).
      </Typography>
      <Table size="small" aria-label="Rejected rows by reason">
        <TableHeadRow
          headings={['Source', 'Domain', 'Month', 'Reason', { right: 'Rows' }]}
        />
        <TableBody>
          {reasons.map(reason => (
            <TableRow
              key={`${reason.sourceKey}/${reason.domainKey ?? ''}/${
                reason.month
              }/${reason.reason}`}
            >
              <TableCell>{reason.sourceKey}</TableCell>
              <TableCell>{reason.domainKey ?? '–'}</TableCell>
              <TableCell>{reason.month}</TableCell>
              <TableCell>{reason.reason}</TableCell>
              <TableCell align="right">{formatCount(reason.rows)}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </>
  );
}
