import { useState } from 'react';
import {
  EmptyState,
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import {
  Chip,
  IconButton,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
} from '@material-ui/core';
import EditIcon from '@material-ui/icons/Edit';
import { usePermission } from '@backstage/plugin-permission-react';
import {
  Domain,
  finopsDomainUpdatePermission,
} from '@finops-backstage/plugin-finops-common';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { finopsApiRef } from '../../api';
import { DomainEditDialog } from './DomainEditDialog';
import { FigureTable } from '../shared';

/** The Domains tab of the FinOps page: the cost domains, editable with `finops.domain.update`. */
export function DomainsContent() {
  const finopsApi = useApi(finopsApiRef);
  const { allowed: canEdit } = usePermission({
    permission: finopsDomainUpdatePermission,
  });
  const { value, loading, error, retry } = useAsyncRetry(
    () => finopsApi.listDomains(),
    [finopsApi],
  );
  const [editing, setEditing] = useState<Domain | undefined>();

  if (loading && !value) {
    return <Progress />;
  }
  if (error || !value) {
    return (
      <ResponseErrorPanel
        error={error ?? new Error('No answer')}
        title="Could not load the domains"
      />
    );
  }
  if (value.length === 0) {
    return (
      <EmptyState
        missing="data"
        title="No cost domain yet"
        description="Domains are created by the cost sources at their first ingestion run."
      />
    );
  }

  return (
    <InfoCard
      title="Cost domains"
      subheader="DIRECT domains charge measured consumption; INDIRECT ones split a shared amount by a weight"
    >
      <FigureTable aria-label="Cost domains">
        <TableHead>
          <TableRow>
            <TableCell>Key</TableCell>
            <TableCell>Name</TableCell>
            <TableCell>Mode</TableCell>
            <TableCell>Method key</TableCell>
            <TableCell>Label</TableCell>
            {canEdit && <TableCell aria-label="Actions" />}
          </TableRow>
        </TableHead>
        <TableBody>
          {value.map(domain => (
            <TableRow key={domain.key}>
              <TableCell>
                <code>{domain.key}</code>
              </TableCell>
              <TableCell>{domain.name}</TableCell>
              <TableCell>
                <Chip
                  size="small"
                  label={domain.mode}
                  color={domain.mode === 'DIRECT' ? 'primary' : 'secondary'}
                  variant={domain.mode === 'DIRECT' ? 'default' : 'outlined'}
                />
              </TableCell>
              <TableCell>{domain.indirectMethodKey ?? '–'}</TableCell>
              <TableCell>{domain.indirectLabel ?? '–'}</TableCell>
              {canEdit && (
                <TableCell align="right">
                  <IconButton
                    size="small"
                    aria-label={`Edit ${domain.key}`}
                    onClick={() => setEditing(domain)}
                  >
                    <EditIcon fontSize="small" />
                  </IconButton>
                </TableCell>
              )}
            </TableRow>
          ))}
        </TableBody>
      </FigureTable>
      {editing && (
        <DomainEditDialog
          domain={editing}
          onClose={() => setEditing(undefined)}
          onSaved={() => {
            setEditing(undefined);
            retry();
          }}
        />
      )}
    </InfoCard>
  );
}
