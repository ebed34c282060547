import { LoggerService } from '@backstage/backend-plugin-api';
import { MartStore } from '../database/MartStore';
import { IngestionRunner } from '../ingestion/IngestionRunner';
import { WriteContext } from './writeAction';

/** What the routes need, built by the plugin. */
export interface RouterOptions extends WriteContext {
  mart: MartStore;
  runner: IngestionRunner;
  logger: LoggerService;
  /** Keys of the registered cost sources. */
  sourceKeys: string[];
}
