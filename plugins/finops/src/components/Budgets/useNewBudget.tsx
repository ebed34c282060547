import { ReactNode, useState } from 'react';
import { usePermission } from '@backstage/plugin-permission-react';
import { Button } from '@material-ui/core';
import AddIcon from '@material-ui/icons/Add';
import { finopsBudgetCreatePermission } from '@finops-backstage/plugin-finops-common';
import { BudgetDialog } from './BudgetDialog';
import { budgetResourceRef } from './budgetFormat';

/**
 * A "New budget" button for those the policy allows to create one (for an entity: its owners and
 * admins; without one, any scope: admins), and the dialog it opens.
 */
export function useNewBudget(options: {
  entityRef?: string;
  entityName?: string;
  onCreated: () => void;
}): { button?: JSX.Element; dialog: ReactNode } {
  const { entityRef, entityName, onCreated } = options;
  const { allowed } = usePermission({
    permission: finopsBudgetCreatePermission,
    resourceRef: entityRef ?? budgetResourceRef('estate'),
  });
  const [creating, setCreating] = useState(false);
  return {
    button: allowed ? (
      <Button
        color="primary"
        variant="contained"
        startIcon={<AddIcon />}
        onClick={() => setCreating(true)}
      >
        New budget
      </Button>
    ) : undefined,
    dialog: creating && (
      <BudgetDialog
        entityRef={entityRef}
        entityName={entityName}
        onClose={() => setCreating(false)}
        onSaved={() => {
          setCreating(false);
          onCreated();
        }}
      />
    ),
  };
}
