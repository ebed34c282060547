import { TestDatabases } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { migrateMart } from '../database/operations/migrateMart';
import {
  applicationFromEntity,
  syncApplications,
} from './operations/syncApplications';

jest.setTimeout(60_000);

function component(
  name: string,
  owner: string,
  annotations: Record<string, string> = {},
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, namespace: 'default', annotations },
    spec: { owner, type: 'service', lifecycle: 'production' },
  };
}

describe('applicationFromEntity', () => {
  it('maps by app=<name> unless the annotation says otherwise', () => {
    expect(
      applicationFromEntity(component('cart-service', 'checkout-team')),
    ).toEqual({
      entityRef: 'component:default/cart-service',
      ownerRef: 'group:default/checkout-team',
      name: 'cart-service',
      tagSelectors: ['app=cart-service'],
      accountKeys: [],
    });
    expect(
      applicationFromEntity(
        component('ledger', 'user:grace', {
          'finops.backstage.io/tags': 'App=Ledger, cost-center = CC-42, broken',
          'finops.backstage.io/accounts': '333333333333, 444444444444',
        }),
      ),
    ).toMatchObject({
      ownerRef: 'user:default/grace',
      tagSelectors: ['app=ledger', 'cost-center=cc-42'],
      accountKeys: ['333333333333', '444444444444'],
    });
  });
});

describe('syncApplications', () => {
  const databases = TestDatabases.create({ ids: ['POSTGRES_18'] });

  it('follows owner changes, soft-deletes components that left the catalog and brings them back', async () => {
    const knex = await databases.init('POSTGRES_18');
    await migrateMart(knex);
    const cart = applicationFromEntity(
      component('cart-service', 'checkout-team'),
    );
    const search = applicationFromEntity(component('search-api', 'data'));

    expect(
      (await syncApplications(knex, [cart, search]))
        .map(a => a.entityRef)
        .sort(),
    ).toEqual([
      'component:default/cart-service',
      'component:default/search-api',
    ]);

    const moved = { ...cart, ownerRef: 'group:default/payments-team' };
    const live = await syncApplications(knex, [moved]);
    expect(live.map(a => a.entityRef)).toEqual([
      'component:default/cart-service',
    ]);
    const rows = await knex('dim_application')
      .whereNotNull('entity_ref')
      .orderBy('entity_ref')
      .select(
        'entity_ref',
        'owner_ref',
        knex.raw('deleted_at IS NOT NULL AS deleted'),
      );
    expect(rows).toEqual([
      {
        entity_ref: 'component:default/cart-service',
        owner_ref: 'group:default/payments-team',
        deleted: false,
      },
      {
        entity_ref: 'component:default/search-api',
        owner_ref: 'group:default/data',
        deleted: true,
      },
    ]);

    // A catalog that answers nothing is not yet read: nothing is deleted.
    expect(await syncApplications(knex, [])).toHaveLength(1);

    await syncApplications(knex, [moved, search]);
    expect(
      await knex('dim_application')
        .whereNotNull('deleted_at')
        .whereNotNull('entity_ref')
        .count({ n: '*' }),
    ).toEqual([{ n: '0' }]);
  });
});
