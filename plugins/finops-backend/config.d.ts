import { SchedulerServiceTaskScheduleDefinitionConfig } from '@backstage/backend-plugin-api';

export interface Config {
  /** Configuration of the FinOps plugins. */
  finops?: {
    /** Groups whose members are FinOps admins; budget alerts go to them too. Default [group:default/finops]. */
    adminGroups?: string[];
    /** The FinOps actions (MCP tools for AI assistants), read by the example permission policy. */
    actions?: {
      /**
       * Users and groups whose members may see and call the actions (`finops.actions.use`).
       * Default: everyone signed in.
       */
      allowed?: string[];
    };
    /** Budget and anomaly alerts, sent as Backstage notifications after each ingestion run. */
    alerts?: {
      /** Send alerts at all. Default true. */
      enabled?: boolean;
      /** Notify an entity's owner of a daily anomaly at least this far from the expected cost. Default 100. */
      anomalyMinAmount?: number;
    };
    /** Limits of the queries made for HTTP requests (the ingestion batch has none of these). */
    database?: {
      /**
       * PostgreSQL statement_timeout of each query made for a request: milliseconds, or a
       * string such as '30s', '500ms', '2min'. A query past it answers 503. Default '30s'.
       */
      statementTimeout?: string | number;
      /** Heavy reads (costs, overview, chargeback, …) running at once per replica. Default 4. */
      maxConcurrentQueries?: number;
      /** Heavy reads waiting for a turn per replica; beyond that 503 with Retry-After. Default 32. */
      maxQueuedQueries?: number;
    };
    ingestion?: {
      /**
       * When the ingestion batch runs (scope global: one replica at a time).
       * Default: every 6 hours, first run 15 seconds after start-up, timeout 1 hour.
       */
      schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
      /** Refuse to replace a month when more than this share of its rows is rejected. Default 0.05. */
      rejectThreshold?: number;
      /** Refuse to replace a month whose billed total falls by more than this share. Default 0.5. */
      dropThreshold?: number;
    };
    /**
     * Exchange rates, for sources billed in several currencies: a price is converted to the
     * reporting currency of the pricing view asked for with its month's rate (1 `from` = `rate`
     * `to`); a month without a rate leaves the product unpriced.
     */
    currency?: {
      rates?: Array<{
        /** `YYYY-MM`. */
        month: string;
        /** ISO 4217 code, e.g. `EUR`. */
        from: string;
        /** ISO 4217 code, e.g. `USD`. */
        to: string;
        /** An exact decimal, as a string: `'1.0873'`. */
        rate: string;
      }>;
      /** A CSV file of rates with the header `month,from,to,rate`, read at start-up and at each run. */
      ratesFile?: string;
    };
    /**
     * Business metrics for unit economics (cost per order, per search…): values per entity and
     * month (or day), loaded at start-up and as each ingestion run starts. Each source (the
     * `metrics` list, each file) is replaced whole; a bad one is refused whole, keeping its
     * previous values, and is logged and shown by `GET /business-metrics`.
     */
    businessMetrics?: {
      /**
       * CSV files with the header `entity_ref,metric,unit,period,value` (`period` `YYYY-MM` or
       * `YYYY-MM-DD`; lines starting with `#` are comments). Relative paths are relative to the
       * backend's working directory.
       */
      files?: string[];
      /** Metrics given in the config. */
      metrics?: Array<{
        /** A component, system or group, e.g. `component:default/checkout-service`. */
        entityRef: string;
        /** The metric's key, e.g. `orders`. */
        metric: string;
        /** What one unit is, singular, e.g. `order`. */
        unit: string;
        values: Array<{
          /** `YYYY-MM`, or `YYYY-MM-DD` for a day. */
          period: string;
          /** A non-negative decimal: a string such as `'1250.5'`, or a whole number. */
          value: string | number;
        }>;
      }>;
    };
    tagCompliance?: {
      /**
       * The tags every resource should carry (keys matched case-insensitively, a blank value
       * counts as missing). Default Owner, Environment, Team, CostCenter, Project.
       */
      mandatoryTags?: string[];
    };
    sources?: {
      /** The demo source: realistic, deterministic AWS + Azure usage for the demo catalog. */
      demo?: {
        enabled?: boolean;
        /** Months of history. Default 18. */
        months?: number;
      };
      /** Indirect domains: an amount per month distributed over applications by weights. */
      indirect?: Array<{
        /** Key of the INDIRECT domain, e.g. SHARED_TOOLING. */
        domain: string;
        /** Display name of the domain. */
        name?: string;
        /** Key of the distribution method, e.g. components, headcount. */
        method: string;
        /** How the method is shown to users, e.g. "split by number of components". */
        label: string;
        /** The amount distributed each month, as a decimal string. */
        monthlyAmount: string;
        /** A CSV file of weights (columns month,entity_ref,weight); without it each catalog component weighs 1. */
        file?: string;
        /** Months of history. Default 18. */
        months?: number;
      }>;
    };
  };
}
