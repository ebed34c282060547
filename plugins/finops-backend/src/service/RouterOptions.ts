import { LoggerService } from '@backstage/backend-plugin-api';
import { CostStore } from '../costs/CostStore';
import { RunStore } from '../ingestion/RunStore';
import { PricingStore } from '../pricing/PricingStore';
import { DomainStore } from '../domains/DomainStore';
import { IngestionRunner } from '../ingestion/IngestionRunner';
import { WriteContext } from './writeAction';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { BudgetStore } from '../budgets/BudgetStore';
import { BudgetWriteContext } from '../budgets/authorizeBudgetWrite';
import { ChargebackStore } from '../chargeback/ChargebackStore';
import { CommitmentStore } from '../commitments/CommitmentStore';
import { TagComplianceStore } from '../tagCompliance/TagComplianceStore';
import { BusinessMetricStore } from '../metrics/BusinessMetricStore';

/** What the routes need, built by the plugin. */
export interface RouterOptions extends WriteContext, BudgetWriteContext {
  /** The ingestion runs and the mart's status. */
  runs: RunStore;
  costs: CostStore;
  pricing: PricingStore;
  domains: DomainStore;
  runner: IngestionRunner;
  logger: LoggerService;
  /** Keys of the registered cost sources. */
  sourceKeys: string[];
  budgets: BudgetStore;
  chargeback: ChargebackStore;
  commitments: CommitmentStore;
  tagCompliance: TagComplianceStore;
  /** Business metrics, for unit economics. */
  metrics: BusinessMetricStore;
  catalog: CatalogService;
  /** The clock of budget periods; default the system's. */
  now?: () => Date;
}
