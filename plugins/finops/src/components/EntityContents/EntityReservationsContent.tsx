import { stringifyEntityRef } from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';
import { CommitmentsSection } from '../Commitments';

/**
 * The Reservations tab of a catalog entity page: its coverage by reservations and savings plans,
 * and purchase recommendations with their what-if views.
 */
export function EntityReservationsContent() {
  const { entity } = useEntity();
  return <CommitmentsSection entityRef={stringifyEntityRef(entity)} />;
}
