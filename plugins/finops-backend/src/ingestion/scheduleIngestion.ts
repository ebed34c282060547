import {
  LoggerService,
  RootConfigService,
  SchedulerService,
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
} from '@backstage/backend-plugin-api';
import { IngestionRunner } from './IngestionRunner';

/** The ingestion task's id in Backstage's scheduler. */
export const INGESTION_TASK_ID = 'finops-ingestion';

/** Schedules the ingestion batch from `finops.ingestion.schedule` (scope global). */
export async function scheduleIngestion(options: {
  scheduler: SchedulerService;
  config: RootConfigService;
  logger: LoggerService;
  runner: IngestionRunner;
}): Promise<void> {
  const { scheduler, config, logger, runner } = options;
  const scheduleConfig = config.getOptionalConfig('finops.ingestion.schedule');
  const schedule = scheduleConfig
    ? readSchedulerServiceTaskScheduleDefinitionFromConfig(scheduleConfig)
    : {
        frequency: { hours: 6 },
        timeout: { hours: 1 },
        initialDelay: { seconds: 15 },
      };
  await scheduler.scheduleTask({
    id: INGESTION_TASK_ID,
    ...schedule,
    // After the config's schedule, whose `scope` is undefined when unset: one replica runs the batch.
    scope: 'global',
    fn: async () => {
      const result = await runner.run({ trigger: 'schedule' });
      logger.info(`Scheduled ingestion run ${result.runId}: ${result.status}`);
    },
  });
}
