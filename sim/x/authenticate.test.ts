import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ApiResponseError } from 'twitter-api-v2';
import { startSim, type SimFixture } from './testing.ts';

const UNAUTHORIZED = { title: 'Unauthorized', type: 'about:blank', status: 401, detail: 'Unauthorized' };

let fx: SimFixture;
beforeEach(async () => {
  fx = await startSim();
});
afterEach(() => fx.close());

async function statusOf(promise: Promise<unknown>): Promise<number> {
  try {
    await promise;
    return 200;
  } catch (error) {
    if (error instanceof ApiResponseError) return error.code;
    throw error;
  }
}

describe('OAuth 1.0a on /2/', () => {
  it('accepts twitter-api-v2 as a client, with query parameters and a JSON body', async () => {
    const client = fx.client();
    const me = await client.v2.get('users/me', { 'user.fields': 'profile_image_url,created_at' });
    expect(me.data).toMatchObject({ id: fx.account.id, username: 'parleyhelp', name: 'Parley Help' });
    // The picture lives on the media host (pbs.twimg.com on X, the simulator's /_media/ here), public.
    expect(me.data.profile_image_url).toMatch(/\/_media\/profile_images\/\d+\/avatar_normal\.png$/);
    const picture = await fetch(me.data.profile_image_url);
    expect([picture.status, picture.headers.get('content-type')]).toEqual([200, 'image/png']);
    expect(Buffer.from(await picture.arrayBuffer()).subarray(1, 4).toString()).toBe('PNG');
    const posted = await client.v2.post('tweets', { text: 'Signed & sealed: 100% "quoted" *stars* ~tilde~' });
    expect(posted.data.text).toBe('Signed &amp; sealed: 100% "quoted" *stars* ~tilde~');
  });

  it('accepts a signature built by hand, query parameters with reserved characters included', async () => {
    await fx.control('POST', '/_sim/users', { username: 'alice', name: 'Alice' });
    const res = await fx.signedFetch('GET', '/2/users/by/username/alice?user.fields=profile_image_url%2Ccreated_at&expansions=pinned_tweet_id');
    expect(res.status).toBe(200);
    expect(((await res.json()) as { data: { username: string } }).data.username).toBe('alice');
  });

  it('signs form-encoded body parameters too', async () => {
    // X's v2 endpoints take JSON, but RFC 5849 signs form bodies; the check must include them.
    const genuine = await fx.signedFetch('POST', '/2/tweets', { form: { text: 'hi' } });
    expect(genuine.status).toBe(400);
    const altered = await fx.signedFetch('POST', '/2/tweets', { form: { text: 'hi' }, sentForm: { text: 'bye' } });
    expect(altered.status).toBe(401);
  });

  it.each([
    ['a wrong consumer secret', { consumerSecret: 'wrong' }],
    ['a wrong token secret', { accessTokenSecret: 'wrong' }],
    ['an unknown access token', { accessToken: '1-unknown' }],
    ['a consumer key of another app', { consumerKey: 'other' }],
  ])('answers 401 in X shape for %s', async (_label, credentials) => {
    const res = await fx.signedFetch('GET', '/2/users/me', { credentials });
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual(UNAUTHORIZED);
    expect(await statusOf(fx.client(credentials).v2.me())).toBe(401);
  });

  it('answers 401 for a timestamp more than 15 minutes off, either way', async () => {
    const now = Math.floor(Date.now() / 1000);
    expect((await fx.signedFetch('GET', '/2/users/me', { timestamp: now - 16 * 60 })).status).toBe(401);
    expect((await fx.signedFetch('GET', '/2/users/me', { timestamp: now + 16 * 60 })).status).toBe(401);
    expect((await fx.signedFetch('GET', '/2/users/me', { timestamp: now - 14 * 60 })).status).toBe(200);
  });

  it('answers 401 when a nonce is used again', async () => {
    const timestamp = Math.floor(Date.now() / 1000);
    expect((await fx.signedFetch('GET', '/2/users/me', { nonce: 'once', timestamp })).status).toBe(200);
    expect((await fx.signedFetch('GET', '/2/users/me', { nonce: 'once', timestamp })).status).toBe(401);
  });

  it('answers 401 when the request differs from what was signed', async () => {
    const elsewhere = fx.running.url.replace('127.0.0.1', 'localhost');
    expect((await fx.signedFetch('GET', '/2/users/me', { signedUrl: `${elsewhere}/2/users/me` })).status).toBe(401);
    expect((await fx.signedFetch('GET', '/2/users/me?user.fields=id', { signedUrl: `${fx.running.url}/2/users/me` })).status).toBe(401);
    expect((await fx.signedFetch('GET', '/2/users/me', { signedUrl: `${fx.running.url}/2/users/you` })).status).toBe(401);
  });

  it('answers 401 without any Authorization header, and leaves the control API open', async () => {
    const res = await fetch(`${fx.running.url}/2/users/me`);
    expect(res.status).toBe(401);
    expect((await fetch(`${fx.running.url}/_sim/state`)).status).toBe(200);
  });
});
