import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import twitterText from 'twitter-text';
import { startSim, type SimFixture } from './testing.ts';
import type { SimTweet, SimUser } from './state.ts';

interface Page {
  data?: Record<string, unknown>[];
  includes?: { users?: Record<string, unknown>[] };
  meta: { result_count: number; newest_id?: string; oldest_id?: string; next_token?: string };
  errors?: unknown[];
}

let fx: SimFixture;
let alice: SimUser;
beforeEach(async () => {
  fx = await startSim();
  alice = await fx.control<SimUser>('POST', '/_sim/users', { username: 'alice', name: 'Alice A.', profileImageUrl: 'https://img.example/alice.png' });
});
afterEach(() => fx.close());

const tweet = (body: Record<string, unknown>) => fx.control<SimTweet>('POST', '/_sim/tweets', { authorId: alice.id, ...body });

async function get(path: string): Promise<{ status: number; body: Page }> {
  const res = await fx.signedFetch('GET', path);
  return { status: res.status, body: (await res.json()) as Page };
}

const mentionsPath = (query: string) => `/2/users/${fx.account.id}/mentions?${query}`;

describe('GET /2/users/:id/mentions', () => {
  it('pages newest first with next_token, and since_id / until_id bound the window', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 23; i++) ids.push((await tweet({ text: `@parleyhelp help ${i}` })).id);
    await tweet({ text: 'not about the account' });

    const seen: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const { body } = await get(mentionsPath(`max_results=10${token ? `&pagination_token=${token}` : ''}`));
      pages++;
      const pageIds = (body.data ?? []).map((t) => String(t['id']));
      expect(body.meta.result_count).toBe(pageIds.length);
      expect(body.meta.newest_id).toBe(pageIds[0]);
      expect(body.meta.oldest_id).toBe(pageIds.at(-1));
      seen.push(...pageIds);
      token = body.meta.next_token;
    } while (token);
    expect(pages).toBe(3);
    expect(seen).toEqual([...ids].reverse());

    const since = await get(mentionsPath(`since_id=${ids[19]}`));
    expect(since.body.data?.map((t) => t['id'])).toEqual([ids[22], ids[21], ids[20]]);
    const until = await get(mentionsPath(`until_id=${ids[2]}&max_results=5`));
    expect(until.body.data?.map((t) => t['id'])).toEqual([ids[1], ids[0]]);
  });

  it('answers an empty window with meta.result_count 0 only', async () => {
    const last = await tweet({ text: '@parleyhelp hi' });
    const { status, body } = await get(mentionsPath(`since_id=${last.id}`));
    expect(status).toBe(200);
    expect(body).toEqual({ meta: { result_count: 0 } });
  });

  it('shows only default fields unless asked, and expands authors', async () => {
    await tweet({ text: '@parleyhelp where is my order?' });
    const bare = await get(mentionsPath(''));
    expect(Object.keys(bare.body.data?.[0] ?? {}).sort()).toEqual(['edit_history_tweet_ids', 'id', 'text']);
    expect(bare.body.includes).toBeUndefined();

    const rich = await get(
      mentionsPath('tweet.fields=author_id,conversation_id,created_at,entities&expansions=author_id&user.fields=profile_image_url'),
    );
    const data = rich.body.data?.[0];
    expect(data).toMatchObject({ author_id: alice.id, conversation_id: data?.['id'] });
    expect(String(data?.['created_at'])).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.000Z$/);
    expect(data?.['entities']).toEqual({ mentions: [{ start: 0, end: 11, username: 'parleyhelp', id: fx.account.id }] });
    expect(rich.body.includes?.users).toEqual([{ id: alice.id, name: 'Alice A.', username: 'alice', profile_image_url: 'https://img.example/alice.png' }]);
  });

  it('includes replies to the account and retweets as X shows them', async () => {
    const own = await fx.client().v2.post('tweets', { text: 'We are open on Sunday' });
    const reply = await tweet({ text: 'great, thanks', inReplyToTweetId: own.data.id });
    const retweet = await tweet({ retweetOf: own.data.id });
    const { body } = await get(mentionsPath('tweet.fields=referenced_tweets,in_reply_to_user_id,conversation_id'));
    const byId = new Map(body.data?.map((t) => [t['id'], t]));
    expect(byId.get(reply.id)).toMatchObject({
      conversation_id: own.data.id,
      in_reply_to_user_id: fx.account.id,
      referenced_tweets: [{ type: 'replied_to', id: own.data.id }],
    });
    expect(byId.get(retweet.id)).toMatchObject({
      text: 'RT @parleyhelp: We are open on Sunday',
      referenced_tweets: [{ type: 'retweeted', id: own.data.id }],
    });
  });

  it('cuts long posts to 280 and gives the whole text in note_tweet only when asked', async () => {
    const long = `@parleyhelp ${'my parcel never arrived & nobody answers. '.repeat(12)}END`;
    await tweet({ text: long });
    const plain = await get(mentionsPath(''));
    const text = String(plain.body.data?.[0]?.['text']).replace(/&amp;/g, '&');
    expect(text.endsWith('…')).toBe(true);
    expect(long.startsWith(text.slice(0, -1))).toBe(true);
    expect(twitterText.parseTweet(text).weightedLength).toBeGreaterThan(270);
    expect(twitterText.parseTweet(text).weightedLength).toBeLessThanOrEqual(280);
    expect(plain.body.data?.[0]?.['note_tweet']).toBeUndefined();

    const noted = await get(mentionsPath('tweet.fields=note_tweet'));
    expect((noted.body.data?.[0]?.['note_tweet'] as { text: string }).text).toBe(long.replace(/&/g, '&amp;'));
  });

  it('escapes &, < and > in text as X does', async () => {
    await tweet({ text: '@parleyhelp a<b & c>d' });
    expect((await get(mentionsPath(''))).body.data?.[0]?.['text']).toBe('@parleyhelp a&lt;b &amp; c&gt;d');
  });

  it('refuses to show another user mentions, and bad parameters, like X', async () => {
    expect((await get(`/2/users/${alice.id}/mentions`)).status).toBe(403);
    const tooMany = await get(mentionsPath('max_results=101'));
    expect(tooMany.status).toBe(400);
    expect(tooMany.body).toMatchObject({ title: 'Invalid Request', errors: [{ message: expect.stringContaining('between 5 and 100') }] });
    expect((await get(mentionsPath('tweet.fields=colour'))).status).toBe(400);
    expect((await get(mentionsPath('sinceid=1'))).status).toBe(400);
    expect((await get(mentionsPath('pagination_token=garbage!'))).status).toBe(400);
  });
});

describe('GET /2/users/:id/tweets', () => {
  it('lists the user posts newest first, from start_time, without retweets when excluded', async () => {
    const old = await tweet({ text: 'last year', createdAt: '2024-01-01T00:00:00Z' });
    const first = await tweet({ text: 'first' });
    const rt = await tweet({ retweetOf: first.id });
    const { body } = await get(`/2/users/${alice.id}/tweets?tweet.fields=created_at`);
    expect(body.data?.map((t) => t['id'])).toEqual([rt.id, first.id, old.id]);
    const recent = await get(`/2/users/${alice.id}/tweets?exclude=retweets&start_time=2025-01-01T00:00:00Z`);
    expect(recent.body.data?.map((t) => t['id'])).toEqual([first.id]);
  });

  it('answers an unknown user with 200 and an errors array', async () => {
    const { status, body } = await get('/2/users/999/tweets');
    expect(status).toBe(200);
    expect(body.errors).toMatchObject([{ title: 'Not Found Error' }]);
  });
});

describe('GET /2/users/by/username/:username', () => {
  it('finds a user case-insensitively, and reports an unknown one in errors', async () => {
    const found = await fx.client().v2.userByUsername('ALICE', { 'user.fields': ['profile_image_url'] });
    expect(found.data).toEqual({ id: alice.id, name: 'Alice A.', username: 'alice', profile_image_url: 'https://img.example/alice.png' });
    const missing = await get('/2/users/by/username/nobody');
    expect(missing.status).toBe(200);
    expect(missing.body).toEqual({
      errors: [
        {
          value: 'nobody',
          detail: 'Could not find user with username: [nobody].',
          title: 'Not Found Error',
          resource_type: 'user',
          parameter: 'username',
          resource_id: 'nobody',
          type: 'https://api.twitter.com/2/problems/resource-not-found',
        },
      ],
    });
  });
});
