export { PricingViewsContent } from './PricingViewsContent';
