import { useState } from 'react';
import { useApi } from '@backstage/frontend-plugin-api';
import { usePermission } from '@backstage/plugin-permission-react';
import { Box, IconButton, Tooltip } from '@material-ui/core';
import DeleteIcon from '@material-ui/icons/Delete';
import EditIcon from '@material-ui/icons/Edit';
import {
  Budget,
  finopsBudgetDeletePermission,
  finopsBudgetUpdatePermission,
} from '@finops-backstage/plugin-finops-common';
import { finopsApiRef } from '../../api';
import { ConfirmDeleteDialog } from '../shared';
import { BudgetDialog } from './BudgetDialog';
import { budgetResourceRef } from './budgetFormat';

/** Props of {@link BudgetActions}. */
export interface BudgetActionsProps {
  budget: Budget;
  /** Called after the budget was changed or deleted. */
  onChanged: () => void;
}

/** Edit and delete buttons of a budget, shown to those the permission policy allows. */
export function BudgetActions(props: BudgetActionsProps) {
  const { budget, onChanged } = props;
  const finopsApi = useApi(finopsApiRef);
  const resourceRef = budgetResourceRef(budget.scopeType, budget.scopeRef);
  const update = usePermission({
    permission: finopsBudgetUpdatePermission,
    resourceRef,
  });
  const remove = usePermission({
    permission: finopsBudgetDeletePermission,
    resourceRef,
  });
  const [editing, setEditing] = useState(false);
  const [confirming, setConfirming] = useState(false);

  const deleteBudget = async () => {
    await finopsApi.deleteBudget(budget.id);
    setConfirming(false);
    onChanged();
  };

  if (!update.allowed && !remove.allowed) {
    return null;
  }
  return (
    <Box display="flex" component="span">
      {update.allowed && (
        <Tooltip title="Edit the budget">
          <IconButton
            aria-label={`Edit ${budget.name}`}
            onClick={() => setEditing(true)}
          >
            <EditIcon />
          </IconButton>
        </Tooltip>
      )}
      {remove.allowed && (
        <Tooltip title="Delete the budget">
          <IconButton
            aria-label={`Delete ${budget.name}`}
            onClick={() => setConfirming(true)}
          >
            <DeleteIcon />
          </IconButton>
        </Tooltip>
      )}
      {editing && (
        <BudgetDialog
          budget={budget}
          onClose={() => setEditing(false)}
          onSaved={() => {
            setEditing(false);
            onChanged();
          }}
        />
      )}
      {confirming && (
        <ConfirmDeleteDialog
          title={`Delete the budget ${budget.name}?`}
          onCancel={() => setConfirming(false)}
          onDelete={deleteBudget}
        >
          The budget stops being evaluated and alerting. Its alert history is
          kept, and the deletion is recorded in the audit trail.
        </ConfirmDeleteDialog>
      )}
    </Box>
  );
}
