import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startSim, type SimFixture } from './testing.ts';
import type { SimDmEvent, SimTweet, SimUser } from './state.ts';

const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489', 'hex');
const MP4 = Buffer.from('000000186674797069736f6d0000020069736f6d69736f32', 'hex');
const b64 = (b: Buffer) => b.toString('base64');

let fx: SimFixture;
let alice: SimUser;
beforeEach(async () => {
  fx = await startSim();
  alice = await fx.control<SimUser>('POST', '/_sim/users', { username: 'alice', name: 'Alice' });
});
afterEach(() => fx.close());

const MEDIA_QUERY = 'tweet.fields=attachments&expansions=attachments.media_keys&media.fields=url,preview_image_url,type,variants,width,height,alt_text';

describe('media on posts', () => {
  it('shows attachments.media_keys and includes.media, and serves post media publicly from the media host', async () => {
    const tweet = await fx.control<SimTweet>('POST', '/_sim/tweets', {
      authorId: alice.id,
      text: '@parleyhelp look',
      media: [
        { contentType: 'image/png', data: b64(PNG), altText: 'A broken parcel', width: 800, height: 600 },
        { contentType: 'image/jpeg', data: b64(PNG) },
      ],
    });
    const res = await fx.signedFetch('GET', `/2/users/${fx.account.id}/mentions?${MEDIA_QUERY}`);
    const page = (await res.json()) as { data: { attachments?: { media_keys: string[] } }[]; includes: { media: Record<string, unknown>[] } };
    expect(page.data[0]!.attachments!.media_keys).toHaveLength(2);
    const [first, second] = page.includes.media;
    expect(first).toMatchObject({ type: 'photo', width: 800, height: 600, alt_text: 'A broken parcel' });
    expect(first!['media_key']).toMatch(/^3_\d+$/);
    expect(second).not.toHaveProperty('alt_text');
    const file = await fetch(String(first!['url']));
    expect(file.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await file.arrayBuffer()).equals(PNG)).toBe(true);
    expect(tweet.id).toBeTruthy();
    // Without the expansion there is no includes.media.
    const plain = (await (await fx.signedFetch('GET', `/2/users/${fx.account.id}/mentions?tweet.fields=attachments`)).json()) as { includes?: unknown };
    expect(plain.includes).toBeUndefined();
  });

  it('a video has variants and a preview; a post takes four images or one video, not both', async () => {
    await fx.control('POST', '/_sim/tweets', { authorId: alice.id, text: '@parleyhelp video', media: [{ contentType: 'video/mp4', data: b64(MP4) }] });
    const page = (await (await fx.signedFetch('GET', `/2/users/${fx.account.id}/mentions?${MEDIA_QUERY}`)).json()) as { includes: { media: Record<string, unknown>[] } };
    const video = page.includes.media[0]!;
    expect(video).toMatchObject({ type: 'video', variants: [{ content_type: 'video/mp4' }] });
    expect(video).not.toHaveProperty('url');
    const variant = (video['variants'] as { url: string }[])[0]!;
    expect(Buffer.from(await (await fetch(variant.url)).arrayBuffer()).equals(MP4)).toBe(true);
    expect((await fetch(String(video['preview_image_url']))).status).toBe(200);
    await expect(
      fx.control('POST', '/_sim/tweets', { authorId: alice.id, text: 'x', media: [{ contentType: 'video/mp4', data: b64(MP4) }, { contentType: 'image/png', data: b64(PNG) }] }),
    ).rejects.toThrow(/4 images, or one GIF or video/);
  });
});

describe('media in DMs', () => {
  it('DM media is not on the media host; the DM media endpoint serves it to participants with the user token', async () => {
    const dm = await fx.control<SimDmEvent>('POST', '/_sim/dms', { senderId: alice.id, recipientId: fx.account.id, media: [{ contentType: 'image/jpeg', data: b64(PNG) }] });
    expect(dm.text).toBe('');
    const page = (await (await fx.signedFetch('GET', '/2/dm_events?dm_event.fields=attachments,sender_id&expansions=attachments.media_keys&media.fields=url,type')).json()) as {
      data: { id: string; attachments: { media_keys: string[] } }[];
      includes: { media: { url: string; media_key: string }[] };
    };
    const url = page.includes.media[0]!.url;
    expect(url).toMatch(new RegExp(`^https://ton\\.twitter\\.com/1\\.1/ton/data/dm/${dm.id}/\\d+/[A-Za-z0-9_-]+\\.jpg$`));
    const [, mediaId, resourceId] = /\/dm\/\d+\/(\d+)\/(.+)$/.exec(url)!;
    const path = `/2/dm_conversations/media/${dm.id}/${mediaId}/${resourceId}`;
    expect((await fetch(fx.running.url + path)).status).toBe(401);
    const res = await fx.signedFetch('GET', path);
    expect(res.status).toBe(200);
    expect(Buffer.from(await res.arrayBuffer()).equals(PNG)).toBe(true);
    const other = await fx.control<{ consumerKey: string; consumerSecret: string; accessToken: string; accessTokenSecret: string }>('POST', '/_sim/accounts', { username: 'other', name: 'Other' });
    expect((await fx.signedFetch('GET', path, { credentials: other })).status).toBe(403);
  });
});

describe('media upload', () => {
  it('one-shot upload of an image, then a post with it; the media id cannot be used twice', async () => {
    const form = new FormData();
    form.set('media', new Blob([PNG], { type: 'image/png' }), 'a.png');
    form.set('media_category', 'tweet_image');
    const res = await fx.signedFetch('POST', '/2/media/upload', { multipart: form });
    expect(res.status).toBe(200);
    const { data } = (await res.json()) as { data: { id: string; media_key: string; size: number } };
    expect(data).toMatchObject({ size: PNG.length, expires_after_secs: 86400 });
    const post = await fx.signedFetch('POST', '/2/tweets', { json: { text: 'with a picture', media: { media_ids: [data.id] } } });
    expect(post.status).toBe(201);
    const again = await fx.signedFetch('POST', '/2/tweets', { json: { text: 'again', media: { media_ids: [data.id] } } });
    expect(again.status).toBe(400);
    expect(fx.sim.state.sentBy(fx.account.id).tweets[0]!.mediaKeys).toEqual([data.media_key]);
  });

  it('chunked upload through twitter-api-v2 (initialize, append, finalize) for a DM video; categories and limits hold', async () => {
    const id = await fx.client().v2.uploadMedia(MP4, { media_type: 'video/mp4', media_category: 'dm_video' }, 10);
    const res = await fx.signedFetch('POST', `/2/dm_conversations/with/${alice.id}/messages`, { json: { attachments: [{ media_id: id }] } });
    expect(res.status).toBe(201);
    const sent = fx.sim.state.sentBy(fx.account.id).dms[0]!;
    expect(fx.sim.state.media.get(sent.mediaKeys![0]!)!.bytes.equals(MP4)).toBe(true);

    const tooBig = await fx.signedFetch('POST', '/2/media/upload/initialize', { json: { media_type: 'image/png', total_bytes: 6 * 1024 * 1024, media_category: 'tweet_image' } });
    expect(tooBig.status).toBe(400);
    expect(JSON.stringify(await tooBig.json())).toMatch(/5 MB/);
    const wrongCategory = await fx.signedFetch('POST', '/2/media/upload/initialize', { json: { media_type: 'video/mp4', total_bytes: 100, media_category: 'tweet_image' } });
    expect(wrongCategory.status).toBe(400);
    // A DM upload is not usable in a post.
    const dmImage = await fx.client().v2.uploadMedia(PNG, { media_type: 'image/png', media_category: 'dm_image' });
    expect((await fx.signedFetch('POST', '/2/tweets', { json: { text: 'nope', media: { media_ids: [dmImage] } } })).status).toBe(400);
  });
});

describe('links', () => {
  it('wraps every address in a t.co link with expanded_url and display_url, in posts and DMs', async () => {
    const long = 'https://www.example.com/orders/4711/tracking?carrier=dhl';
    await fx.control('POST', '/_sim/tweets', { authorId: alice.id, text: `@parleyhelp see ${long}` });
    await fx.control('POST', '/_sim/dms', { senderId: alice.id, recipientId: fx.account.id, text: `and ${long}` });
    const page = (await (await fx.signedFetch('GET', `/2/users/${fx.account.id}/mentions?tweet.fields=entities`)).json()) as { data: { text: string; entities: { urls: Record<string, unknown>[] } }[] };
    const [post] = page.data;
    expect(post!.text).toMatch(/^@parleyhelp see https:\/\/t\.co\/[A-Za-z0-9]{10}$/);
    const url = post!.entities.urls[0]!;
    expect(url).toMatchObject({ expanded_url: long, display_url: 'example.com/orders/4711/t…', start: 16, end: 39 });
    expect(post!.text.endsWith(String(url['url']))).toBe(true);
    const dms = (await (await fx.signedFetch('GET', '/2/dm_events?dm_event.fields=entities')).json()) as { data: { text: string; entities: { urls: { url: string; expanded_url: string }[] } }[] };
    expect(dms.data[0]!.text).toBe(`and ${url['url']}`);
    expect(dms.data[0]!.entities.urls[0]).toMatchObject({ url: url['url'], expanded_url: long });
  });
});
