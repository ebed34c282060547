import express from 'express';
import Router from 'express-promise-router';
import { RouterOptions } from './RouterOptions';
import { entityStatusRoutes } from './routes/entityStatus';
import { healthRoutes } from './routes/health';
import { ingestionRoutes } from './routes/ingestion';
import { costRoutes } from './routes/costs';
import { pricingViewRoutes } from './routes/pricingViews';
import { domainRoutes } from './routes/domains';
import { overviewRoutes } from './routes/overview';
import { budgetRoutes } from './routes/budgets';
import { anomalyRoutes } from './routes/anomalies';
import { chargebackRoutes } from './routes/chargeback';
import { commitmentRoutes } from './routes/commitments';
import { tagComplianceRoutes } from './routes/tagCompliance';

/** The `/api/finops` routes. */
export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const router = Router();
  router.use(express.json({ limit: '10mb' }));
  router.use(healthRoutes(options));
  router.use(entityStatusRoutes(options));
  router.use(ingestionRoutes(options));
  router.use(costRoutes(options));
  router.use(pricingViewRoutes(options));
  router.use(domainRoutes(options));
  router.use(overviewRoutes(options));
  router.use(budgetRoutes(options));
  router.use(anomalyRoutes(options));
  router.use(chargebackRoutes(options));
  router.use(commitmentRoutes(options));
  router.use(tagComplianceRoutes(options));
  return router;
}
