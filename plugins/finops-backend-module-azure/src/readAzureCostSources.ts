import { LoggerService } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { AzureCostSource } from './AzureCostSource';
import { AzureCostColumn } from './costs/MonthQuery';
import { createAzureCredential } from './createAzureCredential';

const COST_COLUMNS: AzureCostColumn[] = ['Cost', 'PreTaxCost', 'CostUSD'];

/** The sources of `finops.sources.azure`, one per configured scope. */
export function readAzureCostSources(
  config: Config,
  logger?: LoggerService,
): AzureCostSource[] {
  const entries = config.getOptionalConfigArray('finops.sources.azure') ?? [];
  const keys = new Set<string>();
  return entries.map(entry => {
    const scope = entry.getString('scope').replace(/\/+$/, '');
    if (!scope.startsWith('/')) {
      throw new Error(
        `finops.sources.azure: scope '${scope}' must start with /subscriptions/ or /providers/`,
      );
    }
    const key = `azure:${
      entry.getOptionalString('key') ?? scope.split('/').pop()
    }`;
    if (keys.has(key)) {
      throw new Error(
        `finops.sources.azure: two sources have the key '${key}'; set a distinct key on each`,
      );
    }
    keys.add(key);
    const costColumn = entry.getOptionalString('costColumn') ?? 'Cost';
    if (!COST_COLUMNS.includes(costColumn as AzureCostColumn)) {
      throw new Error(
        `finops.sources.azure (${key}): costColumn must be one of ${COST_COLUMNS.join(
          ', ',
        )}, not '${costColumn}'`,
      );
    }
    const credentials = entry.getOptionalConfig('credentials');
    return new AzureCostSource({
      key,
      scope,
      accountName: entry.getOptionalString('accountName'),
      tagKey: entry.getOptionalString('tagKey'),
      costColumn: costColumn as AzureCostColumn,
      amortized: entry.getOptionalBoolean('amortized'),
      backfillMonths: entry.getOptionalNumber('months'),
      finalAfterDay: entry.getOptionalNumber('finalAfterDay'),
      maxAttempts: entry.getOptionalNumber('maxAttempts'),
      retryDelayMs: entry.getOptionalNumber('retryDelayMs'),
      endpoint: entry.getOptionalString('endpoint'),
      credential: createAzureCredential({
        tenantId: credentials?.getOptionalString('tenantId'),
        clientId: credentials?.getOptionalString('clientId'),
        clientSecret: credentials?.getOptionalString('clientSecret'),
        managedIdentity: credentials?.getOptionalBoolean('managedIdentity'),
        authorityHost: credentials?.getOptionalString('authorityHost'),
      }),
      logger,
    });
  });
}
