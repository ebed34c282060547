export {
  ReservationsSection,
  ReservationsContent,
} from './ReservationsSection';
export type { ReservationsSectionProps } from './ReservationsSection';
