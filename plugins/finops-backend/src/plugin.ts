import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import {
  CostSource,
  finopsCostSourcesExtensionPoint,
} from '@internal/plugin-finops-node';
import { DatabaseMartStore } from './database/DatabaseMartStore';
import { DatabaseCostStore } from './costs/DatabaseCostStore';
import { DatabasePricingStore } from './pricing/DatabasePricingStore';
import { IngestionRunner } from './ingestion/IngestionRunner';
import { scheduleIngestion } from './ingestion/scheduleIngestion';
import {
  readCatalogApplications,
  syncApplications,
} from './ingestion/syncApplications';
import { createRouter } from './service/createRouter';
import { createConfiguredSources } from './sources/createConfiguredSources';

/** The FinOps backend plugin: the cost mart, its ingestion and `/api/finops`. */
export const finopsPlugin = createBackendPlugin({
  pluginId: 'finops',
  register(env) {
    const addedSources = new Array<CostSource>();
    env.registerExtensionPoint(finopsCostSourcesExtensionPoint, {
      addCostSource(...sources) {
        addedSources.push(...sources);
      },
    });

    env.registerInit({
      deps: {
        auth: coreServices.auth,
        auditor: coreServices.auditor,
        catalog: catalogServiceRef,
        config: coreServices.rootConfig,
        database: coreServices.database,
        httpAuth: coreServices.httpAuth,
        httpRouter: coreServices.httpRouter,
        logger: coreServices.logger,
        permissions: coreServices.permissions,
        scheduler: coreServices.scheduler,
      },
      async init(deps) {
        const { auth, catalog, config, database, httpRouter, logger } = deps;
        const mart = await DatabaseMartStore.create({ database });
        const knex = await database.getClient();

        const readComponents = () => readCatalogApplications(catalog, auth);
        const sources = [
          ...createConfiguredSources({ config, readComponents }),
          ...addedSources,
        ];
        const keys = sources.map(source => source.key);
        const duplicate = keys.find(
          (key, index) => keys.indexOf(key) !== index,
        );
        if (duplicate) {
          throw new Error(`Duplicate FinOps cost source key '${duplicate}'`);
        }
        logger.info(`FinOps cost sources: ${keys.join(', ') || 'none'}`);

        const runner = new IngestionRunner({
          knex,
          logger,
          sources,
          readApplications: async () =>
            syncApplications(knex, await readComponents()),
          guards: {
            rejectThreshold:
              config.getOptionalNumber('finops.ingestion.rejectThreshold') ??
              0.05,
            dropThreshold:
              config.getOptionalNumber('finops.ingestion.dropThreshold') ?? 0.5,
          },
        });
        httpRouter.use(
          await createRouter({
            ...deps,
            mart,
            costs: new DatabaseCostStore(knex, catalog),
            pricing: new DatabasePricingStore(knex),
            runner,
            sourceKeys: keys,
          }),
        );
        httpRouter.addAuthPolicy({ path: '/health', allow: 'unauthenticated' });
        await scheduleIngestion({ ...deps, runner });
      },
    });
  },
});
