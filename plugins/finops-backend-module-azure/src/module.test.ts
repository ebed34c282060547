import {
  createBackendPlugin,
  coreServices,
} from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import {
  CostSource,
  finopsCostSourcesExtensionPoint,
} from '@finops-backstage/plugin-finops-node';
import { finopsModuleAzure } from './module';

/** Stands in for the FinOps plugin: collects what modules add through the extension point. */
function collectingPlugin(collected: CostSource[]) {
  return createBackendPlugin({
    pluginId: 'finops',
    register(env) {
      env.registerExtensionPoint(finopsCostSourcesExtensionPoint, {
        addCostSource: (...sources) => collected.push(...sources),
      });
      env.registerInit({
        deps: { logger: coreServices.logger },
        async init() {},
      });
    },
  });
}

describe('finopsModuleAzure', () => {
  it('adds one source per configured scope', async () => {
    const collected: CostSource[] = [];
    await startTestBackend({
      features: [
        collectingPlugin(collected),
        finopsModuleAzure,
        mockServices.rootConfig.factory({
          data: {
            finops: {
              sources: {
                azure: [
                  {
                    scope:
                      '/subscriptions/00000000-0000-0000-0000-00000000000a',
                    key: 'prod',
                    credentials: {
                      tenantId: 't',
                      clientId: 'c',
                      clientSecret: 's',
                    },
                  },
                  {
                    scope:
                      '/providers/Microsoft.Billing/billingAccounts/1234567',
                    costColumn: 'CostUSD',
                    months: 6,
                    credentials: { managedIdentity: true },
                  },
                ],
              },
            },
          },
        }),
      ],
    });
    expect(
      collected.map(source => [source.key, source.backfillMonths]),
    ).toEqual([
      ['azure:prod', 3],
      ['azure:1234567', 6],
    ]);
  });

  it('refuses a cost column the API does not have', async () => {
    await expect(
      startTestBackend({
        features: [
          collectingPlugin([]),
          finopsModuleAzure,
          mockServices.rootConfig.factory({
            data: {
              finops: {
                sources: {
                  azure: [{ scope: '/subscriptions/x', costColumn: 'Price' }],
                },
              },
            },
          }),
        ],
      }),
    ).rejects.toThrow(/costColumn must be one of Cost, PreTaxCost, CostUSD/);
  });
});
