import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ApiResponseError } from 'twitter-api-v2';
import twitterText from 'twitter-text';
import { startSim, type SimFixture } from './testing.ts';
import type { SimDmEvent, SimTweet, SimUser } from './state.ts';

let fx: SimFixture;
let alice: SimUser;
beforeEach(async () => {
  fx = await startSim();
  alice = await fx.control<SimUser>('POST', '/_sim/users', { username: 'alice', name: 'Alice' });
});
afterEach(() => fx.close());

async function errorOf(promise: Promise<unknown>): Promise<ApiResponseError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ApiResponseError) return error;
    throw error;
  }
  throw new Error('expected the call to fail');
}

describe('POST /2/tweets', () => {
  it('answers 201 with id, text and edit history, and threads a reply into the conversation', async () => {
    const question = await fx.control<SimTweet>('POST', '/_sim/tweets', { authorId: alice.id, text: '@parleyhelp is the shop open?' });
    const followUp = await fx.control<SimTweet>('POST', '/_sim/tweets', { authorId: alice.id, text: '@parleyhelp hello?', inReplyToTweetId: question.id });
    const res = await fx.signedFetch('POST', '/2/tweets', { json: { text: '@alice yes, until 6', reply: { in_reply_to_tweet_id: followUp.id } } });
    expect(res.status).toBe(201);
    const { data } = (await res.json()) as { data: { id: string; text: string; edit_history_tweet_ids: string[] } };
    expect(data).toEqual({ id: data.id, text: '@alice yes, until 6', edit_history_tweet_ids: [data.id] });
    expect(BigInt(data.id) > BigInt(followUp.id)).toBe(true);

    const stored = fx.sim.state.tweets.get(data.id);
    expect(stored).toMatchObject({
      conversationId: question.id,
      inReplyToUserId: alice.id,
      referencedTweets: [{ type: 'replied_to', id: followUp.id }],
      viaApi: true,
    });
    const sent = await fx.control<{ tweets: SimTweet[]; dms: SimDmEvent[] }>('GET', `/_sim/accounts/${fx.account.id}/sent`);
    expect(sent.tweets.map((t) => t.id)).toEqual([data.id]);
  });

  it('accepts 280 weighted characters and refuses 281 with 400 Invalid Request', async () => {
    const client = fx.client();
    const fits = 'a'.repeat(256) + ' https://example.com/' + 'x'.repeat(80);
    expect(twitterText.parseTweet(fits).weightedLength).toBe(280);
    await expect(client.v2.post('tweets', { text: fits })).resolves.toBeTruthy();
    const error = await errorOf(client.v2.post('tweets', { text: '€'.repeat(141) }));
    expect(error.code).toBe(400);
    expect(error.data).toMatchObject({ title: 'Invalid Request', errors: [{ message: expect.stringContaining('too long') }] });
  });

  it('refuses a duplicate of a recent post with 403, as X does', async () => {
    const client = fx.client();
    await client.v2.post('tweets', { text: 'Thanks for your patience!' });
    const error = await errorOf(client.v2.post('tweets', { text: 'Thanks for your patience!' }));
    expect(error.code).toBe(403);
    expect(error.data).toEqual({
      title: 'Forbidden',
      type: 'about:blank',
      status: 403,
      detail: 'You are not allowed to create a Tweet with duplicate content.',
    });
  });

  it('refuses a reply to a tweet that does not exist, and an empty text', async () => {
    const client = fx.client();
    const error = await errorOf(client.v2.post('tweets', { text: 'hi', reply: { in_reply_to_tweet_id: '1234567890' } }));
    expect(error.code).toBe(403);
    expect(error.data.detail).toContain('deleted or not visible');
    expect((await errorOf(client.v2.post('tweets', { text: '' }))).code).toBe(400);
  });
});

describe('direct messages', () => {
  it('sends a DM with X documented answer, in the one-to-one conversation of both ids', async () => {
    const res = await fx.signedFetch('POST', `/2/dm_conversations/with/${alice.id}/messages`, { json: { text: 'How can we help?' } });
    expect(res.status).toBe(201);
    const body = (await res.json()) as { data: { dm_conversation_id: string; dm_event_id: string } };
    const [low, high] = [alice.id, fx.account.id].sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : 1));
    expect(body).toEqual({ data: { dm_conversation_id: `${low}-${high}`, dm_event_id: body.data.dm_event_id } });
  });

  it('lists received and sent events newest first, pages them, and expands senders', async () => {
    const received: string[] = [];
    for (let i = 0; i < 4; i++) {
      received.push((await fx.control<SimDmEvent>('POST', '/_sim/dms', { senderId: alice.id, recipientId: fx.account.id, text: `msg ${i}` })).id);
    }
    const reply = await fx.client().v2.post(`dm_conversations/with/${alice.id}/messages`, { text: 'answer' });
    const sentId = (reply as { data: { dm_event_id: string } }).data.dm_event_id;

    const first = await fx.signedFetch('GET', '/2/dm_events?max_results=3&dm_event.fields=sender_id,dm_conversation_id,created_at&expansions=sender_id&user.fields=profile_image_url');
    const page1 = (await first.json()) as { data: Record<string, string>[]; includes: { users: { id: string }[] }; meta: { result_count: number; next_token: string } };
    expect(page1.data.map((e) => e['id'])).toEqual([sentId, received[3], received[2]]);
    expect(page1.data[0]).toMatchObject({ event_type: 'MessageCreate', text: 'answer', sender_id: fx.account.id });
    expect(page1.includes.users.map((u) => u.id).sort()).toEqual([alice.id, fx.account.id].sort());
    expect(page1.meta.result_count).toBe(3);

    const second = await fx.signedFetch('GET', `/2/dm_events?max_results=3&pagination_token=${page1.meta.next_token}`);
    const page2 = (await second.json()) as { data: { id: string }[]; meta: Record<string, unknown> };
    expect(page2.data.map((e) => e.id)).toEqual([received[1], received[0]]);
    expect(page2.meta).toEqual({ result_count: 2 });
  });

  it('does not show another pair conversation, and refuses DMs over 10,000 characters', async () => {
    const bob = await fx.control<SimUser>('POST', '/_sim/users', { username: 'bob', name: 'Bob' });
    await fx.control('POST', '/_sim/dms', { senderId: alice.id, recipientId: bob.id, text: 'private' });
    const res = await fx.signedFetch('GET', '/2/dm_events');
    expect(await res.json()).toEqual({ meta: { result_count: 0 } });

    const longest = '😀'.repeat(10_000);
    expect((await fx.signedFetch('POST', `/2/dm_conversations/with/${alice.id}/messages`, { json: { text: longest } })).status).toBe(201);
    expect((await fx.signedFetch('POST', `/2/dm_conversations/with/${alice.id}/messages`, { json: { text: longest + '!' } })).status).toBe(400);
    expect((await fx.signedFetch('POST', '/2/dm_conversations/with/42/messages', { json: { text: 'hi' } })).status).toBe(400);
  });
});
