import { ConfigReader } from '@backstage/config';
import { CostSourceRow } from '@finops-backstage/plugin-finops-node';
import { clientConfigOf, createAwsSources } from './createAwsSources';
import { FakeCostExplorer } from './testing/FakeCostExplorer';
import { fakeBill } from './testing/fakeBill';

describe('createAwsSources', () => {
  it('makes one source per entry, with static keys from config', async () => {
    const fake = await FakeCostExplorer.start();
    try {
      fake.usage = fakeBill('2026-02');
      fake.pageSize = 1000;
      const [source, other] = createAwsSources(
        new ConfigReader({
          finops: {
            sources: {
              aws: [
                {
                  key: 'payer',
                  endpoint: fake.endpoint,
                  credentials: {
                    accessKeyId: 'AKIDFROMCONFIG',
                    secretAccessKey: 'secret',
                  },
                  accounts: [{ id: '222222222222', name: 'acme-data' }],
                  tagKeys: ['app', 'team'],
                  domain: 'PUBLIC_CLOUD',
                  months: 6,
                  retry: { maxAttempts: 2, baseDelayMs: 1 },
                  commitments: { enabled: false },
                },
                { key: 'other' },
              ],
            },
          },
        }),
      );
      expect([source.key, source.backfillMonths]).toEqual(['aws:payer', 6]);
      expect(other.key).toBe('aws:other');
      const rows: CostSourceRow[] = [];
      for await (const row of source.readMonth({ month: '2026-02' })) {
        rows.push(row);
      }
      expect(rows.length).toBeGreaterThan(0);
      expect(rows[0]).toMatchObject({ domainKey: 'PUBLIC_CLOUD' });
      // One account, three queries (the bill, app, team), one page each; signed with the keys.
      expect(fake.requests).toHaveLength(3);
      expect(fake.requests[2].body.GroupBy[1]).toEqual({
        Type: 'TAG',
        Key: 'team',
      });
      for await (const _ of source.readCommitmentInsights({
        month: '2026-02',
      })) {
        // commitments are turned off
      }
      expect(fake.requests).toHaveLength(3);
    } finally {
      await fake.close();
    }
  });

  it('assumes a role when asked, else uses the default provider chain', () => {
    const assumed = clientConfigOf(
      new ConfigReader({
        assumeRole: {
          roleArn: 'arn:aws:iam::111111111111:role/finops',
          externalId: 'ext',
        },
      }),
    );
    expect(typeof assumed.credentials).toBe('function');
    expect(assumed.region).toBe('us-east-1');
    const chain = clientConfigOf(new ConfigReader({ region: 'eu-west-1' }));
    expect(chain).toEqual({ region: 'eu-west-1' });
  });

  it('refuses two entries with the same key', () => {
    expect(() =>
      createAwsSources(
        new ConfigReader({
          finops: { sources: { aws: [{ key: 'a' }, { key: 'a' }] } },
        }),
      ),
    ).toThrow("finops.sources.aws: the key 'aws:a' is used twice");
  });
});
