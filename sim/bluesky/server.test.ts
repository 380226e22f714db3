import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBlueskySim, type BlueskyFixture } from './testing.ts';

const PROXY = { 'atproto-proxy': 'did:web:api.bsky.chat#bsky_chat' };

describe('Bluesky simulator', () => {
  let f: BlueskyFixture;
  let help: { did: string; handle: string; appPassword: string };
  let carol: { did: string };
  let now = Date.now();
  beforeAll(async () => {
    f = await startBlueskySim({ now: () => now, accessTtlMs: 60_000 });
    help = await f.control('POST', '/_sim/accounts', { handle: 'help.bsky.example' });
    carol = await f.control('POST', '/_sim/users', { handle: 'carol.bsky.example' });
  });
  afterAll(() => f.close());
  const xrpc = async (nsid: string, token: string, init: { body?: unknown; query?: string; headers?: Record<string, string> } = {}) => {
    const res = await fetch(`${f.url}/xrpc/${nsid}${init.query ? `?${init.query}` : ''}`, {
      method: init.body === undefined ? 'GET' : 'POST',
      headers: { authorization: `Bearer ${token}`, ...(init.body === undefined ? {} : { 'content-type': 'application/json' }), ...init.headers },
      ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
    });
    return { status: res.status, headers: res.headers, body: (await res.json()) as Record<string, any> };
  };
  const login = async () => (await xrpc('com.atproto.server.createSession', '', { body: { identifier: help.handle, password: help.appPassword } })).body as { accessJwt: string; refreshJwt: string };

  it('signs in with an app password; an expired access JWT is refused until refreshed', async () => {
    expect((await xrpc('com.atproto.server.createSession', '', { body: { identifier: help.handle, password: 'wrong' } })).body.error).toBe('AuthenticationRequired');
    const s = await login();
    expect((await xrpc('com.atproto.server.getSession', s.accessJwt)).body.did).toBe(help.did);
    now += 61_000;
    expect((await xrpc('com.atproto.server.getSession', s.accessJwt)).body).toEqual({ error: 'ExpiredToken', message: 'Token has expired' });
    const r = await xrpc('com.atproto.server.refreshSession', s.refreshJwt, { body: {} });
    expect((await xrpc('com.atproto.server.getSession', r.body['accessJwt'])).status).toBe(200);
    expect((await xrpc('com.atproto.server.refreshSession', s.refreshJwt, { body: {} })).status).toBe(400);
  });

  it('notifies mentions and replies; refuses 301 graphemes and a reply ref with the wrong cid', async () => {
    const s = await login();
    const post = await f.control<{ uri: string; cid: string }>('POST', '/_sim/posts', { authorDid: carol.did, text: `@${help.handle} my parcel?` });
    const list = await xrpc('app.bsky.notification.listNotifications', s.accessJwt);
    expect(list.body['notifications'].map((n: { reason: string; uri: string }) => [n.reason, n.uri])).toEqual([['mention', post.uri]]);
    expect(list.headers.get('ratelimit-policy')).toBe('3000;w=300');
    const create = (text: string, reply?: unknown) => xrpc('com.atproto.repo.createRecord', s.accessJwt, { body: { repo: help.did, collection: 'app.bsky.feed.post', record: { $type: 'app.bsky.feed.post', text, createdAt: new Date().toISOString(), ...(reply ? { reply } : {}) } } });
    expect((await create('é'.repeat(301))).body['message']).toMatch(/300 graphemes/);
    expect((await create('ok', { root: { uri: post.uri, cid: 'bafywrong' }, parent: post })).status).toBe(400);
    expect((await create('ok', { root: { uri: post.uri, cid: post.cid }, parent: { uri: post.uri, cid: post.cid } })).status).toBe(200);
  });

  it('chat needs the atproto-proxy header and an app password allowed to use DMs', async () => {
    const s = await login();
    await f.control('POST', '/_sim/messages', { senderDid: carol.did, recipientDid: help.did, text: 'private' });
    expect((await xrpc('chat.bsky.convo.getLog', s.accessJwt)).status).toBe(501);
    const log = await xrpc('chat.bsky.convo.getLog', s.accessJwt, { headers: PROXY });
    expect(log.body['logs'].map((l: { message: { text: string } }) => l.message.text)).toEqual(['private']);
    expect((await xrpc('chat.bsky.convo.getLog', s.accessJwt, { headers: PROXY, query: `cursor=${log.body['cursor']}` })).body['logs']).toEqual([]);
    const noDm = await f.control<{ handle: string; appPassword: string }>('POST', '/_sim/accounts', { handle: 'nodm.bsky.example', allowDirectMessages: false });
    const s2 = (await xrpc('com.atproto.server.createSession', '', { body: { identifier: noDm.handle, password: noDm.appPassword } })).body;
    expect((await xrpc('chat.bsky.convo.getLog', s2['accessJwt'], { headers: PROXY })).body).toEqual({ error: 'InvalidToken', message: 'Bad token scope' });
  });
});
