import { DEMO_ANOMALIES } from '../sources/demo/demoCatalog';
import { demoDailySeries } from './__testUtils__/demoSeries';
import { detectAnomalies } from './detectAnomalies';

jest.setTimeout(120_000);

/**
 * The detector on the demo data: every planted anomaly found, and few false alarms on the rest.
 * Prints recall and false alarms (`backstage-cli package test src/anomalies`).
 */
describe('detectAnomalies on the demo data', () => {
  it('finds the planted anomalies with few false alarms', async () => {
    const now = new Date('2026-11-20T12:00:00Z');
    const series = await demoDailySeries(now);
    const planted = new Set<string>();
    for (const anomaly of DEMO_ANOMALIES(now))
      for (const day of anomaly.days)
        planted.add(`${anomaly.entityRef}|${day}`);

    let found = 0;
    let falseAlarms = 0;
    let judged = 0;
    const alarms: string[] = [];
    for (const [scope, s] of series) {
      if (scope === 'estate') continue;
      const flagged = detectAnomalies(s.usage, s.firstDay);
      judged += Math.max(0, s.usage.length - 28);
      for (const a of flagged) {
        if (planted.has(`${scope}|${a.day}`)) found += 1;
        else {
          falseAlarms += 1;
          alarms.push(
            `${scope} ${a.day} ${a.actual.toFixed(0)} vs ${a.expected.toFixed(
              0,
            )}`,
          );
        }
      }
    }
    const estate = series.get('estate')!;
    const estateFlags = detectAnomalies(estate.usage, estate.firstDay);
    const plantedDays = new Set([...planted].map(p => p.split('|')[1]));
    const estateFound = estateFlags.filter(a => plantedDays.has(a.day)).length;
    const estateFalse = estateFlags.length - estateFound;
    // eslint-disable-next-line no-console
    console.log(
      [
        `Entity level: recall ${found}/${planted.size} planted anomaly days; ` +
          `${falseAlarms} false alarm(s) in ${judged} component-days judged`,
        ...alarms.map(a => `  false alarm: ${a}`),
        `Estate level: ${estateFound}/${
          plantedDays.size
        } planted days flagged; ${estateFalse} false alarm(s) in ${
          estate.usage.length - 28
        } days`,
      ].join('\n'),
    );
    expect(found).toBe(planted.size);
    expect(falseAlarms).toBeLessThanOrEqual(judged * 0.001);
  });
});
