export { DomainsContent } from './DomainsContent';
