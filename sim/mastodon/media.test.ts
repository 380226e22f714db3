import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gradientPng } from '../common/png.ts';
import { startMastodonSim, type MastodonFixture } from './testing.ts';

// The Mastodon simulator's media, as a stock server handles it: uploads checked by their content,
// images ready at once, video processed in the background (202, then 206 until done), and statuses
// that refuse what is not ready, too many files, or a video beside images.

const PNG = gradientPng(8, 6, [200, 80, 40]);
const MP4 = Buffer.from('000000186674797069736f6d0000020069736f6d69736f32', 'hex');

describe('Mastodon simulator media', () => {
  let f: MastodonFixture;
  let help: { id: string; accessToken: string };
  let carol: { id: string; acct: string };
  let now = Date.now();
  beforeAll(async () => {
    f = await startMastodonSim({ now: () => now, media: { imageSizeLimit: 1024, processingMs: 5_000 } });
    help = await f.control('POST', '/_sim/accounts', { username: 'help' });
    carol = await f.control('POST', '/_sim/users', { username: 'carol', domain: 'other.example' });
  });
  afterAll(() => f.close());
  const auth = (token = help.accessToken) => ({ authorization: `Bearer ${token}` });
  const upload = async (bytes: Buffer, type: string, description?: string) => {
    const form = new FormData();
    form.set('file', new Blob([new Uint8Array(bytes)], { type }), 'file');
    if (description) form.set('description', description);
    const res = await fetch(`${f.url}/api/v2/media`, { method: 'POST', headers: auth(), body: form });
    return { status: res.status, body: (await res.json()) as Record<string, any> };
  };
  const status = async (body: Record<string, unknown>) => {
    const res = await fetch(`${f.url}/api/v1/statuses`, { method: 'POST', headers: { ...auth(), 'content-type': 'application/json' }, body: JSON.stringify(body) });
    return { status: res.status, body: (await res.json()) as Record<string, any> };
  };

  it('announces its limits in the instance configuration', async () => {
    const instance = (await (await fetch(`${f.url}/api/v2/instance`)).json()) as { configuration: { statuses: Record<string, number>; media_attachments: Record<string, unknown> } };
    expect(instance.configuration.statuses.max_media_attachments).toBe(4);
    expect(instance.configuration.media_attachments).toMatchObject({ image_size_limit: 1024, video_size_limit: 99 * 1024 * 1024, supported_mime_types: expect.arrayContaining(['image/png', 'video/mp4']) });
  });

  it('takes an image at once (200, with its url) and serves it from its files host without a token', async () => {
    const { status: code, body } = await upload(PNG, 'image/png', 'a chart');
    expect(code).toBe(200);
    expect(body).toMatchObject({ type: 'image', description: 'a chart', url: expect.stringMatching(/\/system\/media_attachments\/files\/\d+\/original\/\d+\.png$/) });
    const file = await fetch(body['url']);
    expect(file.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await file.arrayBuffer()).equals(PNG)).toBe(true);
    const posted = await status({ status: '', media_ids: [body['id']], visibility: 'public' });
    expect(posted.status).toBe(200);
    expect(posted.body['media_attachments'].map((m: { id: string }) => m.id)).toEqual([body['id']]);
    // Attached: no longer to be fetched through the media API, nor attached twice.
    expect((await fetch(`${f.url}/api/v1/media/${body['id']}`, { headers: auth() })).status).toBe(404);
    expect((await status({ status: 'again', media_ids: [body['id']] })).body['error']).toMatch(/not found or already attached/);
  });

  it('refuses a type by content, an image over the limit, and a token without write', async () => {
    expect(await upload(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'), 'image/png')).toEqual({ status: 422, body: { error: 'Validation failed: File content type is invalid, File is invalid' } });
    expect((await upload(Buffer.concat([PNG, Buffer.alloc(1024)]), 'image/png')).body['error']).toBe('Validation failed: File file size must be less than 1 KB');
    const ro = await f.control<{ accessToken: string }>('POST', '/_sim/accounts', { username: 'ro', scopes: ['read'] });
    const form = new FormData();
    form.set('file', new Blob([new Uint8Array(PNG)], { type: 'image/png' }), 'a.png');
    expect((await fetch(`${f.url}/api/v2/media`, { method: 'POST', headers: auth(ro.accessToken), body: form })).status).toBe(403);
  });

  it('processes a video in the background: 202, 206 until done, and a status waits for it', async () => {
    const video = await upload(MP4, 'video/mp4');
    expect([video.status, video.body['url']]).toEqual([202, null]);
    const check = () => fetch(`${f.url}/api/v1/media/${video.body['id']}`, { headers: auth() });
    expect((await check()).status).toBe(206);
    expect((await status({ status: 'the video', media_ids: [video.body['id']] })).body['error']).toBe('Cannot attach files that have not finished processing. Try again in a moment!');
    now += 5_000;
    const done = await check();
    expect(done.status).toBe(200);
    expect(((await done.json()) as { url: string }).url).toMatch(/\.mp4$/);
    const image = await upload(PNG, 'image/png');
    expect((await status({ status: 'both', media_ids: [video.body['id'], image.body['id']] })).body['error']).toBe('Cannot attach a video to a post that already contains images');
    const five = await Promise.all([1, 2, 3, 4, 5].map(() => upload(PNG, 'image/png')));
    expect((await status({ status: 'five', media_ids: five.map((u) => u.body['id']) })).body['error']).toBe('Cannot attach more than 4 files');
    expect((await status({ status: 'the video', media_ids: [video.body['id']] })).status).toBe(200);
  });

  it('plays people posting with media, and serves avatars from its own files', async () => {
    const s = await f.control<{ media_attachments: { type: string; url: string; description: string }[]; account: { avatar: string } }>('POST', '/_sim/statuses', {
      accountId: carol.id,
      text: '@help look',
      media: [{ data: PNG.toString('base64'), description: 'the label', width: 8, height: 6 }],
    });
    expect(s.media_attachments).toMatchObject([{ type: 'image', description: 'the label', meta: { original: { width: 8, height: 6 } } }]);
    expect(s.account.avatar.startsWith(f.url)).toBe(true);
    const avatar = await fetch(s.account.avatar);
    expect([avatar.status, avatar.headers.get('content-type')]).toEqual([200, 'image/png']);
  });
});
