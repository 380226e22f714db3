// Customer avatars in Parley's own storage (issue 12): the worker downloads each customer's picture
// once per address from X's media host, pages show it from Parley's address (never the network's),
// a picture anywhere else is never fetched and initials are shown, and a new picture replaces the old.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startSim, type SimFixture } from '../sim/x/testing.ts';
import { apiClient, makeApp, ROOT_AUTH, sessionHeadersFor, testDeps } from './helpers/app.ts';
import { describeEachDialect } from './helpers/db.ts';
import { connectProfile, eagerWorker, makeDue } from './helpers/x.ts';

describeEachDialect('customer avatars', ({ db, dialect }) => {
  let sim: SimFixture;
  beforeAll(async () => {
    sim = await startSim();
  });
  afterAll(async () => {
    await sim?.close();
  });

  async function setup() {
    const deps = testDeps(db(), dialect, { xApiUrl: sim.running.url });
    const worker = eagerWorker(deps);
    const app = makeApp(deps);
    const { account } = await connectProfile(deps, sim);
    const headers = await sessionHeadersFor(app, ROOT_AUTH);
    const page = async (path: string) => (await app.request(path, { headers })).text();
    const mention = async (user: { id: string }, text: string) => {
      await sim.control('POST', '/_sim/tweets', { authorId: user.id, text: `@${account.username} ${text}` });
      await makeDue(deps);
      await worker.tick();
      // Pictures are fetched beside polling: what this poll met is fetched on the next tick.
      await worker.tick();
    };
    const identity = (externalId: string) => db().selectFrom('customer_identities').selectAll().where('external_user_id', '=', externalId).executeTakeFirstOrThrow();
    const pictureCalls = () => [...sim.sim.state.mediaHostHits].filter(([path]) => path.startsWith('profile_images/')).reduce((n, [, hits]) => n + hits, 0);
    return { deps, worker, app, api: apiClient(app), page, mention, identity, pictureCalls };
  }

  it("stores the picture from X's media host once and shows it from Parley's own address", async () => {
    const { api, page, mention, identity } = await setup();
    const nina = await sim.control<{ id: string }>('POST', '/_sim/users', { username: `nina_${Date.now() % 100000}`, name: 'Nina Berg' });
    await mention(nina, 'my parcel is late');
    const row = await identity(nina.id);
    expect(row.avatar_url).toMatch(/\/_media\/profile_images\/\d+\/avatar_normal\.png$/);
    expect(row).toMatchObject({ avatar_type: 'image/png', avatar_source: row.avatar_url });
    const original = Buffer.from(await (await fetch(row.avatar_url!)).arrayBuffer());

    const served = await api.raw(`/api/v1/avatars/${row.id}`);
    expect(served.status).toBe(200);
    expect(served.headers.get('content-type')).toBe('image/png');
    expect(served.headers.get('x-content-type-options')).toBe('nosniff');
    expect(Buffer.from(await served.arrayBuffer()).equals(original)).toBe(true);

    const ticket = await db().selectFrom('tickets').select('id').where('customer_id', '=', row.customer_id).executeTakeFirstOrThrow();
    for (const html of [await page(`/tickets/${ticket.id}`), await page('/tickets'), await page('/dashboard')]) {
      expect(html).toContain(`src="/api/v1/avatars/${row.id}?v=${row.avatar_sha256!.slice(0, 16)}"`);
      expect(html).not.toContain(sim.running.url);
    }
  });

  it('never fetches a picture from a host that is not X\'s, and shows initials', async () => {
    const { page, mention, identity } = await setup();
    const otto = await sim.control<{ id: string }>('POST', '/_sim/users', { username: `otto_${Date.now() % 100000}`, name: 'Otto Krämer', profileImageUrl: 'https://tracker.example/pixel.png' });
    await mention(otto, 'hello');
    const row = await identity(otto.id);
    // Given up at once (the address is not X's media host): no retry, no picture.
    expect(row).toMatchObject({ avatar_sha256: null, avatar_source: 'https://tracker.example/pixel.png', avatar_due_at: null });
    const ticket = await db().selectFrom('tickets').select('id').where('customer_id', '=', row.customer_id).executeTakeFirstOrThrow();
    const zoom = await page(`/tickets/${ticket.id}`);
    expect(zoom).not.toContain('tracker.example');
    expect(zoom).toMatch(/<span class="avatar" aria-hidden="true" data-initials="OK">OK<\/span>/);
  });

  it('a new picture replaces the old one; one X no longer has is tried once, and the last good one stays', async () => {
    const { api, mention, identity, pictureCalls } = await setup();
    const pia = await sim.control<{ id: string }>('POST', '/_sim/users', { username: `pia_${Date.now() % 100000}`, name: 'Pia' });
    await mention(pia, 'first');
    const before = await identity(pia.id);
    expect(before.avatar_sha256).not.toBeNull();
    const calls = pictureCalls();
    await mention(pia, 'second');
    expect(pictureCalls()).toBe(calls);

    // A new picture (another address on X's host): fetched once, and shown instead of the old one.
    const other = await sim.control<{ id: string }>('POST', '/_sim/users', { username: `pias_cat_${Date.now() % 100000}`, name: 'Cat' });
    const next = `${sim.running.url}/_media/profile_images/${other.id}/avatar_normal.png`;
    await sim.control('PATCH', `/_sim/users/${pia.id}`, { profileImageUrl: next });
    await mention(pia, 'new picture');
    const changed = await identity(pia.id);
    expect(changed).toMatchObject({ avatar_url: next, avatar_source: next });
    expect(changed.avatar_sha256).not.toBe(before.avatar_sha256);
    expect(pictureCalls()).toBe(calls + 1);

    // On X's host, but gone (404): one try, then initials, and never asked again.
    const gone = `${sim.running.url}/_media/profile_images/999999/avatar_normal.png`;
    await sim.control('PATCH', `/_sim/users/${pia.id}`, { profileImageUrl: gone });
    await mention(pia, 'third');
    expect(pictureCalls()).toBe(calls + 2);
    await mention(pia, 'fourth');
    expect(pictureCalls()).toBe(calls + 2);
    const after = await identity(pia.id);
    expect(after).toMatchObject({ avatar_url: gone, avatar_source: gone });
    // The last good picture stays until a new one is stored.
    expect(after.avatar_sha256).toBe(changed.avatar_sha256);
    expect((await api.raw(`/api/v1/avatars/${after.id}`)).status).toBe(200);
    expect((await api.raw(`/api/v1/avatars/999999`)).status).toBe(404);
  });
});
