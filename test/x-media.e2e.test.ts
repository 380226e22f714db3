import { afterAll, beforeAll, expect, it } from 'vitest';
import { startSim, type SimFixture } from '../sim/x/testing.ts';
import { createWorker } from '../src/worker/worker.ts';
import { apiClient, basic, makeApp, ROOT_AUTH, sessionHeadersFor, testDeps } from './helpers/app.ts';
import { describeEachDialect } from './helpers/db.ts';
import { connectProfile, makeDue, simUser } from './helpers/x.ts';

// Media from X into tickets and back: downloaded once into Parley's own storage, shown from
// Parley's address, uploaded exactly once with a reply.

const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');
const JPEG = Buffer.from('ffd8ffe000104a46494600010100000100010000ffd9', 'hex');
const MP4 = Buffer.from('000000186674797069736f6d0000020069736f6d69736f32', 'hex');
const b64 = (b: Buffer) => b.toString('base64');

describeEachDialect('X media end to end', ({ db, dialect }) => {
  let sim: SimFixture;
  beforeAll(async () => {
    sim = await startSim();
  });
  afterAll(async () => {
    await sim?.close();
  });
  const setup = (downloadBackoffMs = 0) => {
    const deps = testDeps(db(), dialect, { xApiUrl: sim.running.url });
    const worker = createWorker(deps, { pollSeconds: 0.001, delivery: { backoffMs: () => 0 }, downloads: { backoffMs: () => downloadBackoffMs } });
    const app = makeApp(deps);
    // Pages take a logged-in session, not Basic credentials.
    let session: Promise<Record<string, string>> | null = null;
    const page = async (path: string) => (await app.request(path, { headers: await (session ??= sessionHeadersFor(app, ROOT_AUTH)) })).text();
    return { deps, api: apiClient(app), worker, page };
  };
  async function poll(deps: ReturnType<typeof setup>['deps'], worker: ReturnType<typeof setup>['worker']) {
    await makeDue(deps);
    await worker.tick();
    // Downloads run beside polling: what this poll stored is fetched on the next tick.
    await worker.tick();
  }
  const ticketOf = async (profileId: number) => (await db().selectFrom('tickets').selectAll().where('social_profile_id', '=', profileId).orderBy('id').execute());

  it('a DM with a photo and a post with two images and a video arrive with their attachments, stored once, served by Parley', async () => {
    const { deps, api, worker, page } = setup();
    const { account, profile } = await connectProfile(deps, sim);
    const carol = await simUser(sim, 'Carol');
    await sim.control('POST', '/_sim/dms', { senderId: carol.id, recipientId: account.id, media: [{ contentType: 'image/png', data: b64(PNG), altText: 'The error screen' }] });
    await sim.control('POST', '/_sim/tweets', {
      authorId: carol.id,
      text: `@${account.username} the parcel, see https://example.com/track/4711`,
      media: [
        { contentType: 'image/jpeg', data: b64(JPEG) },
        { contentType: 'image/png', data: b64(PNG) },
      ],
    });
    await sim.control('POST', '/_sim/tweets', { authorId: carol.id, text: `@${account.username} and a video`, media: [{ contentType: 'video/mp4', data: b64(MP4) }] });
    await poll(deps, worker);
    const tickets = await ticketOf(profile.id);
    expect(tickets).toHaveLength(3);

    const dmTicket = tickets.find((t) => t.conversation_key?.startsWith('dm:'))!;
    const dmArticles = (await api.get(`/api/v1/tickets/${dmTicket.id}/articles`)).body.items;
    expect(dmArticles[0].body).toBe('');
    const [photo] = dmArticles[0].attachments;
    expect(photo).toMatchObject({ contentType: 'image/png', size: PNG.length, url: `/api/v1/attachments/${photo.id}` });
    const file = await api.raw(photo.url);
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toBe('image/png');
    expect(file.headers.get('x-content-type-options')).toBe('nosniff');
    expect(Buffer.from(await file.arrayBuffer()).equals(PNG)).toBe(true);

    const all = await db().selectFrom('attachments').selectAll().orderBy('id').execute();
    expect(all.map((a) => `${a.status} ${a.media_type}`).sort()).toEqual(['stored photo', 'stored photo', 'stored photo', 'stored video']);
    // The same PNG came twice (the DM and the post): one blob.
    const blobs = await db().selectFrom('blobs').select(['sha256', 'size']).execute();
    expect(blobs).toHaveLength(3);
    expect(new Set(all.map((a) => a.sha256)).size).toBe(3);

    const post = tickets.find((t) => t.title.includes('parcel'))!;
    const postArticle = (await api.get(`/api/v1/tickets/${post.id}/articles`)).body.items[0];
    expect(postArticle.body).toContain('https://example.com/track/4711');
    expect(postArticle.attachments.map((a: { contentType: string }) => a.contentType)).toEqual(['image/jpeg', 'image/png']);

    // The zoom shows them from Parley's own address, never from the simulator's media host.
    const zoom = await page(`/tickets/${post.id}`);
    const sources = [...zoom.matchAll(/<a href="[^"]+" target="_blank" rel="noopener" class="thumb" title="Open full size"><img src="([^"]+)"/g)].map((m) => m[1]);
    expect(sources).toEqual(postArticle.attachments.map((a: { url: string }) => a.url));
    expect(zoom).not.toContain(sim.running.url);
    const videoTicket = tickets.find((t) => t.title.includes('video'))!;
    const videoZoom = await page(`/tickets/${videoTicket.id}`);
    expect(videoZoom).toMatch(/<video src="\/api\/v1\/attachments\/\d+" controls/);

    // Never fetched again: more polls and ticks make no media call.
    const calls = () => sim.sim.state.calls.get(account.id)?.byEndpoint['GET /2/dm_conversations/media/:dm_id/:media_id/:resource_id'] ?? 0;
    expect(calls()).toBe(1);
    await poll(deps, worker);
    expect(calls()).toBe(1);
  });

  it('a download that fails is retried and does not block other messages', async () => {
    const { deps, api, worker } = setup(60_000);
    const { account, profile } = await connectProfile(deps, sim);
    const dave = await simUser(sim, 'Dave');
    await sim.control('POST', '/_sim/faults', { method: 'GET', path: '/2/dm_conversations/media/:dm_id/:media_id/:resource_id', status: 503, count: 1 });
    await sim.control('POST', '/_sim/dms', { senderId: dave.id, recipientId: account.id, text: 'see the photo', media: [{ contentType: 'image/jpeg', data: b64(JPEG) }] });
    await poll(deps, worker);
    const [ticket] = await ticketOf(profile.id);
    const first = (await api.get(`/api/v1/tickets/${ticket!.id}/articles`)).body.items;
    expect(first[0].body).toBe('see the photo');
    const pending = await db().selectFrom('attachments').selectAll().where('ticket_id', '=', ticket!.id).executeTakeFirstOrThrow();
    expect(pending).toMatchObject({ status: 'pending', attempts: 1 });
    expect(pending.last_error).toMatch(/503/);
    // The placeholder is on the article; the file is not served yet.
    expect((await api.raw(`/api/v1/attachments/${pending.id}`)).status).toBe(404);

    // The stream goes on meanwhile.
    await sim.control('POST', '/_sim/dms', { senderId: dave.id, recipientId: account.id, text: 'hello?' });
    await poll(deps, worker);
    const after = (await api.get(`/api/v1/tickets/${ticket!.id}/articles`)).body.items;
    expect(after.map((a: { body: string }) => a.body)).toEqual(['see the photo', 'hello?']);
    expect(after[0].attachments[0]).toMatchObject({ status: 'pending', size: null });
    // The back-off has passed: the next tick fetches it.
    await db().updateTable('attachments').set({ next_attempt_at: new Date(0).toISOString() }).where('id', '=', pending.id).execute();
    await worker.tick();
    const stored = await db().selectFrom('attachments').selectAll().where('id', '=', pending.id).executeTakeFirstOrThrow();
    expect(stored).toMatchObject({ status: 'stored', size: JPEG.length });
  });
  it("DM media downloads are paced by X's limit for the endpoint: a used-up window is waited for, not a failed attempt", async () => {
    const { deps, worker } = setup();
    const { account, profile } = await connectProfile(deps, sim);
    const erin = await simUser(sim, 'Erin');
    const endpoint = { method: 'GET', path: '/2/dm_conversations/media/:dm_id/:media_id/:resource_id' };
    const calls = () => sim.sim.state.calls.get(account.id)?.byEndpoint[`${endpoint.method} ${endpoint.path}`] ?? 0;
    await sim.control('POST', '/_sim/rate-limits', { ...endpoint, limit: 1 });
    try {
      await sim.control('POST', '/_sim/dms', { senderId: erin.id, recipientId: account.id, text: 'first photo', media: [{ contentType: 'image/png', data: b64(PNG) }] });
      await poll(deps, worker);
      expect(calls()).toBe(1);
      await sim.control('POST', '/_sim/dms', { senderId: erin.id, recipientId: account.id, text: 'second photo', media: [{ contentType: 'image/jpeg', data: b64(JPEG) }] });
      await poll(deps, worker);
      // The window's one call is spent: Parley does not ask (X never answers 429), and waits.
      expect(calls()).toBe(1);
      const rows = await db().selectFrom('attachments').selectAll().where('ticket_id', 'in', (await ticketOf(profile.id)).map((t) => t.id)).orderBy('id').execute();
      expect(rows.map((r) => r.status)).toEqual(['stored', 'pending']);
      expect(rows[1]).toMatchObject({ attempts: 0, last_error: null });
      expect(Date.parse(rows[1]!.next_attempt_at!)).toBeGreaterThan(Date.now() + 60_000);
    } finally {
      await sim.control('POST', '/_sim/rate-limits', { ...endpoint, limit: 900 });
    }
  });
});

describeEachDialect('X media: replies and permissions', ({ db, dialect }) => {
  let sim: SimFixture;
  beforeAll(async () => {
    sim = await startSim();
  });
  afterAll(async () => {
    await sim?.close();
  });

  async function ticketWithPost() {
    const deps = testDeps(db(), dialect, { xApiUrl: sim.running.url });
    const worker = createWorker(deps, { pollSeconds: 0.001, delivery: { backoffMs: () => 0 } });
    const app = makeApp(deps);
    const api = apiClient(app);
    const { account, profile } = await connectProfile(deps, sim);
    const erin = await simUser(sim, 'Erin');
    await sim.control('POST', '/_sim/tweets', { authorId: erin.id, text: `@${account.username} what does the label look like?`, media: [{ contentType: 'image/png', data: b64(PNG) }] });
    await makeDue(deps);
    await worker.tick();
    await worker.tick();
    const ticket = await db().selectFrom('tickets').selectAll().where('social_profile_id', '=', profile.id).executeTakeFirstOrThrow();
    return { deps, worker, app, api, account, ticket };
  }

  const replyForm = (body: string, files: { name: string; type: string; bytes: Buffer }[]) => {
    const form = new FormData();
    form.set('body', body);
    form.set('kind', 'reply');
    for (const f of files) form.append('files', new Blob([f.bytes], { type: f.type }), f.name);
    return form;
  };

  it('a reply with an image is on the simulator with its media; a retried send does not upload twice', async () => {
    const { worker, api, account, ticket } = await ticketWithPost();
    await sim.control('POST', '/_sim/faults', { method: 'POST', path: '/2/tweets', status: 503, count: 1 });
    const res = await api.raw(`/api/v1/tickets/${ticket.id}/articles`, { method: 'POST', body: replyForm('Like this one.', [{ name: 'label.jpg', type: 'image/jpeg', bytes: JPEG }]) });
    expect(res.status).toBe(201);
    const article = (await res.json()) as { id: number; deliveryStatus: string; attachments: { filename: string; contentType: string; size: number; url: string }[] };
    expect(article).toMatchObject({ deliveryStatus: 'queued', attachments: [{ filename: 'label.jpg', contentType: 'image/jpeg', size: JPEG.length }] });

    await worker.tick();
    const calls = () => sim.sim.state.calls.get(account.id)?.byEndpoint ?? {};
    // The first send failed (503) after the upload, and the retry in the same drain reused the media id.
    const sent = sim.sim.state.sentBy(account.id).tweets;
    expect(sent).toHaveLength(1);
    expect(sent[0]!.text).toBe('Like this one.');
    expect(calls()['POST /2/tweets']).toBe(2);
    expect(calls()['POST /2/media/upload/initialize']).toBe(1);
    const media = sim.sim.state.media.get(sent[0]!.mediaKeys![0]!)!;
    expect(media.bytes.equals(JPEG)).toBe(true);
    expect(media.category).toBe('tweet_image');
    const shown = (await api.get(`/api/v1/tickets/${ticket.id}/articles`)).body.items.at(-1);
    expect(shown).toMatchObject({ deliveryStatus: 'sent', attachments: [{ filename: 'label.jpg' }] });
    // The stored file is the one sent.
    expect(Buffer.from(await (await api.raw(shown.attachments[0].url)).arrayBuffer()).equals(JPEG)).toBe(true);
  });

  it("files are checked against X's rules before anything is queued, with the reason", async () => {
    const { api, ticket } = await ticketWithPost();
    const before = await db().selectFrom('articles').select('id').where('ticket_id', '=', ticket.id).execute();
    const post = (files: { name: string; type: string; bytes: Buffer }[], body = 'x') =>
      Promise.resolve(api.raw(`/api/v1/tickets/${ticket.id}/articles`, { method: 'POST', body: replyForm(body, files) })).then(async (r: Response) => ({ status: r.status, body: (await r.json()) as { error: { field: string; message: string } } }));
    const video = { name: 'v.mp4', type: 'video/mp4', bytes: MP4 };
    const image = { name: 'a.png', type: 'image/png', bytes: PNG };
    const mixed = await post([video, image]);
    expect(mixed).toMatchObject({ status: 400, body: { error: { field: 'files', message: expect.stringMatching(/four images, or one GIF or video/) } } });
    expect((await post([image, image, image, image, image])).body.error.message).toMatch(/At most 4/);
    expect((await post([{ name: 'evil.png', type: 'image/png', bytes: Buffer.from('<script>alert(1)</script>') }])).body.error.message).toMatch(/not really image\/png/);
    expect((await post([{ name: 'doc.pdf', type: 'application/pdf', bytes: Buffer.from('%PDF-1.4') }])).body.error.message).toMatch(/does not take files of type application\/pdf/);
    const after = await db().selectFrom('articles').select('id').where('ticket_id', '=', ticket.id).execute();
    expect(after).toHaveLength(before.length);
    // Four images are fine, and a note takes any file; a note's file that is not a safe image is a download.
    expect((await post([image, image, image, image])).status).toBe(201);
    const note = new FormData();
    note.set('body', 'The customer sent this by mail.');
    note.set('kind', 'note');
    note.append('files', new Blob(['<html><script>alert(1)</script></html>'], { type: 'text/html' }), 'mail.html');
    const noted = await api.raw(`/api/v1/tickets/${ticket.id}/articles`, { method: 'POST', body: note });
    expect(noted.status).toBe(201);
    const file = await api.raw(((await noted.json()) as { attachments: { url: string }[] }).attachments[0]!.url);
    expect(file.headers.get('content-type')).toBe('text/html');
    expect(file.headers.get('content-disposition')).toMatch(/^attachment; filename="mail.html"/);
    expect(file.headers.get('x-content-type-options')).toBe('nosniff');
    expect(file.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(file.headers.get('content-security-policy')).not.toContain('unsafe-inline');
  });

  it('an agent who may not see the ticket gets 403/404 for its attachments', async () => {
    const { app, api, ticket } = await ticketWithPost();
    const [attachment] = (await api.get(`/api/v1/tickets/${ticket.id}/articles`)).body.items[0].attachments;
    expect((await api.raw(attachment.url)).status).toBe(200);
    const created = await api.post('/api/v1/agents', { login: 'outsider', firstName: 'Out', lastName: 'Sider', email: 'out@example.com', password: 'outsider-password-1', groups: [] });
    expect(created.status).toBe(201);
    const outsider = apiClient(app, basic('outsider', 'outsider-password-1'));
    expect([403, 404]).toContain((await outsider.raw(attachment.url)).status);
    expect([403, 404]).toContain((await outsider.get(`/api/v1/tickets/${ticket.id}/articles`)).status);
    expect((await outsider.raw('/api/v1/attachments/999999')).status).toBe(404);
    expect((await apiClient(app, 'Basic bm9ib2R5Om5vcGU=').raw(attachment.url)).status).toBe(401);
  });
});
