import { TtlCache } from './TtlCache';

describe('TtlCache', () => {
  it('reuses an answer until it expires, and never keeps a failure', async () => {
    let now = 0;
    const cache = new TtlCache<number>(1_000, 2, () => now);
    let calls = 0;
    const load = async () => {
      calls += 1;
      return calls;
    };
    expect(await cache.get('a', load)).toBe(1);
    now = 999;
    expect(await cache.get('a', load)).toBe(1);
    now = 1_000;
    expect(await cache.get('a', load)).toBe(2);

    await expect(
      cache.get('b', () => Promise.reject(new Error('catalog down'))),
    ).rejects.toThrow('catalog down');
    expect(await cache.get('b', load)).toBe(3);
  });

  it('drops the oldest entries beyond its size', async () => {
    const cache = new TtlCache<string>(60_000, 2, () => 0);
    await cache.get('a', async () => 'first a');
    await cache.get('b', async () => 'b');
    await cache.get('c', async () => 'c');
    expect(await cache.get('a', async () => 'second a')).toBe('second a');
  });
});
