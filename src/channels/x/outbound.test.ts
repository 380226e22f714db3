// The adapter against the simulator over real HTTP: replies, DMs, finding a sent message again.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startSim, type SimFixture } from '../../../sim/x/testing.ts';
import type { SimUser } from '../../../sim/x/state.ts';
import { ChannelError, type ChannelCallEvent, type ChannelClient } from '../types.ts';
import { xAdapter } from './index.ts';

let fx: SimFixture;
let alice: SimUser;
let calls: ChannelCallEvent[];
let client: ChannelClient;

beforeEach(async () => {
  fx = await startSim();
  alice = fx.sim.state.createUser({ username: 'alice', name: 'Alice', description: 'Bakes bread', location: 'Berlin', followersCount: 1234, verified: true, createdAt: '2019-05-01T08:00:00.000Z' });
  calls = [];
  client = xAdapter.createClient({
    credentials: { ...fx.account },
    account: { id: fx.account.id, username: fx.account.username, name: fx.account.name },
    apiUrl: fx.running.url,
    onCall: (event) => calls.push(event),
  });
});
afterEach(() => fx.close());

describe('send', () => {
  it('posts a reply tweet into the customer thread', async () => {
    const question = fx.sim.state.createTweet({ authorId: alice.id, text: '@parleyhelp is my order shipped?' });
    const sent = await client.send({ kind: 'tweet', text: '@alice Yes, it left today & arrives Monday.', inReplyToExternalId: question.id });
    expect(sent).toEqual({
      externalId: sent.externalId,
      conversationKey: `tweet:${question.id}`,
      url: `https://x.com/parleyhelp/status/${sent.externalId}`,
      createdAt: expect.stringMatching(/^\d{4}-/),
    });
    expect(fx.sim.state.tweets.get(sent.externalId)).toMatchObject({
      text: '@alice Yes, it left today & arrives Monday.',
      conversationId: question.id,
      referencedTweets: [{ type: 'replied_to', id: question.id }],
    });
    expect(calls).toEqual([{ kind: 'write', endpoint: 'POST /2/tweets', status: 201, durationMs: expect.any(Number), rateLimit: { limit: 100, remaining: 99, resetAt: expect.any(String) }, billed: { reads: [], write: 'summonedReply' } }]);
  });

  it('posts a new tweet as its own conversation', async () => {
    const sent = await client.send({ kind: 'tweet', text: 'We are open on Sunday.' });
    expect(sent.conversationKey).toBe(`tweet:${sent.externalId}`);
  });

  it('sends a DM and reads X documented answer', async () => {
    const sent = await client.send({ kind: 'dm', text: 'Hello Alice, how can we help?', recipientExternalUserId: alice.id });
    const event = fx.sim.state.dmEvents.get(sent.externalId);
    expect(event).toMatchObject({ senderId: fx.account.id, recipientId: alice.id, text: 'Hello Alice, how can we help?' });
    expect(sent).toEqual({ externalId: event?.id, conversationKey: `dm:${event?.dmConversationId}`, url: null, createdAt: expect.any(String) });
  });

  it('reports a duplicate in X words, as permanent', async () => {
    await client.send({ kind: 'tweet', text: 'Thanks for waiting!' });
    const error = await client.send({ kind: 'tweet', text: 'Thanks for waiting!' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ChannelError);
    expect(error).toMatchObject({
      kind: 'permanent',
      status: 403,
      message: 'X refused the post: You are not allowed to create a Tweet with duplicate content.',
    });
  });

  it('reports a reply to a vanished post as permanent', async () => {
    const error = await client.send({ kind: 'tweet', text: 'hello', inReplyToExternalId: '1234567' }).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'permanent', message: expect.stringContaining('deleted or not visible') });
  });

  it('refuses a text X would refuse without calling X', async () => {
    const tooLong = await client.send({ kind: 'tweet', text: 'x'.repeat(281) }).catch((e: unknown) => e);
    expect(tooLong).toMatchObject({ kind: 'permanent', message: 'The post is 281 characters long; X allows 280.' });
    const noRecipient = await client.send({ kind: 'dm', text: 'hi' }).catch((e: unknown) => e);
    expect(noRecipient).toMatchObject({ kind: 'permanent' });
    expect(calls).toEqual([]);
  });
});

describe('findSent', () => {
  it('finds a reply tweet delivered before a crash, by text and target, and gives its exact conversation', async () => {
    const root = fx.sim.state.createTweet({ authorId: alice.id, text: '@parleyhelp hi' });
    const deeper = fx.sim.state.createTweet({ authorId: alice.id, text: '@parleyhelp hello?', inReplyToTweetId: root.id });
    const since = new Date();
    const message = { kind: 'tweet' as const, text: '@alice Sorry for the wait & thanks!', inReplyToExternalId: deeper.id };
    expect(await client.findSent(message, since)).toBeNull();

    const sent = await client.send(message);
    expect(await client.findSent(message, since)).toEqual({
      externalId: sent.externalId,
      conversationKey: `tweet:${root.id}`,
      url: `https://x.com/parleyhelp/status/${sent.externalId}`,
      createdAt: fx.sim.state.tweets.get(sent.externalId)?.createdAt,
    });
    expect(await client.findSent({ ...message, inReplyToExternalId: root.id }, since)).toBeNull();
    expect(await client.findSent(message, new Date(Date.now() + 5_000))).toBeNull();
  });

  it('finds a DM sent in the conversation with the same text, not one to someone else', async () => {
    const bob = fx.sim.state.createUser({ username: 'bob', name: 'Bob' });
    const since = new Date();
    await client.send({ kind: 'dm', text: 'Your refund is on its way.', recipientExternalUserId: bob.id });
    const toAlice = { kind: 'dm' as const, text: 'Your refund is on its way.', recipientExternalUserId: alice.id };
    expect(await client.findSent(toAlice, since)).toBeNull();
    fx.sim.state.createDm({ senderId: alice.id, recipientId: fx.account.id, text: 'Your refund is on its way.' });
    expect(await client.findSent(toAlice, since)).toBeNull();

    const sent = await client.send(toAlice);
    expect(await client.findSent(toAlice, since)).toMatchObject({ externalId: sent.externalId, conversationKey: sent.conversationKey, url: null });
  });
});

describe('lookupUser', () => {
  it('finds a user by handle, with or without @', async () => {
    expect(await client.lookupUser('@Alice')).toEqual({
      externalUserId: alice.id,
      handle: 'alice',
      displayName: 'Alice',
      // No picture given: the media host's own (the simulator's /_media/, pbs.twimg.com on X).
      avatarUrl: expect.stringMatching(new RegExp(`/_media/profile_images/${alice.id}/avatar_normal\\.png$`)),
      profile: { bio: 'Bakes bread', location: 'Berlin', followersCount: 1234, verified: true, accountCreatedAt: '2019-05-01T08:00:00.000Z' },
    });
  });

  it('reports an unknown or malformed handle as permanent', async () => {
    await expect(client.lookupUser('nobody')).rejects.toMatchObject({ kind: 'permanent', message: 'X has no user @nobody.' });
    await expect(client.lookupUser('not a handle')).rejects.toMatchObject({ kind: 'permanent' });
  });
});
