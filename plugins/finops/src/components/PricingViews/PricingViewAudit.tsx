import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import {
  Table,
  TableBody,
  TableCell,
  TableRow,
  Typography,
} from '@material-ui/core';
import { makeStyles } from '@material-ui/core/styles';
import { DateTime } from 'luxon';
import useAsync from 'react-use/esm/useAsync';
import { finopsApiRef } from '../../api';
import { TableHeadRow } from '../shared';

const useStyles = makeStyles(theme => ({
  json: {
    fontFamily: 'monospace',
    fontSize: theme.typography.caption.fontSize,
    whiteSpace: 'pre-wrap',
    wordBreak: 'break-all',
    margin: 0,
    maxWidth: 420,
  },
}));

function compactJson(value: unknown): string {
  return value === undefined ? '–' : JSON.stringify(value);
}

/** Props of {@link PricingViewAudit}. */
export interface PricingViewAuditProps {
  viewKey: string;
  /** Changes when the view changed, to read the trail again. */
  version: number;
}

/** The audit trail of a pricing view: who changed what, when. */
export function PricingViewAudit(props: PricingViewAuditProps) {
  const { viewKey, version } = props;
  const classes = useStyles();
  const finopsApi = useApi(finopsApiRef);
  const { value, loading, error } = useAsync(
    () => finopsApi.getPricingViewAudit(viewKey),
    [finopsApi, viewKey, version],
  );

  if (loading && !value) {
    return <Progress />;
  }
  if (error || !value) {
    return (
      <ResponseErrorPanel
        error={error ?? new Error('No answer')}
        title="Could not load the audit trail"
      />
    );
  }
  if (value.length === 0) {
    return (
      <Typography variant="body2" color="textSecondary">
        No change recorded for this view.
      </Typography>
    );
  }
  return (
    <Table size="small" aria-label="Audit trail">
      <TableHeadRow headings={['When', 'Who', 'What', 'Before', 'After']} />
      <TableBody>
        {value.map((record, i) => (
          <TableRow key={`${record.at}-${i}`}>
            <TableCell>
              {DateTime.fromISO(record.at).toFormat('yyyy-MM-dd HH:mm')}
            </TableCell>
            <TableCell>{record.actorRef}</TableCell>
            <TableCell>
              <code>{record.eventId}</code>
            </TableCell>
            <TableCell>
              <pre className={classes.json}>{compactJson(record.before)}</pre>
            </TableCell>
            <TableCell>
              <pre className={classes.json}>{compactJson(record.after)}</pre>
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
