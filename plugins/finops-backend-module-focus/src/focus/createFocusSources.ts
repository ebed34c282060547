import { LoggerService } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { FocusCostSource } from './FocusCostSource';
import { createStore } from './storage/createStore';

/** One FOCUS source per entry of `finops.sources.focus`: a folder, an S3 bucket or a Blob container. */
export function createFocusSources(options: {
  config: Config;
  logger?: LoggerService;
}): FocusCostSource[] {
  const { config, logger } = options;
  return (config.getOptionalConfigArray('finops.sources.focus') ?? []).map(
    entry => {
      const key = entry.getString('key');
      const domains = entry.getOptionalConfig('serviceCategoryDomains');
      const sourceLogger = logger?.child({ source: key });
      return new FocusCostSource({
        key,
        store: createStore(entry, sourceLogger),
        pattern: entry.getOptionalString('pattern'),
        domain: entry.getOptionalString('domain'),
        serviceCategoryDomains: domains
          ? Object.fromEntries(
              domains.keys().map(name => [name, domains.getString(name)]),
            )
          : undefined,
        provider: entry.getOptionalString('provider'),
        currency: entry.getOptionalString('currency'),
        tagKeys: entry.getOptionalStringArray('tagKeys'),
        estimatedDays: entry.getOptionalNumber('estimatedDays'),
        maxMonths: entry.getOptionalNumber('maxMonths'),
        logger: sourceLogger,
      });
    },
  );
}
