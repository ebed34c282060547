import { TestDatabases } from '@backstage/backend-test-utils';
import { CostSourceRow } from '@finops-backstage/plugin-finops-node';
import { Knex } from 'knex';
import { migrateMart } from '../database/operations/migrateMart';
import { ScriptedSource, usageRow } from './__testUtils__/testSources';
import { testRunner } from './__testUtils__/testRunner';

jest.setTimeout(120_000);

const MONTH = '2026-03';

describe('resource tags of the batch', () => {
  const databases = TestDatabases.create({ ids: ['POSTGRES_18'] });
  let knex: Knex;

  beforeEach(async () => {
    knex = await databases.init('POSTGRES_18');
    await migrateMart(knex);
  });

  function runnerFor(source: ScriptedSource) {
    return testRunner(knex, {
      sources: [source],
      components: [],
      now: '2026-04-10T12:00:00Z',
    });
  }

  const row = (
    day: string,
    resource: string | undefined,
    tags: Record<string, string>,
    overrides: Partial<CostSourceRow> = {},
  ) =>
    usageRow(`${MONTH}-${day}`, {
      resource: resource ? { key: resource, name: resource } : undefined,
      tags,
      ...overrides,
    });

  const database = (day: string, tags: Record<string, string>, billed = '10') =>
    row(day, 'db-1', tags, {
      domainKey: 'DATABASES',
      product: {
        key: 'aws:rds',
        name: 'RDS',
        unit: 'Hrs',
        provider: 'aws',
        service: 'AmazonRDS',
        familyKey: 'database',
      },
      billedAmount: billed,
    });

  /** `domain resource → tags` of the month. */
  async function storedTags() {
    const rows = await knex('resource_tag_month as t')
      .join('dim_resource as r', 'r.resource_id', 't.resource_id')
      .join('dim_domain as d', 'd.domain_id', 't.domain_id')
      .where({ 't.period_month': `${MONTH}-01`, 't.source_key': 'test' })
      .orderBy(['d.domain_key', 'r.resource_key'])
      .select('d.domain_key', 'r.resource_key', 't.tags');
    return Object.fromEntries(
      rows.map(r => [`${r.domain_key} ${r.resource_key}`, r.tags]),
    );
  }

  it('keeps the tags each resource carried in the month, merged over its rows, replaced at each load', async () => {
    const source = new ScriptedSource('test');
    source.rows.set(MONTH, [
      row('01', 'i-1', { Owner: 'ann', Team: 'core' }),
      row('02', 'i-1', { Owner: 'bob', Environment: 'prod' }),
      row('02', 'i-2', {}),
      row('03', undefined, { Owner: 'nobody' }),
      database('01', { Owner: 'dba' }),
    ]);
    const runner = runnerFor(source);
    expect(
      (await runner.run({ trigger: 'manual', months: [MONTH] })).status,
    ).toBe('succeeded');
    // The last row read wins per key; keys of earlier rows stay; a row without resource has none.
    expect(await storedTags()).toEqual({
      'CLOUD i-1': { Owner: 'bob', Team: 'core', Environment: 'prod' },
      'CLOUD i-2': {},
      'DATABASES db-1': { Owner: 'dba' },
    });

    // A reload replaces them; a resource no longer billed loses its row.
    // (The same billed total, so that no guard refuses the load.)
    source.rows.set(MONTH, [
      row('01', 'i-1', { Owner: 'carl' }, { billedAmount: '6.912' }),
      database('01', { Owner: 'dba', Team: 'data' }),
    ]);
    await runner.run({ trigger: 'manual', months: [MONTH] });
    expect(await storedTags()).toEqual({
      'CLOUD i-1': { Owner: 'carl' },
      'DATABASES db-1': { Owner: 'dba', Team: 'data' },
    });

    // A source that fails half-way leaves them as they were.
    source.rows.set(MONTH, [
      row('01', 'i-9', { Owner: 'eve' }),
      row('02', 'i-9', { Owner: 'eve' }),
    ]);
    source.failAt = 2;
    expect(
      (await runner.run({ trigger: 'manual', months: [MONTH] })).status,
    ).toBe('failed');
    source.failAt = undefined;
    expect(await storedTags()).toEqual({
      'CLOUD i-1': { Owner: 'carl' },
      'DATABASES db-1': { Owner: 'dba', Team: 'data' },
    });

    // A domain whose load a guard refuses keeps its tags beside its facts; the other is replaced.
    source.rows.set(MONTH, [
      row('01', 'i-1', { Owner: 'dan' }, { billedAmount: '6.912' }),
      database('01', { Owner: 'new' }, '1'),
    ]);
    await runner.run({ trigger: 'manual', months: [MONTH] });
    expect(
      await knex('ingestion_load')
        .where({ source_key: 'test' })
        .orderBy('load_id', 'desc')
        .limit(2)
        .select('domain_key', 'status'),
    ).toEqual(
      expect.arrayContaining([
        { domain_key: 'CLOUD', status: 'succeeded' },
        { domain_key: 'DATABASES', status: 'refused' },
      ]),
    );
    expect(await storedTags()).toEqual({
      'CLOUD i-1': { Owner: 'dan' },
      'DATABASES db-1': { Owner: 'dba', Team: 'data' },
    });
  });
});
