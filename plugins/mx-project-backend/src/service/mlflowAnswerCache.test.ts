import { Readable } from 'node:stream';
import {
  answerCachePolicy,
  createMlflowAnswerCache,
} from './mlflowAnswerCache';

function clock() {
  let now = 1_000;
  return { now: () => now, advance: (ms: number) => void (now += ms) };
}

const ended = (stream: Readable) =>
  new Promise<void>(resolve => {
    stream.on('close', () => resolve());
    stream.resume();
  });

describe('createMlflowAnswerCache', () => {
  it('gives a stored answer back with its age until the TTL passes', () => {
    const perf = clock();
    const cache = createMlflowAnswerCache({
      ttlMs: 5_000,
      maxBytes: 1_000,
      maxEntryBytes: 500,
      perf,
    });
    cache.set('a', Buffer.from('{"runs":[]}'));
    perf.advance(2_500);
    expect(cache.get('a')).toEqual({
      body: Buffer.from('{"runs":[]}'),
      ageSeconds: 2,
    });
    perf.advance(2_501);
    expect(cache.get('a')).toBeUndefined();
  });

  it('keeps no answer larger than maxEntryBytes, and drops the least recently used past maxBytes', () => {
    const cache = createMlflowAnswerCache({
      ttlMs: 60_000,
      maxBytes: 300,
      maxEntryBytes: 150,
      perf: clock(),
    });
    cache.set('big', Buffer.alloc(151));
    expect(cache.get('big')).toBeUndefined();

    cache.set('a', Buffer.alloc(100));
    cache.set('b', Buffer.alloc(100));
    cache.get('a'); // a is now more recent than b
    cache.set('c', Buffer.alloc(150));
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')?.body).toHaveLength(100);
    expect(cache.get('c')?.body).toHaveLength(150);
  });

  it('stores a streamed answer once it ended complete, as the bytes that flowed', async () => {
    const cache = createMlflowAnswerCache({
      ttlMs: 60_000,
      maxBytes: 1_000,
      maxEntryBytes: 500,
      perf: clock(),
    });
    const stream = Readable.from([Buffer.from('{"runs":'), Buffer.from('[]}')]);
    cache.collect('runs', stream);
    await ended(stream);
    expect(cache.get('runs')?.body.toString()).toBe('{"runs":[]}');
  });

  it('stores nothing of a stream that was cut, or that grew past maxEntryBytes', async () => {
    const cache = createMlflowAnswerCache({
      ttlMs: 60_000,
      maxBytes: 1_000,
      maxEntryBytes: 10,
      perf: clock(),
    });
    const cut = new Readable({ read() {} });
    cache.collect('cut', cut);
    cut.on('error', () => undefined); // the route's pipe reports it
    cut.push(Buffer.from('{"runs":['));
    cut.destroy(new Error('upstream went away'));
    await ended(cut);
    expect(cache.get('cut')).toBeUndefined();

    const large = Readable.from([Buffer.alloc(6), Buffer.alloc(6)]);
    cache.collect('large', large);
    await ended(large);
    expect(cache.get('large')).toBeUndefined();
  });
});

describe('answerCachePolicy', () => {
  it.each([
    [{ 'cache-control': 'no-cache' }, { lookup: false, store: true }],
    [{ 'cache-control': 'max-age=0' }, { lookup: false, store: true }],
    [{ pragma: 'no-cache' }, { lookup: false, store: true }],
    [{ 'cache-control': 'no-store, private' }, { lookup: false, store: false }],
    [{ 'cache-control': 'max-age=60' }, { lookup: true, store: true }],
    [{}, { lookup: true, store: true }],
  ])('%j → %j', (headers, policy) => {
    expect(answerCachePolicy(headers)).toEqual(policy);
  });
});
