import {
  BackendFeature,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import {
  CatalogService,
  catalogServiceRef,
} from '@backstage/plugin-catalog-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { JsonObject } from '@backstage/types';
import { Knex } from 'knex';
import request from 'supertest';
import { finopsPlugin } from '../../../plugin';

/**
 * The root config of a route test: the batch scheduled far enough away that only the test starts
 * it, the test's own `finops` settings, and any other root keys it needs.
 */
export function finopsTestConfig(
  finops: JsonObject = {},
  root: JsonObject = {},
) {
  return mockServices.rootConfig.factory({
    data: {
      ...root,
      finops: {
        ingestion: {
          schedule: {
            frequency: { hours: 24 },
            timeout: { minutes: 5 },
            initialDelay: { hours: 1 },
          },
        },
        ...finops,
      },
    },
  });
}

/** Waits for an ingestion run started through the route to finish, and returns its row. */
export async function waitForRun(
  knex: Knex,
  runId: number,
  options: { attempts: number; intervalMs: number } = {
    attempts: 100,
    intervalMs: 100,
  },
) {
  for (let i = 0; i < options.attempts; i += 1) {
    const run = await knex('ingestion_run').where({ run_id: runId }).first();
    if (run.status !== 'running') return run;
    await new Promise(resolve => setTimeout(resolve, options.intervalMs));
  }
  throw new Error('run did not finish');
}

/** The indirect source `SHARED` of the route tests: `monthlyAmount` a month split equally. */
export function equalSplitSource(monthlyAmount: string, months: number) {
  return {
    domain: 'SHARED',
    method: 'components',
    label: 'Equal split',
    monthlyAmount,
    months,
  };
}

/** The demo's sources as app-config.yaml has them, over `months` months. */
export function demoSources(months: number) {
  return {
    demo: { enabled: true, months },
    indirect: [
      {
        domain: 'SHARED_TOOLING',
        name: 'Shared tooling',
        method: 'components',
        label: 'Split equally over the components of the catalog',
        monthlyAmount: '12000.00',
        months,
      },
    ],
  };
}

/** `component:default/cart-service`, owned by checkout-team. */
export const CART_SERVICE: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'cart-service', namespace: 'default' },
  spec: { owner: 'checkout-team' },
};

/**
 * The plugin on `knex` with the test config (`finops` and other `root` keys), a catalog of
 * `entities` (or the test's own `catalog`), and permissions that answer `result` (the test
 * backend's default when omitted).
 */
export function startFinops(
  knex: Knex,
  options: {
    entities?: Entity[];
    catalog?: CatalogService;
    result?: AuthorizeResult.ALLOW | AuthorizeResult.DENY;
    finops?: JsonObject;
    root?: JsonObject;
    features?: BackendFeature[];
  } = {},
) {
  return startTestBackend({
    features: [
      finopsPlugin,
      mockServices.database.factory({ knex }),
      ...(options.result
        ? [mockServices.permissions.factory({ result: options.result })]
        : []),
      ...(options.entities
        ? [catalogServiceMock.factory({ entities: options.entities })]
        : []),
      ...(options.catalog
        ? [
            createServiceFactory({
              service: catalogServiceRef,
              deps: {},
              factory: () => options.catalog!,
            }),
          ]
        : []),
      ...(options.features ?? []),
      finopsTestConfig(options.finops, options.root),
    ],
  });
}

/** Starts an ingestion run through the route (`body` its request) and waits for its row. */
export async function ingest(
  server: any,
  knex: Knex,
  body: JsonObject = { months: ['2026-03'] },
) {
  const { body: run } = await request(server)
    .post('/api/finops/ingestion/runs')
    .send(body);
  return waitForRun(knex, run.runId);
}

/** Entities of a test catalog, from their kind, name and the parts a test sets. */
export function catalogEntities(
  items: Array<{
    kind: string;
    name: string;
    spec?: JsonObject;
    relations?: Array<{ type: string; targetRef: string }>;
    annotations?: Record<string, string>;
  }>,
): Entity[] {
  return items.map(({ kind, name, spec, relations, annotations }) => ({
    apiVersion: 'backstage.io/v1alpha1',
    kind,
    metadata: {
      name,
      namespace: 'default',
      ...(annotations ? { annotations } : {}),
    },
    spec: spec ?? {},
    relations: relations ?? [],
  }));
}

/** The groups `commerce` and its child `checkout-team`, with the relations the catalog computes. */
export const COMMERCE_GROUPS = [
  {
    kind: 'Group',
    name: 'commerce',
    relations: [{ type: 'parentOf', targetRef: 'group:default/checkout-team' }],
  },
  {
    kind: 'Group',
    name: 'checkout-team',
    relations: [{ type: 'childOf', targetRef: 'group:default/commerce' }],
  },
];
