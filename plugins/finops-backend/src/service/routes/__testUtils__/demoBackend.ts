import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import {
  BackendFeature,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { JsonObject } from '@backstage/types';
import { Knex } from 'knex';
import fs from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import { parseAllDocuments } from 'yaml';
import { finopsPlugin } from '../../../plugin';
import { demoSources, finopsTestConfig, waitForRun } from './testBackend';
import {
  CatalogService,
  catalogServiceRef,
} from '@backstage/plugin-catalog-node';

/** The demo catalog, with the relations the catalog would compute for the groups. */
export function demoEntities(): Entity[] {
  const root = path.resolve(__dirname, '../../../../../../examples');
  const entities = ['entities.yaml', 'org.yaml'].flatMap(file =>
    parseAllDocuments(fs.readFileSync(path.join(root, file), 'utf8'))
      .map(doc => doc.toJS() as Entity)
      .filter(Boolean),
  );
  return entities.map(entity => {
    const children = (entity.spec?.children as string[] | undefined) ?? [];
    return {
      ...entity,
      metadata: { namespace: 'default', ...entity.metadata },
      relations: children.map(child => ({
        type: 'parentOf',
        targetRef: `group:default/${child}`,
      })),
    };
  });
}

/**
 * A backend with the demo of `months` months and its shared-tooling source, as app-config.yaml
 * has them, once its first ingestion run has loaded them.
 */
export async function startDemo(
  knex: Knex,
  months: number,
  options: {
    /** Features added (or replacing the allow-all permissions). */
    features?: BackendFeature[];
    permissions?: BackendFeature;
    /** Root config beside `finops`. */
    config?: JsonObject;
    /** `finops` settings beside the demo's. */
    finops?: JsonObject;
    /** A catalog of the test's own, instead of the demo catalog's mock. */
    catalog?: CatalogService;
  } = {},
) {
  const { server } = await startTestBackend({
    features: [
      finopsPlugin,
      ...(options.features ?? []),
      mockServices.database.factory({ knex }),
      options.permissions ??
        mockServices.permissions.factory({ result: AuthorizeResult.ALLOW }),
      options.catalog
        ? createServiceFactory({
            service: catalogServiceRef,
            deps: {},
            factory: () => options.catalog!,
          })
        : catalogServiceMock.factory({ entities: demoEntities() }),
      finopsTestConfig(
        {
          alerts: { enabled: false },
          sources: demoSources(months),
          ...options.finops,
        },
        options.config,
      ),
    ],
  });
  const run = await request(server)
    .post('/api/finops/ingestion/runs')
    .send({})
    .expect(202);
  const finished = await waitForRun(knex, run.body.runId, {
    attempts: 3000,
    intervalMs: 200,
  });
  if (finished.status !== 'succeeded') {
    throw new Error(`the demo's run ${finished.status}: ${finished.detail}`);
  }
  return server;
}

/** The what-if view `compute-cut`: a child of actual with the compute family at 0.8 over a period. */
export async function createComputeCut(
  server: any,
  period: { validFrom: string; validTo?: string },
) {
  await request(server)
    .post('/api/finops/pricing-views')
    .send({
      key: 'compute-cut',
      name: 'Compute at 80 %',
      kind: 'what-if',
      currency: 'USD',
      parent: 'actual',
    })
    .expect(201);
  await request(server)
    .post('/api/finops/pricing-views/compute-cut/rules')
    .send([{ family: 'compute', multiplier: '0.8', ...period }])
    .expect(201);
}
