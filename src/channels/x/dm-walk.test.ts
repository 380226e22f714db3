// Reading DMs once each, against the simulator: what an idle poll reads, and a backlog read
// across polls without passing what is not stored.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startSim, type SimFixture } from '../../../sim/x/testing.ts';
import { createRateBudget } from '../../core/social/rate-budget.ts';
import type { InboundBatch } from '../types.ts';
import { createXApi, type XApi } from './api.ts';
import { dmCatchingUp, fetchDirectMessages, formatDmCursor, MAX_DM_PAGES_PER_POLL, nextPageSize, parseDmCursor, walkBatches } from './dm-walk.ts';
import type { XList } from './map.ts';

describe('the DM cursor', () => {
  it.each([
    [null, { known: null, top: null, next: null, read: 0 }],
    ['123', { known: '123', top: null, next: null, read: 0 }],
    ['walk:{"known":"5","top":"9","next":"p1","read":300}', { known: '5', top: '9', next: 'p1', read: 300 }],
    ['walk:{"known":"x; drop","top":9,"next":"p1","read":-1}', { known: null, top: null, next: 'p1', read: 0 }],
    ['walk:not json', { known: null, top: null, next: null, read: 0 }],
  ])('parses %s', (cursor, expected) => {
    expect(parseDmCursor(cursor)).toEqual(expected);
  });

  it('formats a finished walk as the newest id, a walk in progress with its state', () => {
    expect(formatDmCursor({ known: '5', top: '9', next: null, read: 10 })).toBe('9');
    expect(formatDmCursor({ known: '5', top: null, next: null, read: 0 })).toBe('5');
    const walking = formatDmCursor({ known: '5', top: '9', next: 'p1', read: 10 });
    expect(parseDmCursor(walking)).toEqual({ known: '5', top: '9', next: 'p1', read: 10 });
    expect(dmCatchingUp(walking)).toBe(10);
    expect(dmCatchingUp('9')).toBeNull();
    expect(dmCatchingUp(null)).toBeNull();
  });

  it('widens pages tenfold up to 100', () => {
    expect([1, 10, 100].map(nextPageSize)).toEqual([10, 100, 100]);
  });

  it('keeps the start cursor on every batch but the last while the walk is not done', () => {
    const entity = (id: string) => ({ externalId: id }) as never;
    const many = Array.from({ length: 150 }, (_, i) => entity(String(1000 + i)));
    expect(walkBatches(many, 'start', 'end').map((b) => [b.entities.length, b.cursor])).toEqual([[100, 'start'], [50, 'end']]);
    // Done: everything above the stored cursor was read, so each batch may pass its own ids.
    expect(walkBatches(many, null, '2000').map((b) => [b.entities.length, b.cursor])).toEqual([[100, '1099'], [50, '2000']]);
    expect(walkBatches([], 'start', 'end')).toEqual([{ entities: [], cursor: 'end' }]);
    expect(walkBatches([], 'same', 'same')).toEqual([]);
  });
});

describe('fetchDirectMessages against the simulator', () => {
  let fx: SimFixture;
  let api: XApi;
  let reads: { query: Record<string, string>; resources: number }[];
  const account = () => ({ id: fx.account.id, username: fx.account.username, name: fx.account.name });
  const longAgo = new Date('2020-01-01T00:00:00Z');

  function countingApi(budget?: ReturnType<typeof createRateBudget>): XApi {
    const real = createXApi({ credentials: { ...fx.account }, account: account(), apiUrl: fx.running.url, ...(budget ? { rateBudget: budget } : {}) });
    return {
      ...real,
      async get<T>(endpoint: string, path: string, query: Record<string, string> = {}): Promise<T> {
        const answer = await real.get<XList<unknown>>(endpoint, path, query);
        reads.push({ query, resources: (answer.data?.length ?? 0) + (answer.includes?.users?.length ?? 0) });
        return answer as T;
      },
    };
  }

  beforeEach(async () => {
    fx = await startSim({ rateWindowMs: 60_000 });
    reads = [];
    api = countingApi();
  });
  afterEach(() => fx.close());

  const ids = (batches: InboundBatch[]) => batches.flatMap((b) => b.entities.map((e) => e.externalId));

  it('an idle poll reads one DM event and no user', async () => {
    const alice = fx.sim.state.createUser({ username: 'alice', name: 'Alice' });
    for (let i = 0; i < 30; i++) fx.sim.state.createDm({ senderId: alice.id, recipientId: fx.account.id, text: `dm ${i}` });
    const first = await fetchDirectMessages(api, account(), null, longAgo);
    expect(ids(first)).toHaveLength(30);
    reads = [];
    expect(await fetchDirectMessages(api, account(), first.at(-1)!.cursor, longAgo)).toEqual([]);
    expect(reads).toEqual([{ query: { max_results: '1', event_types: 'MessageCreate', 'dm_event.fields': expect.any(String) }, resources: 1 }]);
  });

  it('reads a backlog deeper than one poll across polls, each event once, and says how far it is', async () => {
    const alice = fx.sim.state.createUser({ username: 'alice', name: 'Alice' });
    const old = fx.sim.state.createDm({ senderId: alice.id, recipientId: fx.account.id, text: 'stored long ago' });
    const backlog = Array.from({ length: MAX_DM_PAGES_PER_POLL * 100 + 250 }, (_, i) => fx.sim.state.createDm({ senderId: alice.id, recipientId: fx.account.id, text: `dm ${i}` }).id);
    // X's 15 lookups per window bound a poll; a budget that knows it stops the walk before a 429.
    let budget = createRateBudget();
    api = countingApi(budget);
    let cursor: string | null = old.id;
    const seen: string[] = [];
    const progress: (number | null)[] = [];
    for (let poll = 0; poll < 10 && (seen.length < backlog.length || dmCatchingUp(cursor) !== null); poll++) {
      const batches = await fetchDirectMessages(api, account(), cursor, longAgo);
      seen.push(...ids(batches));
      cursor = batches.at(-1)?.cursor ?? cursor;
      progress.push(dmCatchingUp(cursor));
      if (budget.available('GET /2/dm_events', Date.now(), 1) < 1) {
        // The next window: X forgets the used one, and so does a budget read after its reset.
        fx.sim.state.rateWindows.clear();
        budget = createRateBudget();
        api = countingApi(budget);
      }
    }
    expect(new Set(seen).size).toBe(seen.length);
    expect([...seen].sort()).toEqual([...backlog].sort());
    expect(cursor).toBe(backlog.at(-1));
    expect(progress.at(-1)).toBeNull();
    expect(progress[0]).toBeGreaterThan(1000);
    expect(progress.length).toBeGreaterThan(2);
  });

  it('starts a walk over when X no longer takes its stored token, still reading each new event', async () => {
    const alice = fx.sim.state.createUser({ username: 'alice', name: 'Alice' });
    const stored = fx.sim.state.createDm({ senderId: alice.id, recipientId: fx.account.id, text: 'stored' });
    const fresh = Array.from({ length: 5 }, (_, i) => fx.sim.state.createDm({ senderId: alice.id, recipientId: fx.account.id, text: `new ${i}` }).id);
    const stale = formatDmCursor({ known: stored.id, top: fresh.at(-1)!, next: 'expired-token', read: 3 });
    const batches = await fetchDirectMessages(api, account(), stale, longAgo);
    expect(ids(batches)).toEqual(fresh);
    expect(batches.at(-1)!.cursor).toBe(fresh.at(-1));
  });
});
