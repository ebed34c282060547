import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import {
  CostSource,
  finopsCostSourcesExtensionPoint,
} from '@internal/plugin-finops-node';
import { DatabaseMartStore } from './database/DatabaseMartStore';
import { createRouter } from './service/createRouter';

/** The FinOps backend plugin: the cost mart, its ingestion and `/api/finops`. */
export const finopsPlugin = createBackendPlugin({
  pluginId: 'finops',
  register(env) {
    const sources = new Map<string, CostSource>();
    env.registerExtensionPoint(finopsCostSourcesExtensionPoint, {
      addCostSource(...added) {
        for (const source of added) {
          if (sources.has(source.key)) {
            throw new Error(`Duplicate FinOps cost source key '${source.key}'`);
          }
          sources.set(source.key, source);
        }
      },
    });

    env.registerInit({
      deps: {
        database: coreServices.database,
        httpRouter: coreServices.httpRouter,
        logger: coreServices.logger,
      },
      async init({ database, httpRouter, logger }) {
        const mart = await DatabaseMartStore.create({ database });
        logger.info(
          `FinOps mart ready; cost sources: ${
            [...sources.keys()].join(', ') || 'none'
          }`,
        );
        httpRouter.use(
          await createRouter({ mart, sourceKeys: [...sources.keys()] }),
        );
        httpRouter.addAuthPolicy({ path: '/health', allow: 'unauthenticated' });
      },
    });
  },
});
