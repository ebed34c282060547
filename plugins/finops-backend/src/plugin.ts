import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { actionsRegistryServiceRef } from '@backstage/backend-plugin-api/alpha';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import {
  BusinessMetricSource,
  CostSource,
  createFinopsClock,
  finopsBusinessMetricsExtensionPoint,
  finopsCostSourcesExtensionPoint,
} from '@finops-backstage/plugin-finops-node';
import { openMart } from './database/operations/migrateMart';
import { DatabaseRunStore } from './ingestion/DatabaseRunStore';
import { applyRequestStatementTimeout } from './database/operations/applyRequestStatementTimeout';
import { readStatementTimeoutMs } from './database/requestStatementTimeout';
import { registerFinopsActions } from './actions/registerFinopsActions';
import { DatabaseCostStore } from './costs/DatabaseCostStore';
import { DatabasePricingStore } from './pricing/DatabasePricingStore';
import { withSimulatedView } from './pricing/operations/simulatedView';
import { DatabaseDomainStore } from './domains/DatabaseDomainStore';
import {
  readConfiguredRates,
  storeExchangeRates,
} from './pricing/operations/exchangeRates';
import { DatabaseIngestionStore } from './ingestion/DatabaseIngestionStore';
import { IngestionRunner } from './ingestion/IngestionRunner';
import { scheduleIngestion } from './ingestion/scheduleIngestion';
import {
  RunCatalog,
  readCatalogApplications,
  syncApplications,
} from './ingestion/operations/syncApplications';
import { createRouter } from './service/createRouter';
import { createConfiguredSources } from './sources/createConfiguredSources';
import { notificationService } from '@backstage/plugin-notifications-node';
import {
  finopsBudgetPermissions,
  finopsPermissions,
} from '@finops-backstage/plugin-finops-common';
import { DatabaseBudgetStore } from './budgets/DatabaseBudgetStore';
import {
  budgetPermissionResourceRef,
  isScopeOwner,
} from './budgets/budgetPermissionRules';
import {
  evaluateAnomalyAlerts,
  evaluateBudgetAlerts,
} from './budgets/evaluateAlerts';
import { ownerOfEntity } from './budgets/scopeOwner';
import { DatabaseChargebackStore } from './chargeback/DatabaseChargebackStore';
import { DatabaseCommitmentStore } from './commitments/DatabaseCommitmentStore';
import { DatabaseTagComplianceStore } from './tagCompliance/DatabaseTagComplianceStore';
import { DatabaseBusinessMetricStore } from './metrics/DatabaseBusinessMetricStore';
import { loadMetricSources } from './metrics/loadMetricSources';
import { readConfiguredMetricSources } from './metrics/readConfiguredMetricSources';

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
    // Unit economics: business metric sources added by modules (e.g. a metrics backend).
    const addedMetricSources = new Array<BusinessMetricSource>();
    env.registerExtensionPoint(finopsBusinessMetricsExtensionPoint, {
      addMetricSource(...sources) {
        addedMetricSources.push(...sources);
      },
    });

    env.registerInit({
      deps: {
        actionsRegistry: actionsRegistryServiceRef,
        auth: coreServices.auth,
        auditor: coreServices.auditor,
        catalog: catalogServiceRef,
        config: coreServices.rootConfig,
        database: coreServices.database,
        httpAuth: coreServices.httpAuth,
        httpRouter: coreServices.httpRouter,
        logger: coreServices.logger,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        scheduler: coreServices.scheduler,
        notifications: notificationService,
      },
      async init(deps) {
        const { auth, catalog, config, database, httpRouter, logger } = deps;
        // The one clock of the backend (FINOPS_NOW sets it for the demo and the tests).
        const now = createFinopsClock();
        const knex = await openMart(database);
        const runs = DatabaseRunStore.create({ knex });
        // Queries made for a request get finops.database.statementTimeout; the batch's none.
        applyRequestStatementTimeout(knex);
        const costs = DatabaseCostStore.create({ knex, catalog });
        const pricing = DatabasePricingStore.create({ knex });
        const budgets = DatabaseBudgetStore.create({ knex });

        // Every permission is registered, so that RBAC tools list them; the budget ones with their
        // resource type below.
        deps.permissionsRegistry.addPermissions(
          finopsPermissions.filter(
            permission => permission.type !== 'resource',
          ),
        );
        // Budgets are a resource type: a policy may allow their writes to the scope's owners only.
        // A resource ref is the entity ref of the scope ("may I manage this entity's budgets").
        deps.permissionsRegistry.addResourceType({
          resourceRef: budgetPermissionResourceRef,
          permissions: finopsBudgetPermissions,
          rules: [isScopeOwner],
          getResources: async refs => {
            const { items } = await catalog.getEntitiesByRefs(
              { entityRefs: refs },
              { credentials: await auth.getOwnServiceCredentials() },
            );
            return items.map((entity, i) =>
              entity
                ? {
                    scopeType: 'entity' as const,
                    scopeRef: refs[i],
                    ownerRef: ownerOfEntity(entity),
                  }
                : undefined,
            );
          },
        });
        const alertDeps = {
          now,
          costs,
          budgets,
          pricing,
          notifications: deps.notifications,
          auth,
          logger,
          adminGroups: config.getOptionalStringArray('finops.adminGroups') ?? [
            'group:default/finops',
          ],
          anomalyMinAmount:
            config.getOptionalNumber('finops.alerts.anomalyMinAmount') ?? 100,
        };
        const alertsEnabled =
          config.getOptionalBoolean('finops.alerts.enabled') ?? true;

        // The catalog is read once per run, when it starts; the sources use that read.
        const runCatalog = new RunCatalog(async () =>
          syncApplications(knex, await readCatalogApplications(catalog, auth)),
        );
        const sources = [
          ...createConfiguredSources({
            config,
            catalogEntityRefs: () => runCatalog.entityRefs(),
            now,
          }),
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

        // The reservation rate views (ri-*): made after each run once the families exist, and
        // at start-up for a database that already has them; never by a GET.
        const commitments = DatabaseCommitmentStore.create({ knex });
        await commitments.ensureRateViews();
        // The configured exchange rates: checked and stored at start-up (a bad one stops it, named),
        // and again as each run starts (a rates file may have been updated since).
        const storeRates = () =>
          storeExchangeRates(knex, readConfiguredRates(config));
        await storeRates();
        // Business metrics (unit economics): the config's and the modules' sources, each loaded
        // whole at start-up and again as each run starts; a source refused (a bad file, a metrics
        // backend down) keeps its previous values and is logged and shown, never stops either.
        const metrics = DatabaseBusinessMetricStore.create({ knex });
        const metricSources = [
          ...readConfiguredMetricSources(config),
          ...addedMetricSources,
        ];
        const metricKeys = metricSources.map(source => source.key);
        const duplicateMetricSource = metricKeys.find(
          (key, index) => metricKeys.indexOf(key) !== index,
        );
        if (duplicateMetricSource) {
          throw new Error(
            `Duplicate FinOps business metric source key '${duplicateMetricSource}'`,
          );
        }
        const removedMetricSources = await metrics.removeSourcesExcept(
          metricKeys,
        );
        if (removedMetricSources.length > 0) {
          logger.info(
            `Business metrics of sources no longer configured removed: ${removedMetricSources.join(
              ', ',
            )}`,
          );
        }
        const loadMetrics = () =>
          loadMetricSources({ sources: metricSources, store: metrics, logger });
        await loadMetrics();
        const runner = new IngestionRunner({
          beforeRun: async () => {
            await storeRates();
            await loadMetrics();
          },
          now,
          store: DatabaseIngestionStore.create({ knex }),
          logger,
          sources,
          readApplications: () => runCatalog.readForRun(),
          guards: {
            rejectThreshold:
              config.getOptionalNumber('finops.ingestion.rejectThreshold') ??
              0.05,
            dropThreshold:
              config.getOptionalNumber('finops.ingestion.dropThreshold') ?? 0.5,
          },
          afterRun: async ({ runId }) => {
            await commitments.ensureRateViews();
            if (!alertsEnabled) return;
            const budgetAlerts = await evaluateBudgetAlerts(alertDeps, runId);
            const anomalyAlerts = await evaluateAnomalyAlerts(alertDeps, runId);
            logger.info(
              `Ingestion run ${runId}: ${budgetAlerts.sent} budget and ${anomalyAlerts.sent} anomaly alert(s) sent`,
            );
          },
        });
        // The read-only actions an AI assistant may call (through the MCP actions backend).
        registerFinopsActions(deps.actionsRegistry, {
          costs,
          pricing,
          budgets,
          catalog,
          now,
          statementTimeoutMs: readStatementTimeoutMs(config),
          simulatePrices: (input, read) =>
            withSimulatedView(knex, input, (tx, views) =>
              read(DatabaseCostStore.create({ knex: tx, catalog }), views),
            ),
        });
        // Runs left `running` by a process that died (no heartbeat for 2 min) are marked failed.
        await runner.markAbandonedRuns();
        httpRouter.use(
          await createRouter({
            ...deps,
            runs,
            costs,
            pricing,
            domains: DatabaseDomainStore.create({ knex }),
            budgets,
            chargeback: DatabaseChargebackStore.create({ knex }),
            commitments,
            tagCompliance: DatabaseTagComplianceStore.create({
              knex,
              mandatoryTags: config.getOptionalStringArray(
                'finops.tagCompliance.mandatoryTags',
              ),
            }),
            metrics,
            runner,
            sourceKeys: keys,
            now,
          }),
        );
        httpRouter.addAuthPolicy({ path: '/health', allow: 'unauthenticated' });
        await scheduleIngestion({ ...deps, runner });
      },
    });
  },
});
