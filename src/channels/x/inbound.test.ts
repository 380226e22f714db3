// The adapter against the simulator over real HTTP: verifying a profile and polling its streams.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startSim, type SimFixture } from '../../../sim/x/testing.ts';
import type { SimUser } from '../../../sim/x/state.ts';
import { ChannelError, type ChannelCallEvent, type ChannelClient, type InboundBatch } from '../types.ts';
import { xAdapter } from './index.ts';

let fx: SimFixture;
let alice: SimUser;
let calls: ChannelCallEvent[];
let client: ChannelClient;
const longAgo = new Date('2020-01-01T00:00:00Z');

function clientFor(credentials: Partial<Record<string, string>> = {}): ChannelClient {
  const { consumerKey, consumerSecret, accessToken, accessTokenSecret } = fx.account;
  return xAdapter.createClient({
    credentials: { consumerKey, consumerSecret, accessToken, accessTokenSecret, ...credentials } as Record<string, string>,
    account: { id: fx.account.id, username: fx.account.username, name: fx.account.name },
    apiUrl: fx.running.url,
    onCall: (event) => calls.push(event),
  });
}

beforeEach(async () => {
  fx = await startSim();
  alice = fx.sim.state.createUser({ username: 'alice', name: 'Alice', profileImageUrl: 'https://img.example/alice.png' });
  calls = [];
  client = clientFor();
});
afterEach(() => fx.close());

const mention = (text: string, extra: { inReplyToTweetId?: string; createdAt?: string } = {}) =>
  fx.sim.state.createTweet({ authorId: alice.id, text, ...extra });
const ids = (batches: InboundBatch[]) => batches.flatMap((b) => b.entities.map((e) => e.externalId));

describe('verify', () => {
  it('returns the account the credentials belong to', async () => {
    const unverified = xAdapter.createClient({ credentials: { ...fx.account }, account: null, apiUrl: fx.running.url });
    expect(await unverified.verify()).toEqual({ id: fx.account.id, username: 'parleyhelp', name: 'Parley Help' });
  });

  it.each([['consumerSecret'], ['accessTokenSecret'], ['accessToken']])('fails as auth with a wrong %s, without the secret in the message', async (field) => {
    const error = await clientFor({ [field]: 'wrong-value-123' }).verify().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ChannelError);
    expect(error).toMatchObject({ kind: 'auth', status: 401 });
    expect((error as Error).message).toContain('X rejected');
    expect((error as Error).message).not.toContain('wrong-value-123');
    expect(JSON.stringify(error)).not.toContain(fx.account.accessTokenSecret);
  });

  it('refuses to start without credentials', () => {
    expect(() => xAdapter.createClient({ credentials: {}, account: null, apiUrl: fx.running.url })).toThrow(ChannelError);
  });
});

describe("fetchInbound('mentions')", () => {
  it('returns [] when nothing is new', async () => {
    expect(await client.fetchInbound('mentions', null, longAgo)).toEqual([]);
    const last = mention('@parleyhelp hi');
    expect(await client.fetchInbound('mentions', last.id, longAgo)).toEqual([]);
  });

  it('reads every page past the cursor and returns batches of 100, oldest first, each with its newest id', async () => {
    const first = mention('@parleyhelp before the cursor');
    const created = Array.from({ length: 250 }, (_, i) => mention(`@parleyhelp question ${i}`).id);
    const batches = await client.fetchInbound('mentions', first.id, longAgo);
    expect(batches.map((b) => b.entities.length)).toEqual([100, 100, 50]);
    expect(ids(batches)).toEqual(created);
    expect(batches.map((b) => b.cursor)).toEqual([created[99], created[199], created[249]]);
    expect(calls.filter((c) => c.endpoint === 'GET /2/users/:id/mentions')).toHaveLength(3);
    expect(await client.fetchInbound('mentions', batches.at(-1)?.cursor ?? null, longAgo)).toEqual([]);
  });

  it('maps a reply with its thread, author and link', async () => {
    const question = mention('@parleyhelp where is my parcel? Tracking <ABC> & co');
    const followUp = mention('@parleyhelp any news?', { inReplyToTweetId: question.id });
    const [batch] = await client.fetchInbound('mentions', null, longAgo);
    expect(batch?.entities[1]).toEqual({
      kind: 'tweet',
      stream: 'mentions',
      externalId: followUp.id,
      conversationKey: `tweet:${question.id}`,
      inReplyToExternalId: question.id,
      author: { externalUserId: alice.id, handle: 'alice', displayName: 'Alice', avatarUrl: 'https://img.example/alice.png', profile: expect.any(Object) },
      text: '@parleyhelp any news?',
      createdAt: followUp.createdAt,
      url: `https://x.com/alice/status/${followUp.id}`,
    });
    expect(batch?.entities[0]?.text).toBe('@parleyhelp where is my parcel? Tracking <ABC> & co');
  });

  it('reads the whole text of a long post from note_tweet', async () => {
    const long = `@parleyhelp ${'The box arrived crushed and the receipt is missing. '.repeat(10)}Please call me.`;
    mention(long);
    const [batch] = await client.fetchInbound('mentions', null, longAgo);
    expect(batch?.entities[0]?.text).toBe(long);
  });

  it("skips retweets and the account's own posts, yet moves the cursor past them", async () => {
    const own = fx.sim.state.createTweet({ authorId: fx.account.id, text: 'Shop news for @parleyhelp fans', viaApi: true });
    const retweet = fx.sim.state.createTweet({ authorId: alice.id, text: '', retweetOf: own.id });
    expect(await client.fetchInbound('mentions', null, longAgo)).toEqual([{ entities: [], cursor: retweet.id }]);

    const real = mention('@parleyhelp a real question');
    const retweet2 = fx.sim.state.createTweet({ authorId: alice.id, text: '', retweetOf: real.id });
    const batches = await client.fetchInbound('mentions', retweet.id, longAgo);
    expect(ids(batches)).toEqual([real.id]);
    expect(batches.at(-1)?.cursor).toBe(retweet2.id);
  });

  it('never polled: returns only what was created at or after `since`', async () => {
    mention('@parleyhelp old complaint', { createdAt: '2024-05-01T10:00:00Z' });
    const recent = mention('@parleyhelp new complaint', { createdAt: '2024-06-01T10:00:00Z' });
    const batches = await client.fetchInbound('mentions', null, new Date('2024-06-01T10:00:00.500Z'));
    expect(ids(batches)).toEqual([recent.id]);
    expect(batches.at(-1)?.cursor).toBe(recent.id);
  });

  it('learns the account first when the profile was never verified', async () => {
    mention('@parleyhelp hi');
    const unverified = xAdapter.createClient({
      credentials: { ...fx.account },
      account: null,
      apiUrl: fx.running.url,
      onCall: (e) => calls.push(e),
    });
    expect(ids(await unverified.fetchInbound('mentions', null, longAgo))).toHaveLength(1);
    expect(calls.map((c) => c.endpoint)).toEqual(['GET /2/users/me', 'GET /2/users/:id/mentions']);
  });
});

describe("fetchInbound('dms')", () => {
  const dmFromAlice = (text: string, createdAt?: string) =>
    fx.sim.state.createDm({ senderId: alice.id, recipientId: fx.account.id, text, createdAt });

  it('returns received DMs threaded by conversation, without those the account sent', async () => {
    const received = dmFromAlice('Hi, I need help with my order & invoice');
    const sent = fx.sim.state.createDm({ senderId: fx.account.id, recipientId: alice.id, text: 'Sure, what is the number?', viaApi: true });
    const answer = dmFromAlice('It is 1234');
    const batches = await client.fetchInbound('dms', null, longAgo);
    expect(batches).toHaveLength(1);
    expect(batches[0]?.cursor).toBe(answer.id);
    expect(batches[0]?.entities.map((e) => e.externalId)).toEqual([received.id, answer.id]);
    expect(batches[0]?.entities[0]).toEqual({
      kind: 'dm',
      stream: 'dms',
      externalId: received.id,
      conversationKey: `dm:${received.dmConversationId}`,
      inReplyToExternalId: null,
      author: { externalUserId: alice.id, handle: 'alice', displayName: 'Alice', avatarUrl: 'https://img.example/alice.png', profile: expect.any(Object) },
      text: 'Hi, I need help with my order & invoice',
      createdAt: received.createdAt,
      url: null,
    });
    expect(sent.dmConversationId).toBe(received.dmConversationId);
  });

  it('pages back only until the cursor: one event first, then wider pages while all is new', async () => {
    const before = Array.from({ length: 150 }, (_, i) => dmFromAlice(`old ${i}`));
    const cursor = before.at(-1)?.id ?? null;
    const after = Array.from({ length: 120 }, (_, i) => dmFromAlice(`new ${i}`).id);
    const batches = await client.fetchInbound('dms', cursor, longAgo);
    expect(ids(batches)).toEqual(after);
    expect(batches.map((b) => b.cursor)).toEqual([after[99], after[119]]);
    // 1 (probe), 10, 100, 100: the fourth page reaches the cursor, so no fifth is asked for.
    expect(calls.filter((c) => c.endpoint === 'GET /2/dm_events')).toHaveLength(4);
    calls = [];
    expect(await client.fetchInbound('dms', after.at(-1) ?? null, longAgo)).toEqual([]);
    expect(calls.filter((c) => c.endpoint === 'GET /2/dm_events')).toHaveLength(1);
  });

  it('never polled: keeps what came at or after `since`, and moves the cursor to the newest event seen', async () => {
    const daysAgo = (days: number) => new Date(Date.now() - days * 24 * 3600 * 1000);
    dmFromAlice('last week', daysAgo(7).toISOString());
    const mine = fx.sim.state.createDm({ senderId: fx.account.id, recipientId: alice.id, text: 'reply', createdAt: daysAgo(1).toISOString() });
    expect(await client.fetchInbound('dms', null, daysAgo(2))).toEqual([{ entities: [], cursor: mine.id }]);
    const recent = dmFromAlice('today');
    expect(ids(await client.fetchInbound('dms', null, daysAgo(2)))).toEqual([recent.id]);
  });
});
