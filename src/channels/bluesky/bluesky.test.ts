import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBlueskySim, type BlueskyFixture } from '../../../sim/bluesky/testing.ts';
import type { ChannelCallEvent } from '../types.ts';
import { createBlueskyClient } from './client.ts';
import { facetsOf } from './facets.ts';
import { checkText } from './text.ts';

describe('Bluesky facets and length', () => {
  it('marks mentions and links by UTF-8 byte ranges; an unknown handle stays text', async () => {
    const text = '💬 @carol.bsky.social see https://example.com/x. @ghost.example';
    const facets = await facetsOf(text, async (h) => (h === 'carol.bsky.social' ? 'did:plc:carol' : null));
    const bytes = Buffer.from(text);
    expect(facets.map((f) => [bytes.subarray(f.index.byteStart, f.index.byteEnd).toString(), f.features[0]])).toEqual([
      ['@carol.bsky.social', { $type: 'app.bsky.richtext.facet#mention', did: 'did:plc:carol' }],
      ['https://example.com/x', { $type: 'app.bsky.richtext.facet#link', uri: 'https://example.com/x' }],
    ]);
  });
  it('counts graphemes: 300 for a post, 1000 for a chat message', () => {
    expect(checkText('tweet', 'é'.repeat(300))).toMatchObject({ ok: true, length: 300 });
    // 300 graphemes of 18 bytes each are over the 3000 bytes a post may hold.
    expect(checkText('tweet', '👩‍👩‍👧'.repeat(300)).message).toMatch(/3000 bytes/);
    expect(checkText('tweet', 'x'.repeat(301)).message).toMatch(/300 characters in a post; this text has 301/);
    expect(checkText('dm', 'x'.repeat(1000)).ok).toBe(true);
  });
});

describe('Bluesky sessions', () => {
  let f: BlueskyFixture;
  let skew = 0;
  beforeAll(async () => {
    f = await startBlueskySim({ now: () => Date.now() + skew, accessTtlMs: 2 * 3600_000 });
  });
  afterAll(() => f.close());

  it('signs in once, and refreshes when the PDS says the access token expired', async () => {
    const a = await f.control<{ handle: string; appPassword: string }>('POST', '/_sim/accounts', { handle: 'help.bsky.example' });
    const calls: ChannelCallEvent[] = [];
    const make = () => createBlueskyClient({ credentials: { serviceUrl: f.url, handle: a.handle, appPassword: a.appPassword }, account: null, apiUrl: '', onCall: (e) => calls.push(e) });
    const first = await make().verify();
    expect(first.username).toBe('help.bsky.example');
    await make().verify();
    const sessions = () => calls.filter((c) => c.endpoint.includes('com.atproto.server.')).map((c) => c.endpoint);
    expect(sessions()).toEqual(['POST com.atproto.server.createSession']);
    // The PDS's clock runs past the token's two hours: the next call is refused once, refreshed, and made again.
    skew = 3 * 3600_000;
    await make().verify();
    expect(sessions()).toEqual(['POST com.atproto.server.createSession', 'POST com.atproto.server.refreshSession']);
  });

  it('names a wrong app password as the credentials, and DMs the password may not read', async () => {
    const a = await f.control<{ handle: string; appPassword: string }>('POST', '/_sim/accounts', { handle: 'nodm.bsky.example', allowDirectMessages: false });
    const bad = createBlueskyClient({ credentials: { serviceUrl: f.url, handle: a.handle, appPassword: 'wrong-pass-word-xxxx' }, account: null, apiUrl: '' });
    await expect(bad.verify()).rejects.toMatchObject({ kind: 'auth', message: expect.stringMatching(/Invalid identifier or password/) });
    const noDm = createBlueskyClient({ credentials: { serviceUrl: f.url, handle: a.handle, appPassword: a.appPassword }, account: null, apiUrl: '' });
    await expect(noDm.fetchInbound('dms', null, new Date(0))).rejects.toMatchObject({ kind: 'auth', message: expect.stringMatching(/allow access to direct messages/) });
  });
});
