import { Answer, AnswerCache, answerKey, jsonAnswer } from './answerCache';

/** An answer of a text, and the text of an answer. */
const answerOf = async (text: string): Promise<Answer> => ({
  body: Buffer.from(text),
  etag: `"${text}"`,
});
const textOf = async (answer: Promise<Answer>) =>
  (await answer).body.toString();

describe('AnswerCache', () => {
  const limits = { ttlMs: 1000, maxEntries: 3, maxBytes: 100 };

  it('computes an answer once while it lives, and again once it expired', async () => {
    let clock = 0;
    const cache = new AnswerCache(limits, () => clock);
    const compute = jest.fn(() => answerOf('answer'));
    expect(await textOf(cache.get('a', compute))).toBe('answer');
    clock = 999;
    expect(await textOf(cache.get('a', compute))).toBe('answer');
    expect(compute).toHaveBeenCalledTimes(1);
    clock = 1000;
    await cache.get('a', compute);
    expect(compute).toHaveBeenCalledTimes(2);
  });

  it('shares a computation in progress and keeps no failure', async () => {
    const cache = new AnswerCache(limits);
    let finish = (_answer: Answer) => {};
    const compute = jest.fn(
      () => new Promise<Answer>(resolve => (finish = resolve)),
    );
    const [first, second] = [cache.get('a', compute), cache.get('a', compute)];
    finish(await answerOf('shared'));
    expect(await Promise.all([textOf(first), textOf(second)])).toEqual([
      'shared',
      'shared',
    ]);
    expect(compute).toHaveBeenCalledTimes(1);

    await expect(
      cache.get('b', () => Promise.reject(new Error('no'))),
    ).rejects.toThrow('no');
    expect(await textOf(cache.get('b', () => answerOf('then yes')))).toBe(
      'then yes',
    );
  });

  it('drops the least recently used beyond its entries or its bytes', async () => {
    const cache = new AnswerCache(limits);
    for (const key of ['a', 'b', 'c'])
      await cache.get(key, () => answerOf(key));
    // a is used again: b is now the oldest, and goes when d comes.
    await cache.get('a', () => answerOf('recomputed'));
    await cache.get('d', () => answerOf('d'));
    expect(cache.size).toEqual({ entries: 3, bytes: 3 });
    expect(await textOf(cache.get('b', () => answerOf('b again')))).toBe(
      'b again',
    );
    expect(await textOf(cache.get('a', () => answerOf('recomputed')))).toBe(
      'a',
    );

    // 60 + 60 bytes do not fit in 100: the older goes.
    await cache.get('big1', () => answerOf('x'.repeat(60)));
    await cache.get('big2', () => answerOf('y'.repeat(60)));
    expect(cache.size.bytes).toBeLessThanOrEqual(100);
    expect(await textOf(cache.get('big1', () => answerOf('gone')))).toBe(
      'gone',
    );
  });

  it('keys on everything given, in order', () => {
    expect(answerKey(['s1', [1, 2], { view: 'actual' }])).toBe(
      answerKey(['s1', [1, 2], { view: 'actual' }]),
    );
    expect(answerKey(['s1', [1, 2]])).not.toBe(answerKey(['s2', [1, 2]]));
    expect(answerKey(['s1', [1, 2]])).not.toBe(answerKey(['s1', [1, 3]]));
  });

  it('serialises a JSON answer with an ETag of its bytes', () => {
    const answer = jsonAnswer({ total: '1.00' });
    expect(answer.body.toString()).toBe('{"total":"1.00"}');
    expect(answer.etag).toMatch(/^"[\w-]+"$/);
    expect(jsonAnswer({ total: '1.00' }).etag).toBe(answer.etag);
    expect(jsonAnswer({ total: '1.01' }).etag).not.toBe(answer.etag);
  });
});
