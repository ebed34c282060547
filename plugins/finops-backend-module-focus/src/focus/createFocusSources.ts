import { LoggerService } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import path from 'node:path';
import { FocusCostSource } from './FocusCostSource';

/** One FOCUS source per folder of `finops.sources.focus`. */
export function createFocusSources(options: {
  config: Config;
  logger?: LoggerService;
}): FocusCostSource[] {
  const { config, logger } = options;
  return (config.getOptionalConfigArray('finops.sources.focus') ?? []).map(
    folder => {
      const domains = folder.getOptionalConfig('serviceCategoryDomains');
      return new FocusCostSource({
        key: folder.getString('key'),
        folder: path.resolve(folder.getString('path')),
        pattern: folder.getOptionalString('pattern'),
        domain: folder.getOptionalString('domain'),
        serviceCategoryDomains: domains
          ? Object.fromEntries(
              domains.keys().map(key => [key, domains.getString(key)]),
            )
          : undefined,
        provider: folder.getOptionalString('provider'),
        currency: folder.getOptionalString('currency'),
        tagKeys: folder.getOptionalStringArray('tagKeys'),
        estimatedDays: folder.getOptionalNumber('estimatedDays'),
        backfillMonths: folder.getOptionalNumber('months'),
        logger: logger?.child({ source: folder.getString('key') }),
      });
    },
  );
}
