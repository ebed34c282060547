export { ChargebackSection } from './ChargebackSection';
export type { ChargebackSectionProps } from './ChargebackSection';
export { ChargebackContent } from './ChargebackContent';
