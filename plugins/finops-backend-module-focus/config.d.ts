export interface Config {
  finops?: {
    sources?: {
      /** FOCUS 1.0–1.2 billing files (CSV, plain or gzip), one source per folder. */
      focus?: Array<{
        /** Unique key of the source, e.g. `focus-aws`. */
        key: string;
        /** The folder of the files (read recursively). */
        path: string;
        /** Glob of the files, relative to the folder. Default `**\/*.{csv,csv.gz}`. */
        pattern?: string;
        /** Cost domain of the rows. Default `CLOUD`. */
        domain?: string;
        /** Domains by FOCUS ServiceCategory, e.g. `{ Databases: DATABASES }`; other rows go to `domain`. */
        serviceCategoryDomains?: { [serviceCategory: string]: string };
        /** Provider of rows without ProviderName (e.g. `aws`). Default `focus`. */
        provider?: string;
        /** Currency of rows without BillingCurrency. Default `USD`. */
        currency?: string;
        /** Only these tag keys (of the Tags column) are used to map rows; default all. */
        tagKeys?: string[];
        /** A month stays estimated (not final) until this many days after its end. Default 5. */
        estimatedDays?: number;
        /** How many months back the first runs fill. Default 12. */
        months?: number;
      }>;
    };
  };
}
