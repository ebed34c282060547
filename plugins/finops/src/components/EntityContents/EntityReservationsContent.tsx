import { stringifyEntityRef } from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';
import { ReservationsSection } from '../Reservations';

/**
 * The Reservations tab of a catalog entity page: its coverage by reservations and savings plans,
 * and purchase recommendations with their what-if views.
 */
export function EntityReservationsContent() {
  const { entity } = useEntity();
  return <ReservationsSection entityRef={stringifyEntityRef(entity)} />;
}
