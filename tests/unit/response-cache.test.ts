import { answerKey, matches } from '../../src/server/graphql-http';
import { ResponseCache } from '../../src/server/response-cache';

describe('the response cache', () => {
  it('keeps answers within its bytes, dropping the least recently used first', () => {
    // Each entry: (body + key) * 2 + 200 = 382 bytes; eight fit in 3,200, a ninth does not.
    const cache = new ResponseCache(3_200);
    const body = 'x'.repeat(90);
    const keys = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'];
    for (const key of keys) cache.set(key, body);
    expect(cache.stats()).toMatchObject({ entries: 8, bytes: 8 * 382 });
    // Using `a` makes `b` the least recently used.
    expect(cache.get('a')?.body).toBe(body);
    cache.set('i', body);
    expect(cache.get('b')).toBeUndefined();
    for (const key of ['a', 'c', 'd', 'e', 'f', 'g', 'h', 'i'])
      expect(cache.get(key)?.body).toBe(body);
    expect(cache.stats()).toMatchObject({ entries: 8, hits: 9, misses: 1 });
    expect(cache.stats().bytes).toBeLessThanOrEqual(3_200);
  });

  it('does not keep an answer larger than an eighth of it, and replaces a key in place', () => {
    const cache = new ResponseCache(8_000);
    cache.set('big', 'x'.repeat(1_000));
    expect(cache.get('big')).toBeUndefined();
    expect(cache.stats().tooLarge).toBe(1);
    cache.set('k', 'one');
    cache.set('k', 'two');
    expect(cache.get('k')?.body).toBe('two');
    expect(cache.stats()).toMatchObject({ entries: 1, bytes: (3 + 1) * 2 + 200 });
    cache.clear();
    expect(cache.stats()).toMatchObject({ entries: 0, bytes: 0 });
    expect(cache.get('k')).toBeUndefined();
  });
});

describe('answer keys and ETags', () => {
  const version = { version: 7, graphId: 'g', changedAt: '' };
  const read = { document: 'abc', operationName: null, variables: { b: 1, a: [1, 2] } };

  it('keys by graph, version, document, operation, variables (in any key order) and roles', () => {
    const key = answerKey(version, read, 'anonymous');
    expect(answerKey(version, { ...read, variables: { a: [1, 2], b: 1 } }, 'anonymous')).toBe(key);
    for (const other of [
      answerKey({ ...version, version: 8 }, read, 'anonymous'),
      answerKey({ ...version, graphId: 'h' }, read, 'anonymous'),
      answerKey(version, { ...read, document: 'abd' }, 'anonymous'),
      answerKey(version, { ...read, operationName: 'Q' }, 'anonymous'),
      answerKey(version, { ...read, variables: { a: [2, 1], b: 1 } }, 'anonymous'),
      answerKey(version, read, 'reader'),
    ])
      expect(other).not.toBe(key);
  });

  it('matches If-None-Match weakly, in a list, or *', () => {
    const etag = 'W/"7-abc"';
    expect(matches(etag, etag)).toBe(true);
    expect(matches('"7-abc"', etag)).toBe(true);
    expect(matches('W/"6-xyz", W/"7-abc"', etag)).toBe(true);
    expect(matches('*', etag)).toBe(true);
    expect(matches('W/"7-abd"', etag)).toBe(false);
    expect(matches(undefined, etag)).toBe(false);
  });
});
