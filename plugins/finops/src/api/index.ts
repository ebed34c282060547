export { finopsApiRef } from './FinopsApi';
export type { FinopsApi } from './FinopsApi';
export { FinopsClient } from './FinopsClient';
