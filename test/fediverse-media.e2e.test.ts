import { afterAll, beforeAll, expect, it } from 'vitest';
import { gradientPng } from '../sim/common/png.ts';
import { startBlueskySim, type BlueskyFixture } from '../sim/bluesky/testing.ts';
import { startMastodonSim, type MastodonFixture } from '../sim/mastodon/testing.ts';
import { apiClient, makeApp, ROOT_AUTH, sessionHeadersFor, testDeps } from './helpers/app.ts';
import { describeEachDialect } from './helpers/db.ts';
import { connectNetworkProfile, type NetworkHarness } from './helpers/networks.ts';
import { eagerWorker, makeDue } from './helpers/x.ts';

// Media on Mastodon and Bluesky, both ways, against the simulators over real HTTP: attachments of
// statuses, DMs and posts are downloaded once into Parley's storage and shown from Parley's
// address; the customers' avatars are cached the same way; an agent's files are uploaded exactly
// once (a retried send reuses them) and refused before anything is queued when the network would.

const PNG = gradientPng(12, 8, [200, 60, 30]);
const PNG2 = gradientPng(16, 9, [30, 60, 200]);
const JPEG = Buffer.from('ffd8ffe000104a46494600010100000100010000ffd9', 'hex');
const MP4 = Buffer.from('000000186674797069736f6d0000020069736f6d69736f32', 'hex');
const b64 = (b: Buffer) => b.toString('base64');
const rnd = () => Math.random().toString(36).slice(2, 8);

type Files = { name: string; type: string; bytes: Buffer }[];
const replyForm = (body: string, kind: 'reply' | 'dm', files: Files) => {
  const form = new FormData();
  form.set('body', body);
  form.set('kind', kind);
  for (const f of files) form.append('files', new Blob([new Uint8Array(f.bytes)], { type: f.type }), f.name);
  return form;
};

describeEachDialect('Mastodon media end to end', ({ db, dialect }) => {
  let f: MastodonFixture;
  beforeAll(async () => {
    f = await startMastodonSim({ media: { processingMs: 400 } });
  });
  afterAll(() => f?.close());

  async function setup() {
    const deps = testDeps(db(), dialect);
    const app = makeApp(deps);
    const worker = eagerWorker(deps);
    const net = {
      type: 'mastodon',
      account: async () => {
        const a = await f.control<{ id: string; acct: string; displayName: string; accessToken: string }>('POST', '/_sim/accounts', { username: `help_${rnd()}` });
        return { person: { id: a.id, handle: a.acct, displayName: a.displayName }, credentials: { instanceUrl: f.url, accessToken: a.accessToken } };
      },
    } as unknown as NetworkHarness;
    const { account, profile } = await connectNetworkProfile(deps, net);
    const carol = await f.control<{ id: string; acct: string }>('POST', '/_sim/users', { username: `carol_${rnd()}`, displayName: 'Carol', domain: 'other.example' });
    const poll = async () => {
      await makeDue(deps);
      await worker.tick();
      // Downloads and avatars run beside polling: what this poll stored is fetched on the next tick.
      await worker.tick();
    };
    const tickets = () => db().selectFrom('tickets').selectAll().where('social_profile_id', '=', profile.id).orderBy('id').execute();
    return { deps, app, api: apiClient(app), worker, account, profile, carol, poll, tickets };
  }

  it('a status with two images and a direct status with one arrive with their files, stored once, shown from Parley; the avatar is cached', async () => {
    const { app, api, account, carol, poll, tickets } = await setup();
    await f.control('POST', '/_sim/statuses', { accountId: carol.id, text: `@${account.handle} the label and the box`, media: [{ data: b64(PNG), description: 'The label', width: 12, height: 8 }, { data: b64(JPEG) }] });
    await f.control('POST', '/_sim/statuses', { accountId: carol.id, text: `@${account.handle} privately`, visibility: 'direct', media: [{ data: b64(PNG2) }] });
    await poll();
    const [post, dm] = await tickets();
    expect(dm!.conversation_key).toMatch(/^dm:/);
    const postArticle = (await api.get(`/api/v1/tickets/${post!.id}/articles`)).body.items[0];
    expect(postArticle.attachments).toMatchObject([
      { status: 'stored', contentType: 'image/png', size: PNG.length, mediaType: 'photo', altText: 'The label', width: 12, height: 8 },
      { status: 'stored', contentType: 'image/jpeg', size: JPEG.length },
    ]);
    const served = await api.raw(postArticle.attachments[0].url);
    expect(Buffer.from(await served.arrayBuffer()).equals(PNG)).toBe(true);
    const dmArticle = (await api.get(`/api/v1/tickets/${dm!.id}/articles`)).body.items[0];
    expect(dmArticle.attachments).toMatchObject([{ status: 'stored', size: PNG2.length }]);

    const zoom = await (await app.request(`/tickets/${post!.id}`, { headers: await sessionHeadersFor(app, ROOT_AUTH) })).text();
    expect(zoom).toContain(`src="${postArticle.attachments[0].url}"`);
    expect(zoom).not.toContain(f.url);

    const identity = await db().selectFrom('customer_identities').selectAll().where('external_user_id', '=', carol.id).where('network', '=', 'mastodon').executeTakeFirstOrThrow();
    expect(identity).toMatchObject({ avatar_type: 'image/png', avatar_source: identity.avatar_url });
    expect(identity.avatar_url!.startsWith(f.url)).toBe(true);
    expect((await api.raw(`/api/v1/avatars/${identity.id}`)).status).toBe(200);

    // Never again: another poll adds no rows and stores nothing new.
    const before = await db().selectFrom('attachments').select('id').execute();
    await poll();
    expect(await db().selectFrom('attachments').select('id').execute()).toHaveLength(before.length);
  });

  it('a reply with an image is uploaded once although the first send fails; a video waits for its processing', async () => {
    const { api, worker, account, carol, poll, tickets } = await setup();
    await f.control('POST', '/_sim/statuses', { accountId: carol.id, text: `@${account.handle} what does it look like?` });
    await poll();
    const [ticket] = await tickets();
    await f.control('POST', '/_sim/faults', { endpoint: 'POST /api/v1/statuses', status: 503, count: 1 });
    const res = await api.raw(`/api/v1/tickets/${ticket!.id}/articles`, { method: 'POST', body: replyForm('Like this.', 'reply', [{ name: 'label.png', type: 'image/png', bytes: PNG }]) });
    expect(res.status).toBe(201);
    await worker.tick();
    await worker.tick();
    const sent = await f.control<{ statuses: { text: string; media: { contentType: string; size: number; description: string | null }[] }[]; uploads: { attached: boolean }[] }>('GET', `/_sim/accounts/${account.id}/sent`);
    expect(sent.statuses).toHaveLength(1);
    expect(sent.statuses[0]).toMatchObject({ text: `@${carol.acct} Like this.`, media: [{ contentType: 'image/png', size: PNG.length }] });
    expect(sent.uploads).toEqual([{ id: expect.any(String), type: 'image', attached: true }]);
    const shown = (await api.get(`/api/v1/tickets/${ticket!.id}/articles`)).body.items.at(-1);
    expect(shown).toMatchObject({ deliveryStatus: 'sent', attachments: [{ filename: 'label.png' }] });

    // A video is processed in the background (202): the status is posted once it is done.
    expect((await api.raw(`/api/v1/tickets/${ticket!.id}/articles`, { method: 'POST', body: replyForm('The video.', 'reply', [{ name: 'how.mp4', type: 'video/mp4', bytes: MP4 }]) })).status).toBe(201);
    await worker.tick();
    await worker.tick();
    const after = await f.control<{ statuses: { text: string; media: { type: string }[] }[] }>('GET', `/_sim/accounts/${account.id}/sent`);
    expect(after.statuses.at(-1)).toMatchObject({ text: `@${carol.acct} The video.`, media: [{ type: 'video' }] });
  });

  it("files are checked against Mastodon's rules before anything is queued, with the reason", async () => {
    const { api, account, carol, poll, tickets } = await setup();
    await f.control('POST', '/_sim/statuses', { accountId: carol.id, text: `@${account.handle} hi` });
    await poll();
    const [ticket] = await tickets();
    const post = async (files: Files) => {
      const r = await api.raw(`/api/v1/tickets/${ticket!.id}/articles`, { method: 'POST', body: replyForm('x', 'reply', files) });
      return { status: r.status, body: (await r.json()) as { error: { field: string; message: string } } };
    };
    const before = await db().selectFrom('articles').select('id').where('ticket_id', '=', ticket!.id).execute();
    expect(await post([{ name: 'v.mp4', type: 'video/mp4', bytes: MP4 }, { name: 'a.png', type: 'image/png', bytes: PNG }])).toMatchObject({ status: 400, body: { error: { field: 'files', message: 'A Mastodon post can carry up to four images, or one video.' } } });
    expect((await post([{ name: 'doc.pdf', type: 'application/pdf', bytes: Buffer.from('%PDF-1.4') }])).body.error.message).toMatch(/Mastodon does not take files of type application\/pdf/);
    expect(await db().selectFrom('articles').select('id').where('ticket_id', '=', ticket!.id).execute()).toHaveLength(before.length);
  });
});

describeEachDialect('Bluesky media end to end', ({ db, dialect }) => {
  let f: BlueskyFixture;
  beforeAll(async () => {
    f = await startBlueskySim();
  });
  afterAll(() => f?.close());

  async function setup() {
    const deps = testDeps(db(), dialect);
    const app = makeApp(deps);
    const worker = eagerWorker(deps);
    const net = {
      type: 'bluesky',
      account: async () => {
        const a = await f.control<{ did: string; handle: string; displayName: string; appPassword: string }>('POST', '/_sim/accounts', { handle: `help-${rnd()}.bsky.example` });
        return { person: { id: a.did, handle: a.handle, displayName: a.displayName }, credentials: { serviceUrl: f.url, handle: a.handle, appPassword: a.appPassword } };
      },
    } as unknown as NetworkHarness;
    const { account, profile } = await connectNetworkProfile(deps, net);
    const carol = await f.control<{ did: string; handle: string }>('POST', '/_sim/users', { handle: `carol-${rnd()}.bsky.example`, displayName: 'Carol' });
    const poll = async () => {
      await makeDue(deps);
      await worker.tick();
      await worker.tick();
    };
    const tickets = () => db().selectFrom('tickets').selectAll().where('social_profile_id', '=', profile.id).orderBy('id').execute();
    return { deps, app, api: apiClient(app), worker, account, profile, carol, poll, tickets };
  }

  it("a post's images come from the author's PDS (getBlob), stored once with their alt text; the avatar is cached", async () => {
    const { api, account, carol, poll, tickets } = await setup();
    await f.control('POST', '/_sim/posts', { authorDid: carol.did, text: `@${account.handle} broken on arrival`, images: [{ data: b64(PNG), alt: 'The dent', width: 12, height: 8 }, { data: b64(JPEG) }] });
    await poll();
    const [ticket] = await tickets();
    const article = (await api.get(`/api/v1/tickets/${ticket!.id}/articles`)).body.items[0];
    expect(article.attachments).toMatchObject([
      { status: 'stored', contentType: 'image/png', size: PNG.length, altText: 'The dent', width: 12, height: 8 },
      { status: 'stored', contentType: 'image/jpeg', size: JPEG.length },
    ]);
    expect(Buffer.from(await (await api.raw(article.attachments[1].url)).arrayBuffer()).equals(JPEG)).toBe(true);
    const identity = await db().selectFrom('customer_identities').selectAll().where('external_user_id', '=', carol.did).executeTakeFirstOrThrow();
    expect(identity).toMatchObject({ avatar_type: 'image/png', avatar_source: identity.avatar_url });
  });

  it('a reply with an image is uploaded once and embedded although the first send fails; chat messages refuse files', async () => {
    const { api, worker, account, carol, poll, tickets } = await setup();
    await f.control('POST', '/_sim/posts', { authorDid: carol.did, text: `@${account.handle} which one?` });
    await f.control('POST', '/_sim/messages', { senderDid: carol.did, recipientDid: account.id, text: 'and privately?' });
    await poll();
    const all = await tickets();
    const post = all.find((t) => t.conversation_key?.startsWith('post:'))!;
    const chat = all.find((t) => t.conversation_key?.startsWith('dm:'))!;
    await f.control('POST', '/_sim/faults', { endpoint: 'com.atproto.repo.createRecord', status: 503, count: 1 });
    expect((await api.raw(`/api/v1/tickets/${post.id}/articles`, { method: 'POST', body: replyForm('This one.', 'reply', [{ name: 'a.png', type: 'image/png', bytes: PNG2 }]) })).status).toBe(201);
    await worker.tick();
    await worker.tick();
    const sent = await f.control<{ posts: { text: string; embed: { $type: string; images: { image: { mimeType: string; size: number }; aspectRatio?: unknown }[] } | null }[]; blobs: unknown[] }>('GET', `/_sim/accounts/${account.id}/sent`);
    expect(sent.posts).toHaveLength(1);
    expect(sent.posts[0]).toMatchObject({ text: 'This one.', embed: { $type: 'app.bsky.embed.images', images: [{ image: { mimeType: 'image/png', size: PNG2.length }, aspectRatio: { width: 16, height: 9 } }] } });
    expect(sent.blobs).toHaveLength(1);

    const refuse = async (ticketId: number, kind: 'reply' | 'dm', files: Files) => {
      const r = await api.raw(`/api/v1/tickets/${ticketId}/articles`, { method: 'POST', body: replyForm('x', kind, files) });
      return { status: r.status, body: (await r.json()) as { error: { field: string; message: string } } };
    };
    expect(await refuse(chat.id, 'dm', [{ name: 'a.png', type: 'image/png', bytes: PNG }])).toMatchObject({ status: 400, body: { error: { field: 'files', message: expect.stringMatching(/chat messages cannot carry images/) } } });
    expect((await refuse(post.id, 'reply', [{ name: 'big.png', type: 'image/png', bytes: Buffer.concat([PNG, Buffer.alloc(1_000_000)]) }])).body.error.message).toMatch(/Bluesky takes images up to 1 MB \(1,000,000 bytes\)/);
    expect((await refuse(post.id, 'reply', [{ name: 'v.mp4', type: 'video/mp4', bytes: MP4 }])).body.error.message).toMatch(/only images to Bluesky/);
  });
});
