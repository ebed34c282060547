import {
  mockServices,
  startTestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  AuthorizeResult,
  EvaluatePermissionRequest,
} from '@backstage/plugin-permission-common';
import { Knex } from 'knex';
import request from 'supertest';
import { finopsPlugin } from '../../plugin';
import { finopsTestConfig } from './__testUtils__/testBackend';

jest.setTimeout(120_000);

/** What an AWS row says about its account and resource, as a rejected row keeps it. */
const RAW = {
  day: '2026-03-04',
  domainKey: 'AWS',
  accountId: '123456789012',
  resourceId: 'arn:aws:ec2:eu-west-1:123456789012:instance/i-0abc',
  tags: { Owner: 'alice@corp' },
  billedAmount: 'twelve',
};

describe('hardening: raw billing rows behind finops.rawRows.read (issue 17, 9)', () => {
  const databases = TestDatabases.create({ ids: ['POSTGRES_18'] });

  /** A backend whose permission service decides finops.rawRows.read as `rawRows`, and the rest ALLOW. */
  async function startBackend(rawRows: AuthorizeResult) {
    const knex = await databases.init('POSTGRES_18');
    const asked = new Array<string>();
    const { server } = await startTestBackend({
      features: [
        finopsPlugin,
        mockServices.database.factory({ knex }),
        mockServices.permissions.mock({
          authorize: async (requests: EvaluatePermissionRequest[]) =>
            requests.map(({ permission }) => {
              asked.push(permission.name);
              return {
                result:
                  permission.name === 'finops.rawRows.read'
                    ? rawRows
                    : AuthorizeResult.ALLOW,
              };
            }) as any,
        }).factory,
        catalogServiceMock.factory({ entities: [] }),
        finopsTestConfig(),
      ],
    });
    return { server, knex, asked };
  }

  async function runWithRejectedRows(knex: Knex) {
    const [{ run_id: runId }] = await knex('ingestion_run')
      .insert({
        trigger: 'manual',
        status: 'succeeded',
        finished_at: knex.fn.now(),
      })
      .returning('run_id');
    const row = (line: string, reason: string) => ({
      run_id: runId,
      source_key: 'aws',
      period_month: '2026-03-01',
      domain_key: 'AWS',
      line: `aws:123456789012:2026-03-04:${line}:Owner=alice@corp`,
      reason,
      raw: JSON.stringify(RAW),
    });
    await knex('ingestion_rejected_row').insert([
      row('AmazonEC2', "bad number: billedAmount 'twelve'"),
      row('AmazonS3', "bad number: billedAmount 'x'"),
      row(
        'AmazonRDS',
        'unknown entity: component:default/alice-app is not a component of the catalog',
      ),
    ]);
    return Number(runId);
  }

  const reasons = [
    {
      sourceKey: 'aws',
      domainKey: 'AWS',
      month: '2026-03',
      reason: 'bad number',
      rows: 2,
    },
    {
      sourceKey: 'aws',
      domainKey: 'AWS',
      month: '2026-03',
      reason: 'unknown entity',
      rows: 1,
    },
  ];

  it('shows the rows to a caller with the permission', async () => {
    const { server, knex, asked } = await startBackend(AuthorizeResult.ALLOW);
    const runId = await runWithRejectedRows(knex);
    const run = await request(server).get(
      `/api/finops/ingestion/runs/${runId}`,
    );
    expect(run.status).toBe(200);
    expect(asked).toContain('finops.rawRows.read');
    expect(run.body.rawRowsWithheld).toBe(false);
    expect(run.body.rejectedReasons).toEqual(reasons);
    expect(run.body.rejected).toHaveLength(3);
    expect(run.body.rejected[0]).toMatchObject({
      sourceKey: 'aws',
      reason: "bad number: billedAmount 'twelve'",
      raw: RAW,
    });
  });

  it('gives counts and reasons only, without accounts, ARNs or tags, to a caller without it', async () => {
    const { server, knex } = await startBackend(AuthorizeResult.DENY);
    const runId = await runWithRejectedRows(knex);
    const run = await request(server).get(
      `/api/finops/ingestion/runs/${runId}`,
    );
    expect(run.status).toBe(200);
    expect(run.body).toMatchObject({
      runId,
      rawRowsWithheld: true,
      rejectedReasons: reasons,
      rejected: [],
    });
    expect(JSON.stringify(run.body)).not.toMatch(
      /123456789012|arn:aws|alice|twelve/,
    );
  });
});
