import { productOf } from './productOf';

describe('productOf', () => {
  it('makes a metered product of a meter, with its family and domain', () => {
    expect(
      productOf(
        'm-1',
        {
          name: 'D2s v3',
          service: 'Azure SQL Database',
          location: 'westeurope',
          locations: ['northeurope', 'westeurope'],
          unit: '1 Hour',
        },
        'EUR',
      ),
    ).toEqual({
      product: {
        key: 'azure:m-1',
        name: 'D2s v3',
        unit: '1 Hour',
        provider: 'azure',
        service: 'Azure SQL Database',
        region: 'westeurope',
        familyKey: 'database',
        attributes: { meterId: 'm-1', locations: 'northeurope, westeurope' },
      },
      domainKey: 'DATABASES',
      metered: true,
    });
  });

  it('meters in the currency what has no meter or no unit', () => {
    expect(productOf('', {}, 'USD')).toEqual({
      product: {
        key: 'azure:unmetered:Azure',
        name: 'Azure charges',
        unit: 'USD',
        provider: 'azure',
        service: 'Azure',
        familyKey: 'other',
      },
      domainKey: 'CLOUD',
      metered: false,
    });
    expect(productOf('m-2', { service: 'Storage' }, 'EUR').product).toEqual(
      expect.objectContaining({
        name: 'Azure meter m-2',
        unit: 'EUR',
        familyKey: 'storage',
      }),
    );
  });
});
