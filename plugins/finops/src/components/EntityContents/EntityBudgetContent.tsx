import { stringifyEntityRef } from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';
import { BudgetSection } from '../Budgets';

/** The Budget tab of a catalog entity page: its budgets with their status, and "New budget". */
export function EntityBudgetContent() {
  const { entity } = useEntity();
  return (
    <BudgetSection
      entityRef={stringifyEntityRef(entity)}
      entityName={entity.metadata.title ?? entity.metadata.name}
    />
  );
}
