import { stringifyEntityRef } from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';
import { ChargebackSection } from '../Chargeback';

/** The Chargeback tab of a catalog entity page: what the entity is charged for a month, and how. */
export function EntityChargebackContent() {
  const { entity } = useEntity();
  return <ChargebackSection entityRef={stringifyEntityRef(entity)} />;
}
