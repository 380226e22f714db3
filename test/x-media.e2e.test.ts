import { afterAll, beforeAll, expect, it } from 'vitest';
import { startSim, type SimFixture } from '../sim/x/testing.ts';
import { createWorker } from '../src/worker/worker.ts';
import { apiClient, makeApp, testDeps } from './helpers/app.ts';
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
    return { deps, api: apiClient(makeApp(deps)), worker };
  };
  async function poll(deps: ReturnType<typeof setup>['deps'], worker: ReturnType<typeof setup>['worker']) {
    await makeDue(deps);
    await worker.tick();
    // Downloads run beside polling: what this poll stored is fetched on the next tick.
    await worker.tick();
  }
  const ticketOf = async (profileId: number) => (await db().selectFrom('tickets').selectAll().where('social_profile_id', '=', profileId).orderBy('id').execute());

  it('a DM with a photo and a post with two images and a video arrive with their attachments, stored once, served by Parley', async () => {
    const { deps, api, worker } = setup();
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
});
