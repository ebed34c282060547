import { RootConfigService } from '@backstage/backend-plugin-api';
import { CostSource } from '@finops-backstage/plugin-finops-node';
import path from 'node:path';
import { DemoCostSource } from './demo/DemoCostSource';
import { IndirectWeightsSource } from './indirect/IndirectWeightsSource';

/** The built-in sources that `finops.sources` enables: the demo and the indirect weights. */
export function createConfiguredSources(options: {
  config: RootConfigService;
  /** The entity refs of the run's applications (read once per run, not by each source). */
  catalogEntityRefs: () => Promise<string[]>;
  /** The backend's clock. */
  now?: () => Date;
}): CostSource[] {
  const { config, catalogEntityRefs, now } = options;
  const sources: CostSource[] = [];
  const demo = config.getOptionalConfig('finops.sources.demo');
  if (demo?.getOptionalBoolean('enabled')) {
    sources.push(
      new DemoCostSource({
        months: demo.getOptionalNumber('months') ?? 18,
        now,
      }),
    );
  }
  for (const indirect of config.getOptionalConfigArray(
    'finops.sources.indirect',
  ) ?? []) {
    const file = indirect.getOptionalString('file');
    sources.push(
      new IndirectWeightsSource({
        domainKey: indirect.getString('domain'),
        domainName:
          indirect.getOptionalString('name') ?? indirect.getString('domain'),
        methodKey: indirect.getString('method'),
        label: indirect.getString('label'),
        monthlyAmount: indirect.getString('monthlyAmount'),
        currency: 'USD',
        file: file ? path.resolve(file) : undefined,
        catalogEntityRefs,
        backfillMonths: indirect.getOptionalNumber('months') ?? 18,
        now,
      }),
    );
  }
  return sources;
}
