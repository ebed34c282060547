export { CommitmentsSection, CommitmentsContent } from './CommitmentsSection';
export type { CommitmentsSectionProps } from './CommitmentsSection';
