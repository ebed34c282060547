import { RootConfigService } from '@backstage/backend-plugin-api';
import express from 'express';
import Router from 'express-promise-router';
import {
  readStatementTimeoutMs,
  runWithRequestLimits,
} from '../database/requestStatementTimeout';
import { RouterOptions } from './RouterOptions';
import { hideInternalErrors } from './internalErrors';
import { createQueryGate, readQueryGateLimits } from './queryGate';
import { entityStatusRoutes } from './routes/entityStatus';
import { healthRoutes } from './routes/health';
import { ingestionRoutes } from './routes/ingestion';
import { costRoutes } from './routes/costs';
import { pricingViewRoutes } from './routes/pricingViews';
import { domainRoutes } from './routes/domains';
import { overviewRoutes } from './routes/overview';
import { budgetRoutes } from './routes/budgets';
import { anomalyRoutes } from './routes/anomalies';
import { forecastRoutes } from './routes/forecast';
import { chargebackRoutes } from './routes/chargeback';
import { commitmentRoutes } from './routes/commitments';
import { tagComplianceRoutes } from './routes/tagCompliance';
import { unitCostRoutes } from './routes/unitCosts';

/** The reads that aggregate the fact tables: at most `maxConcurrentQueries` of them at once. */
const HEAVY_READS = [
  '/costs',
  '/overview',
  '/chargeback',
  '/commitments/coverage',
  '/commitments/recommendations',
  '/tag-compliance',
  '/anomalies',
  '/forecast',
  '/unit-costs',
];

/** The `/api/finops` routes. */
export async function createRouter(
  options: RouterOptions & { config: RootConfigService },
): Promise<express.Router> {
  const statementTimeoutMs = readStatementTimeoutMs(options.config);
  const gate = createQueryGate(readQueryGateLimits(options.config));
  const router = Router();
  router.use(express.json({ limit: '10mb' }));
  // Every query made for a request has the request's statement timeout (the batch has none).
  router.use((_req, _res, next) =>
    runWithRequestLimits({ statementTimeoutMs }, next),
  );
  router.get(HEAVY_READS, gate);
  router.use(healthRoutes(options));
  router.use(entityStatusRoutes(options));
  router.use(ingestionRoutes(options));
  router.use(costRoutes(options));
  router.use(pricingViewRoutes(options));
  router.use(domainRoutes(options));
  router.use(overviewRoutes(options));
  router.use(budgetRoutes(options));
  router.use(anomalyRoutes(options));
  router.use(forecastRoutes(options));
  router.use(chargebackRoutes(options));
  router.use(commitmentRoutes(options));
  router.use(tagComplianceRoutes(options));
  router.use(unitCostRoutes(options));
  router.use(
    hideInternalErrors({ logger: options.logger, statementTimeoutMs }),
  );
  return router;
}
