import { mockServices } from '@backstage/backend-test-utils';
import { CostSource } from '@finops-backstage/plugin-finops-node';
import { Knex } from 'knex';
import { DatabaseIngestionStore } from '../DatabaseIngestionStore';
import { IngestionRunner } from '../IngestionRunner';
import {
  ApplicationFromCatalog,
  syncApplications,
} from '../operations/syncApplications';

/** A catalog component of the ingestion tests: `name`, owned by `owner`, tagged `app=<name>`. */
export function testComponent(
  name: string,
  owner: string,
  accountKeys: string[] = [],
): ApplicationFromCatalog {
  return {
    entityRef: `component:default/${name}`,
    ownerRef: `group:default/${owner}`,
    name,
    tagSelectors: [`app=${name}`],
    accountKeys,
  };
}

/**
 * A runner of `sources` on `knex` with a mock logger, whose catalog is `components`, its clock
 * at `now` and its guards 5 % rejected, −50 % billed unless given.
 */
export function testRunner(
  knex: Knex,
  options: {
    sources: CostSource[];
    components: ApplicationFromCatalog[];
    now: string;
    guards?: { rejectThreshold: number; dropThreshold: number };
  },
) {
  return new IngestionRunner({
    store: DatabaseIngestionStore.create({ knex }),
    logger: mockServices.logger.mock(),
    sources: options.sources,
    readApplications: () => syncApplications(knex, options.components),
    guards: options.guards ?? { rejectThreshold: 0.05, dropThreshold: 0.5 },
    now: () => new Date(options.now),
  });
}
