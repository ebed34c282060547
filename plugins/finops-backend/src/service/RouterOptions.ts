import { MartStore } from '../database/MartStore';

/** What the routes need, built by the plugin. */
export interface RouterOptions {
  mart: MartStore;
  /** Keys of the registered cost sources. */
  sourceKeys: string[];
}
