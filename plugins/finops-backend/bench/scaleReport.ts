/*
 * What bench:scale leaves behind: bench-results/scale-<size>.json (every figure; other tooling and
 * the README read its keys), bench-results/explain-<size>.txt, and the table it prints.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { summaryQueryTimes } from './summaryQueryTimes';
import { explainQueries } from './explainQueries';
import { Latency } from './measureEndpoints';
import { ScaleOptions } from './ScaleEstate';

const ROOT = path.resolve(__dirname, '../../..');

/** The same questions at one size of history. */
export interface StepFigures {
  months: number;
  factRows: number;
  /** The month delivered again as it is held. */
  reloadSeconds: number;
  /** The month restated: every DIRECT quantity changed. */
  restatedReloadSeconds: number;
  endpoints: Latency[];
}

/** What the run measured. */
export interface ScaleResults {
  smoke: boolean;
  duration: number;
  options: ScaleOptions;
  steps: StepFigures[];
  /** Rows loaded through the batch over all steps, and the seconds it took. */
  loadedRows: number;
  loadSeconds: number;
  copy: { rows: number; seconds: number };
  peakLoadMiB: number;
  reloadMonth: string;
  summaries: Awaited<ReturnType<typeof summaryQueryTimes>>;
  explain: Awaited<ReturnType<typeof explainQueries>>;
}

const targets = [
  { name: 'entity costs p95 ≤ 50 ms', limit: 50 },
  { name: 'group of 100 p95 ≤ 150 ms', limit: 150 },
  { name: 'overview p95 ≤ 300 ms', limit: 300 },
  { name: 'uncached overview p95 ≤ 300 ms', limit: 300 },
  { name: 'comparison p95 ≤ 100 ms', limit: 100 },
  { name: 'uncached group of 100 p95 ≤ 150 ms', limit: 150 },
];

const rates = (results: ScaleResults) => {
  const batchRate = results.loadedRows / results.loadSeconds;
  const copyRate = results.copy.rows / results.copy.seconds;
  return { batchRate, copyRate };
};

/** The figures of bench-results/scale-<size>.json. */
function scaleFigures(results: ScaleResults) {
  const { options, steps: stepFigures, copy } = results;
  const { batchRate, copyRate } = rates(results);
  const last = stepFigures[stepFigures.length - 1];
  const latencies = last.endpoints;
  return {
    date: new Date().toISOString(),
    size: results.smoke ? 'smoke' : 'full',
    cores: os.cpus().length,
    memoryGiB: Math.round(os.totalmem() / 1024 ** 3),
    loadAverage: os.loadavg(),
    estate: {
      ...options,
      groups: options.divisions * (options.teamsPerDivision + 1),
      factRows: last.factRows,
    },
    load: {
      rows: results.loadedRows,
      seconds: results.loadSeconds,
      rowsPerSecond: Math.round(batchRate),
      rawCopyRows: copy.rows,
      rawCopySeconds: copy.seconds,
      rawCopyRowsPerSecond: Math.round(copyRate),
      shareOfRawCopy: batchRate / copyRate,
      peakRssMiB: results.peakLoadMiB,
    },
    reload: {
      month: results.reloadMonth,
      steps: stepFigures.map(step => ({
        months: step.months,
        seconds: step.reloadSeconds,
        restatedSeconds: step.restatedReloadSeconds,
      })),
    },
    entityQuery: results.summaries.entity,
    /** The group and overview questions from the summaries and from the facts. */
    groupQuery: results.summaries.group,
    overviewQuery: results.summaries.overview,
    http: {
      connections: 10,
      durationSeconds: results.duration,
      endpoints: latencies,
      uncachedOverviewP95: latencies[3]?.p95,
      uncachedGroupP95: latencies[5]?.p95,
    },
    /** The same questions at each size of history. */
    steps: stepFigures,
  };
}

/** The rows of the printed table: what, the figure, the target and whether it is met. */
function tableRows(results: ScaleResults): Array<[string, string, string]> {
  const { steps: stepFigures, peakLoadMiB, summaries } = results;
  const { batchRate, copyRate } = rates(results);
  const first = stepFigures[0];
  const last = stepFigures[stepFigures.length - 1];
  const p95Of = (step: StepFigures, index: number) =>
    step.endpoints[index]?.p95;
  /** An answer's p95 at the last step against the first: flat within 25 %. */
  const growth = (index: number) => {
    const before = p95Of(first, index);
    const after = p95Of(last, index);
    return before && after ? after / before : undefined;
  };
  const met = (ok: boolean) => (ok ? 'met' : 'missed');
  return [
    ['fact rows', String(last.factRows), ''],
    [
      'load through the batch',
      `${Math.round(batchRate).toLocaleString('en-US')} rows/s`,
      `≥ 100,000 rows/s: ${met(batchRate >= 100_000)}`,
    ],
    [
      'raw COPY, unindexed table',
      `${Math.round(copyRate).toLocaleString('en-US')} rows/s`,
      '',
    ],
    [
      'batch ÷ raw COPY',
      `${((100 * batchRate) / copyRate).toFixed(0)} %`,
      `≥ 50 %: ${met(batchRate / copyRate >= 0.5)}`,
    ],
    [
      'peak RSS during the loads',
      `${peakLoadMiB} MiB`,
      `≤ 1 GiB: ${met(peakLoadMiB <= 1024)}`,
    ],
    ...stepFigures.flatMap(
      (step): Array<[string, string, string]> => [
        [
          `reload one month restated, ${step.months} months held`,
          `${step.restatedReloadSeconds.toFixed(2)} s`,
          `≤ 5 s: ${met(step.restatedReloadSeconds <= 5)}`,
        ],
        [
          `reload one month unchanged, ${step.months} months held`,
          `${step.reloadSeconds.toFixed(2)} s`,
          `≤ 5 s: ${met(step.reloadSeconds <= 5)}`,
        ],
      ],
    ),
    ...(['entity', 'group', 'overview'] as const).map(
      (what): [string, string, string] => {
        const times = summaries[what];
        return [
          `${what} query: summary / facts`,
          `${times.summaryMs.toFixed(1)} / ${times.rawMs.toFixed(1)} ms`,
          // Summaries matter where an answer covers many applications: the group and the estate.
          what === 'entity'
            ? `×${times.ratio.toFixed(1)}`
            : `×${times.ratio.toFixed(1)}, ≥ ×20: ${met(times.ratio >= 20)}`,
        ];
      },
    ),
    ...stepFigures.flatMap(step =>
      step.endpoints.map((latency, index): [string, string, string] => [
        `${latency.name} (${step.months} months, ${step.factRows} rows)`,
        `p50 ${latency.p50} / p95 ${latency.p95} / p99 ${latency.p99} ms, ${
          latency.requestsPerSecond
        } req/s, one at a time ${latency.sequentialMedianMs} ms${
          latency.errors ? `, ${latency.errors} errors` : ''
        }`,
        `${targets[index].name}: ${met(
          latency.requestsPerSecond > 0 &&
            latency.errors === 0 &&
            latency.p95 <= targets[index].limit,
        )}`,
      ]),
    ),
    ...(stepFigures.length > 1
      ? [0, 1].map((index): [string, string, string] => {
          const ratio = growth(index);
          return [
            `${targets[index].name.split(' p95')[0]}: p95 at ${
              last.months
            } ÷ at ${first.months} months`,
            ratio === undefined ? 'n/a' : `×${ratio.toFixed(2)}`,
            `flat within 25 %: ${met(ratio !== undefined && ratio <= 1.25)}`,
          ];
        })
      : []),
  ];
}

/** Writes the figures and the plans under bench-results/, and prints the table. */
export function reportScale(results: ScaleResults) {
  const figures = scaleFigures(results);
  const { explain } = results;
  const out = path.join(ROOT, 'bench-results');
  fs.mkdirSync(out, { recursive: true });
  const file = path.join(out, `scale-${figures.size}.json`);
  fs.writeFileSync(file, JSON.stringify(figures, null, 2));
  const explainFile = path.join(out, `explain-${figures.size}.txt`);
  fs.writeFileSync(
    explainFile,
    explain.plans
      .flatMap(plan => [
        `=== ${plan.what}: ${plan.ms.toFixed(1)} ms`,
        plan.sql,
        `bindings: ${JSON.stringify(plan.bindings)}`,
        '',
        ...plan.plan,
        '',
      ])
      .join('\n'),
  );

  const rows = tableRows(results);
  const width = [0, 1, 2].map(i => Math.max(...rows.map(row => row[i].length)));
  console.log(
    `\nFinOps scale benchmark (${figures.size}, ${
      figures.cores
    } cores, load average ${os
      .loadavg()
      .map(value => value.toFixed(2))
      .join(' ')})`,
  );
  for (const row of rows) {
    console.log(
      `  ${row[0].padEnd(width[0])}  ${row[1].padEnd(width[1])}  ${row[2]}`,
    );
  }
  console.log(`\nfigures: ${path.relative(ROOT, file)}`);
  console.log(
    `EXPLAIN ANALYZE of the slowest statement of each query, slowest first (${
      explain.plans[0].what
    }): ${path.relative(ROOT, explainFile)}`,
  );
}
