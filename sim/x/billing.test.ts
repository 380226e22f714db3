import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { resourcesInAnswer } from './billing.ts';
import { startSim, type SimFixture } from './testing.ts';
import type { SimTweet, SimUser } from './state.ts';

interface Bill {
  total: { reads: Record<string, number>; returned: Record<string, number>; writes: Record<string, number>; usd: number };
  days: Record<string, { usd: number }>;
}

let fx: SimFixture;
let clock: number;
let alice: SimUser;
let bob: SimUser;
beforeEach(async () => {
  clock = Date.parse('2026-12-01T10:00:00Z');
  fx = await startSim({ now: () => clock });
  alice = await fx.control<SimUser>('POST', '/_sim/users', { username: 'alice', name: 'Alice' });
  bob = await fx.control<SimUser>('POST', '/_sim/users', { username: 'bob', name: 'Bob' });
});
afterEach(() => fx.close());

const bill = () => fx.control<Bill>('GET', `/_sim/accounts/${fx.account.id}/bill`);
const signed = (method: string, path: string, json?: unknown) =>
  fx.signedFetch(method, path, { timestamp: Math.floor(clock / 1000), ...(json === undefined ? {} : { json }) });

describe('resourcesInAnswer', () => {
  it.each([
    ['GET /2/users/:id/mentions', '1', { data: [{ id: '10' }], includes: { users: [{ id: '2' }] } }, [['owned_post', '10'], ['user', '2']]],
    ['GET /2/users/:id/tweets', '9', { data: [{ id: '10' }] }, [['post', '10']]],
    ['GET /2/dm_events', null, { data: [{ id: '5' }, { id: '6' }], includes: { users: [{ id: '2' }] } }, [['dm_event', '5'], ['dm_event', '6'], ['user', '2']]],
    ['GET /2/users/me', null, { data: { id: '1' } }, [['user', '1']]],
    ['GET /2/users/by/username/:username', null, { errors: [{}] }, []],
    ['GET /2/dm_events', null, { meta: { result_count: 0 } }, []],
    ['GET /2/users/:id/mentions', '1', { data: [{ id: '10' }], includes: { media: [{ media_key: '3_1' }], tweets: [{ id: '8' }] } }, [['owned_post', '10'], ['post', '8'], ['media', '3_1']]],
  ])('%s (path id %s) → billed resources', (endpoint, pathId, body, expected) => {
    expect(resourcesInAnswer(endpoint, '1', pathId, body).map((r) => [r.resource, r.id])).toEqual(expected);
  });
});

describe('the bill', () => {
  it('bills each resource returned once per UTC day, expansions as users, empty answers nothing', async () => {
    let newest = '';
    for (const text of ['@parleyhelp one', '@parleyhelp two']) newest = (await fx.control<SimTweet>('POST', '/_sim/tweets', { authorId: alice.id, text })).id;
    await fx.control('POST', '/_sim/dms', { senderId: bob.id, recipientId: fx.account.id, text: 'hi' });
    const mentions = `/2/users/${fx.account.id}/mentions?expansions=author_id`;
    expect((await signed('GET', mentions)).status).toBe(200);
    expect((await signed('GET', '/2/dm_events?expansions=sender_id')).status).toBe(200);
    let b = await bill();
    expect(b.total.reads).toMatchObject({ owned_post: 2, user: 2, dm_event: 1, post: 0 });
    expect(b.total.usd).toBeCloseTo(2 * 0.001 + 2 * 0.01 + 0.01, 10);

    // The same answers again the same day: nothing more to pay.
    await signed('GET', mentions);
    await signed('GET', '/2/dm_events?expansions=sender_id');
    const empty = await signed('GET', `/2/users/${fx.account.id}/mentions?since_id=${newest}&expansions=author_id`);
    expect(await empty.json()).toEqual({ meta: { result_count: 0 } });
    b = await bill();
    expect(b.total.usd).toBeCloseTo(0.032, 10);
    expect(b.total.returned).toMatchObject({ owned_post: 4, user: 4, dm_event: 2 });

    // The next UTC day the dedup is over.
    clock = Date.parse('2026-12-02T00:00:01Z');
    await signed('GET', '/2/dm_events');
    b = await bill();
    expect(b.total.reads['dm_event']).toBe(2);
    expect(b.days['2026-12-02']?.usd).toBeCloseTo(0.01, 10);
    expect(b.days['2026-12-01']?.usd).toBeCloseTo(0.032, 10);
  });

  it('reading another user\'s posts is not an owned read', async () => {
    await fx.control('POST', '/_sim/tweets', { authorId: alice.id, text: 'just me' });
    await signed('GET', `/2/users/${alice.id}/tweets`);
    expect((await bill()).total.reads).toMatchObject({ post: 1, owned_post: 0 });
  });

  it('bills writes per request: a URL makes a post dear, a summoned reply is cheap, refusals are free', async () => {
    const asking = await fx.control<SimTweet>('POST', '/_sim/tweets', { authorId: alice.id, text: '@parleyhelp where is my parcel?' });
    const notNaming = await fx.control<SimTweet>('POST', '/_sim/tweets', { authorId: alice.id, text: 'still waiting' });
    expect((await signed('POST', '/2/tweets', { text: 'Hello world' })).status).toBe(201);
    expect((await signed('POST', '/2/tweets', { text: 'See https://example.com/help' })).status).toBe(201);
    expect((await signed('POST', '/2/tweets', { text: '@alice on its way', reply: { in_reply_to_tweet_id: asking.id } })).status).toBe(201);
    const other = await signed('POST', '/2/tweets', { text: '@alice hi', reply: { in_reply_to_tweet_id: notNaming.id } });
    expect((await signed('POST', `/2/dm_conversations/with/${alice.id}/messages`, { text: 'hello' })).status).toBe(201);
    expect((await signed('POST', '/2/tweets', { text: 'Hello world' })).status).toBe(403);

    const { total } = await bill();
    // Whether X accepts a reply to a post that does not name the account is X's rule, not billing's:
    // if it does, it is billed as an ordinary post.
    const otherPosts = other.status === 201 ? 1 : 0;
    expect(total.writes).toEqual({ post: 1 + otherPosts, post_url: 1, summoned_reply: 1, dm: 1, media_metadata: 0 });
    expect(total.usd).toBeCloseTo(0.015 * (1 + otherPosts) + 0.2 + 0.01 + 0.015, 10);
  });

  it('lists every account in GET /_sim/bill and forgets it on reset', async () => {
    await signed('GET', '/2/users/me');
    const all = await fx.control<{ accounts: Record<string, Bill & { consumerKey: string }> }>('GET', '/_sim/bill');
    expect(all.accounts[fx.account.id]).toMatchObject({ consumerKey: fx.account.consumerKey, total: { reads: { user: 1 }, usd: 0.01 } });
    await fx.control('POST', '/_sim/reset');
    await expect(fx.control('GET', `/_sim/accounts/${fx.account.id}/bill`)).rejects.toThrow(/404/);
  });
});
