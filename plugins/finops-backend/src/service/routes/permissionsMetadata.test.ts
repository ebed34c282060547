import { TestDatabases } from '@backstage/backend-test-utils';
import {
  FINOPS_BUDGET_RESOURCE_TYPE,
  finopsPermissions,
} from '@finops-backstage/plugin-finops-common';
import request from 'supertest';
import { startFinops } from './__testUtils__/testBackend';

jest.setTimeout(60_000);

describe('permissions metadata', () => {
  const databases = TestDatabases.create({ ids: ['POSTGRES_18'] });

  it('lists every permission of the plugin, and the budget resource type with its rule', async () => {
    const knex = await databases.init('POSTGRES_18');
    const { server } = await startFinops(knex, { entities: [] });
    const { body } = await request(server)
      .get('/api/finops/.well-known/backstage/permissions/metadata')
      .expect(200);
    const names = (body.permissions as Array<{ name: string }>)
      .map(permission => permission.name)
      .sort();
    expect(names).toEqual(
      finopsPermissions.map(permission => permission.name).sort(),
    );
    expect(names).toEqual([
      'finops.actions.use',
      'finops.budget.create',
      'finops.budget.delete',
      'finops.budget.update',
      'finops.chargeback.close',
      'finops.domain.update',
      'finops.pricingView.create',
      'finops.pricingView.delete',
      'finops.pricingView.update',
      'finops.rawRows.read',
      'finops.run.trigger',
    ]);
    expect(body.rules).toEqual([
      expect.objectContaining({
        name: 'IS_SCOPE_OWNER',
        resourceType: FINOPS_BUDGET_RESOURCE_TYPE,
      }),
    ]);
  });
});
