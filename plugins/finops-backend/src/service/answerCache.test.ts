import { AnswerCache, answerKey } from './answerCache';

describe('AnswerCache', () => {
  const limits = { ttlMs: 1000, maxEntries: 3, maxBytes: 100 };

  it('computes an answer once while it lives, and again once it expired', async () => {
    let clock = 0;
    const cache = new AnswerCache(limits, () => clock);
    const compute = jest.fn(async () => 'answer');
    expect(await cache.get('a', compute)).toBe('answer');
    clock = 999;
    expect(await cache.get('a', compute)).toBe('answer');
    expect(compute).toHaveBeenCalledTimes(1);
    clock = 1000;
    await cache.get('a', compute);
    expect(compute).toHaveBeenCalledTimes(2);
  });

  it('shares a computation in progress and keeps no failure', async () => {
    const cache = new AnswerCache(limits);
    let finish = (_body: string) => {};
    const compute = jest.fn(
      () => new Promise<string>(resolve => (finish = resolve)),
    );
    const [first, second] = [cache.get('a', compute), cache.get('a', compute)];
    finish('shared');
    expect(await Promise.all([first, second])).toEqual(['shared', 'shared']);
    expect(compute).toHaveBeenCalledTimes(1);

    await expect(
      cache.get('b', () => Promise.reject(new Error('no'))),
    ).rejects.toThrow('no');
    expect(await cache.get('b', async () => 'then yes')).toBe('then yes');
  });

  it('drops the least recently used beyond its entries or its bytes', async () => {
    const cache = new AnswerCache(limits);
    for (const key of ['a', 'b', 'c']) await cache.get(key, async () => key);
    await cache.get('a', async () => 'recomputed'); // a is used: b is now the oldest
    await cache.get('d', async () => 'd');
    expect(cache.size).toEqual({ entries: 3, bytes: 3 });
    expect(await cache.get('b', async () => 'b again')).toBe('b again');
    expect(await cache.get('a', async () => 'recomputed')).toBe('a');

    // 60 + 60 bytes do not fit in 100: the older goes.
    await cache.get('big1', async () => 'x'.repeat(60));
    await cache.get('big2', async () => 'y'.repeat(60));
    expect(cache.size.bytes).toBeLessThanOrEqual(100);
    expect(await cache.get('big1', async () => 'gone')).toBe('gone');
  });

  it('keys on everything given, in order', () => {
    expect(answerKey(['s1', [1, 2], { view: 'actual' }])).toBe(
      answerKey(['s1', [1, 2], { view: 'actual' }]),
    );
    expect(answerKey(['s1', [1, 2]])).not.toBe(answerKey(['s2', [1, 2]]));
    expect(answerKey(['s1', [1, 2]])).not.toBe(answerKey(['s1', [1, 3]]));
  });
});
