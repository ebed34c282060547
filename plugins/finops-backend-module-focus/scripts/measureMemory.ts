/* eslint-disable no-console */
// Generates a big FOCUS file (gzip) and reads it through FocusCostSource, reporting rows, time
// and memory. Run from the package folder:
//   node ../../node_modules/.bin/sucrase-node scripts/measureMemory.ts [rows] [--plain]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { once } from 'node:events';
import { FocusCostSource } from '../src/focus/FocusCostSource';

const rows = Number(process.argv[2] ?? 1_500_000);
const plain = process.argv.includes('--plain');
const MONTHS = ['2024-01', '2024-02', '2024-03'];

async function generate(file: string) {
  const output = fs.createWriteStream(file);
  const sink = plain ? output : zlib.createGzip({ level: 1 });
  if (!plain) {
    sink.pipe(output);
  }
  const write = async (text: string) => {
    if (!sink.write(text)) {
      await once(sink, 'drain');
    }
  };
  await write(
    '\ufeffBillingAccountId,BillingCurrency,BillingPeriodStart,ChargeCategory,ChargeClass,ChargePeriodStart,ChargePeriodEnd,' +
      'ConsumedQuantity,ConsumedUnit,PricingQuantity,PricingUnit,ListUnitPrice,ListCost,ContractedUnitPrice,ContractedCost,' +
      'BilledCost,EffectiveCost,PricingCategory,ProviderName,RegionId,ResourceId,ServiceCategory,ServiceName,SkuId,' +
      'SubAccountId,SubAccountName,Tags,CommitmentDiscountId,CommitmentDiscountStatus,x_Extra\r\n',
  );
  for (let i = 0; i < rows; i += 1) {
    const month = MONTHS[i % MONTHS.length];
    const day = String((i % 28) + 1).padStart(2, '0');
    const hours = ((i % 97) + 1) / 4;
    const price = '0.0912';
    const cost = (hours * 0.0912).toFixed(6);
    await write(
      `999999999999,USD,${month}-01T00:00:00Z,Usage,NULL,${month}-${day}T00:00:00Z,${month}-${day}T01:00:00Z,` +
        `${hours},Hours,${
          hours / 10
        },10 Hours,0.96,NULL,0.912,null,${cost},${cost},Standard,AWS,us-east-1,` +
        `i-${(i % 5000).toString(16)},Compute,Amazon Elastic Compute Cloud,SKU${
          i % 300
        },${100000 + (i % 40)},` +
        `account-${i % 40},"{""app"":""app-${
          i % 60
        }"",""env"":""prod""}",NULL,NULL,${price}\r\n`,
    );
  }
  sink.end();
  await once(output, 'finish');
}

async function main() {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'focus-big-'));
  const file = path.join(folder, plain ? 'big.csv' : 'big.csv.gz');
  let started = Date.now();
  await generate(file);
  const size = fs.statSync(file).size;
  console.log(
    `generated ${rows} rows, ${(size / 1e6).toFixed(1)} MB ${
      plain ? 'plain' : 'gzip'
    } in ${(Date.now() - started) / 1000} s`,
  );
  global.gc?.();
  const baseline = process.memoryUsage().rss;
  let peak = baseline;
  let peakHeap = 0;
  const sampler = setInterval(() => {
    const usage = process.memoryUsage();
    peak = Math.max(peak, usage.rss);
    peakHeap = Math.max(peakHeap, usage.heapUsed);
  }, 20);
  const source = new FocusCostSource({ key: 'big', folder });
  for (const month of ['2024-02', '2024-03', '2024-05']) {
    started = Date.now();
    let count = 0;
    for await (const row of source.readMonth({ month })) {
      if (row.day.startsWith(month)) {
        count += 1;
      }
    }
    const seconds = (Date.now() - started) / 1000;
    console.log(
      `${month}: ${count} rows yielded in ${seconds} s (${Math.round(
        rows / Math.max(seconds, 0.001),
      )} file rows/s)`,
    );
  }
  clearInterval(sampler);
  const mb = (bytes: number) => `${(bytes / 1048576).toFixed(0)} MB`;
  console.log(
    `RSS before reading ${mb(baseline)}, peak sampled RSS ${mb(
      peak,
    )}, peak heap used ${mb(peakHeap)}, ` +
      `process max RSS ${mb(process.resourceUsage().maxRSS * 1024)}`,
  );
  fs.rmSync(folder, { recursive: true, force: true });
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
