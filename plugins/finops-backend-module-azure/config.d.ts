export interface Config {
  finops?: {
    sources?: {
      /** Azure Cost Management: one entry per subscription or billing scope. */
      azure?: Array<{
        /** `/subscriptions/<id>`, or a billing scope such as `/providers/Microsoft.Billing/billingAccounts/<id>`. */
        scope: string;
        /** Source key suffix: the source is `azure:<key>`. Default: the scope's last segment. */
        key?: string;
        /** Name of the subscription, shown for its account (subscription scopes). */
        accountName?: string;
        /** The tag whose values map rows to catalog entities (subscription scopes). Default `app`. */
        tagKey?: string;
        /** Cost measure to sum: `Cost` (default), `PreTaxCost` (legacy EA) or `CostUSD` (MCA, in USD). */
        costColumn?: 'Cost' | 'PreTaxCost' | 'CostUSD';
        /** Also query AmortizedCost for the `amortized` pricing view. Default true. */
        amortized?: boolean;
        /** Months the first runs fill. Default 3. */
        months?: number;
        /** The previous month stays estimated up to this day of the month (UTC) included. Default 5. */
        finalAfterDay?: number;
        /** Tries per request on 429, 5xx and network errors, the first included. Default 5. */
        maxAttempts?: number;
        /** First back-off in milliseconds when Azure sends no retry-after header; doubled each try. Default 2000. */
        retryDelayMs?: number;
        /** Azure Resource Manager endpoint, for sovereign clouds. Default `https://management.azure.com`. */
        endpoint?: string;
        /** How to sign in; without it, DefaultAzureCredential. */
        credentials?: {
          tenantId?: string;
          clientId?: string;
          /** @visibility secret */
          clientSecret?: string;
          /** Use the host's managed identity (with clientId: that user-assigned identity). */
          managedIdentity?: boolean;
          /** Microsoft Entra authority host, for sovereign clouds. */
          authorityHost?: string;
        };
      }>;
    };
  };
}
