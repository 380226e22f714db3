import { afterAll, afterEach, beforeAll, expect, it, vi } from 'vitest';
import { startSim, type SimFixture } from '../sim/x/testing.ts';
import { apiClient, makeApp, ROOT_AUTH, sessionHeadersFor, testDeps } from './helpers/app.ts';
import { describeEachDialect } from './helpers/db.ts';
import { connectProfile, eagerWorker, makeDue, sendDm, simUser, tweet } from './helpers/x.ts';
import { countingProxy, type CountingProxy } from './helpers/x-proxy.ts';

// Parley against a simulator that enforces X's limits (15 DM lookups and 15 DM sends per window):
// backlogs read whole and once, sends paced without a 429, lost answers repaired without a second
// message, X's summoned-reply rule, and text X sends that PostgreSQL would refuse. Where the point
// is what happens within one window and in the next, the clock (Date, shared by Parley and the
// simulator, which run in this process) stands still and jumps to the next window, so that a slow
// machine cannot change what a window holds; elsewhere the window is shortened to WINDOW_MS.

const WINDOW_MS = 1500;
const DM_SEND = '/2/dm_conversations/with/:participant_id/messages';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describeEachDialect('X as it really is', ({ db, dialect }) => {
  let sim: SimFixture;
  let proxy: CountingProxy;
  const simLog: string[] = [];
  beforeAll(async () => {
    sim = await startSim({ rateWindowMs: WINDOW_MS, log: (line) => simLog.push(line) });
    proxy = await countingProxy(sim.running.url);
  });
  afterAll(async () => {
    await proxy?.close();
    await sim?.close();
  });
  afterEach(() => {
    vi.useRealTimers();
  });
  /** A simulator with X's own 15-minute windows, and a clock that moves only when told. */
  async function frozenClock() {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date());
    const own = await startSim({ log: (line) => simLog.push(line) });
    return { sim: own, nextWindow: () => vi.setSystemTime(Date.now() + 15 * 60 * 1000 + 1000) };
  }
  const setup = (xApiUrl = proxy.url) => {
    const deps = testDeps(db(), dialect, { xApiUrl });
    return { deps, app: makeApp(deps), api: apiClient(makeApp(deps)), worker: eagerWorker(deps) };
  };
  const count = async (table: 'articles', where: { profileId: number }) =>
    Number((await db().selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).where('profile_id', '=', where.profileId).executeTakeFirstOrThrow()).n);
  /** Polls and delivers until `done`, as the worker would over several of X's windows. */
  async function until(s: ReturnType<typeof setup>, done: () => Promise<boolean>, between: () => unknown = () => sleep(50), rounds = 200) {
    for (let round = 0; !(await done()); round++) {
      if (round >= rounds) throw new Error('not done in time');
      await makeDue(s.deps);
      await s.worker.tick();
      await between();
    }
  }

  it('reads a backlog of more than 1,000 DMs whole, each once, across X windows, saying "catching up" meanwhile', async () => {
    const clock = await frozenClock();
    try {
      const s = setup(clock.sim.running.url);
      const { account, profile } = await connectProfile(s.deps, clock.sim);
      const people = await Promise.all([simUser(clock.sim, 'Ada'), simUser(clock.sim, 'Bo'), simUser(clock.sim, 'Cy')]);
      const sent = Array.from({ length: 1300 }, (_, i) => clock.sim.sim.state.createDm({ senderId: people[i % 3]!.id, recipientId: account.id, text: `backlog ${i}` }).id);

      await makeDue(s.deps);
      await s.worker.tick();
      // 14 of X's 15 lookups (one is kept for the outbox): 1 + 10 + 12 × 100 events.
      expect(await count('articles', { profileId: profile.id })).toBe(1210);
      expect((await s.api.get(`/api/v1/social-media-profiles/${profile.id}`)).body.catchingUp).toBe(1210);
      const page = await s.app.request(`/admin/social-media-profiles/twitter/${profile.id}`, { headers: await sessionHeadersFor(s.app, ROOT_AUTH) });
      expect(await page.text()).toContain('catching up: 1210 read');
      // Within the window nothing more is read, and X is not asked.
      await makeDue(s.deps);
      await s.worker.tick();
      expect(await count('articles', { profileId: profile.id })).toBe(1210);

      clock.nextWindow();
      await until(s, async () => (await count('articles', { profileId: profile.id })) >= 1300, () => clock.nextWindow(), 5);
      const rows = await db().selectFrom('articles').select('external_id').where('profile_id', '=', profile.id).execute();
      expect(rows.map((r) => r.external_id).sort()).toEqual([...sent].sort());
      expect((await s.api.get(`/api/v1/social-media-profiles/${profile.id}`)).body.catchingUp).toBeNull();
      const tickets = await db().selectFrom('tickets').select('id').where('social_profile_id', '=', profile.id).execute();
      expect(tickets).toHaveLength(3);
    } finally {
      await clock.sim.close();
    }
  });

  it('sends a burst of agent DMs beyond 15 per window: all sent, none failed, held ones say when they go', async () => {
    const clock = await frozenClock();
    try {
      const s = setup(clock.sim.running.url);
      const { account, profile } = await connectProfile(s.deps, clock.sim);
      const dora = await simUser(clock.sim, 'Dora');
      await sendDm(clock.sim, dora, account, 'Can you answer a lot?');
      await makeDue(s.deps);
      await s.worker.tick();
      const ticket = await db().selectFrom('tickets').selectAll().where('social_profile_id', '=', profile.id).executeTakeFirstOrThrow();
      const ids: number[] = [];
      for (let i = 0; i < 20; i++) ids.push((await s.api.post(`/api/v1/tickets/${ticket.id}/articles`, { body: `Answer number ${i}`, kind: 'dm' })).body.id);

      await s.worker.tick();
      const first = await db().selectFrom('articles').select(['delivery_status', 'delivery_error']).where('id', 'in', ids).orderBy('id').execute();
      expect(first.filter((a) => a.delivery_status === 'sent')).toHaveLength(15);
      const held = first.filter((a) => a.delivery_status === 'queued');
      expect(held).toHaveLength(5);
      expect(held[0]!.delivery_error).toMatch(/^Held back by X's limit; it goes at \d\d:\d\d UTC\.$/);
      const zoom = await s.app.request(`/tickets/${ticket.id}`, { headers: await sessionHeadersFor(s.app, ROOT_AUTH) });
      expect(await zoom.text()).toContain('Held back by X&#39;s limit');

      clock.nextWindow();
      await until(s, async () => (await db().selectFrom('articles').select('id').where('id', 'in', ids).where('delivery_status', '=', 'sent').execute()).length === 20, () => clock.nextWindow(), 5);
      expect(await db().selectFrom('articles').select('id').where('id', 'in', ids).where('delivery_status', '=', 'failed').execute()).toEqual([]);
      expect(clock.sim.sim.state.sentBy(account.id).dms.map((d) => d.text).sort()).toEqual(Array.from({ length: 20 }, (_, i) => `Answer number ${i}`).sort());
    } finally {
      await clock.sim.close();
    }
  });

  it('a DM and a reply whose answers were lost are on X once and shown sent', async () => {
    const s = setup();
    const { account, profile } = await connectProfile(s.deps, sim);
    const eve = await simUser(sim, 'Eve');
    const question = await tweet(sim, eve, `@${account.username} is the shop open?`);
    await sendDm(sim, eve, account, 'And privately: my order?');
    await makeDue(s.deps);
    await s.worker.tick();
    const tickets = await db().selectFrom('tickets').selectAll().where('social_profile_id', '=', profile.id).orderBy('id').execute();
    const postTicket = tickets.find((t) => t.conversation_key === `tweet:${question.id}`)!;
    const dmTicket = tickets.find((t) => t.conversation_key?.startsWith('dm:'))!;
    await sim.control('POST', '/_sim/faults', { method: 'POST', path: '/2/tweets', status: 'lost' });
    await sim.control('POST', '/_sim/faults', { method: 'POST', path: DM_SEND, status: 'lost' });
    const reply = await s.api.post(`/api/v1/tickets/${postTicket.id}/articles`, { body: `@${eve.username} Yes, until 6.`, kind: 'reply' });
    const dm = await s.api.post(`/api/v1/tickets/${dmTicket.id}/articles`, { body: 'It left today.', kind: 'dm' });

    await until(s, async () => (await db().selectFrom('articles').select('id').where('id', 'in', [reply.body.id, dm.body.id]).where('delivery_status', '=', 'sent').execute()).length === 2);
    // Both answers were lost (the faults were used), so each message took a second attempt, which asked X first.
    expect(sim.sim.state.faults).toEqual([]);
    const rows = await db().selectFrom('outbox').select('attempts').where('article_id', 'in', [reply.body.id, dm.body.id]).execute();
    expect(rows.map((r) => r.attempts)).toEqual([2, 2]);
    const onX = sim.sim.state.sentBy(account.id);
    expect(onX.tweets.filter((t) => t.text === `@${eve.username} Yes, until 6.`)).toHaveLength(1);
    expect(onX.dms.filter((d) => d.text === 'It left today.')).toHaveLength(1);
    const stored = await db().selectFrom('articles').select(['id', 'external_id']).where('id', 'in', [reply.body.id, dm.body.id]).orderBy('id').execute();
    expect(stored.map((a) => a.external_id)).toEqual([onX.tweets.find((t) => t.text.endsWith('until 6.'))!.id, onX.dms.find((d) => d.text === 'It left today.')!.id]);
  });

  it('a NUL in a DM blocks nothing: it is dropped, and the next DM is stored too', async () => {
    const s = setup();
    const { account, profile } = await connectProfile(s.deps, sim);
    const finn = await simUser(sim, 'Finn');
    await sendDm(sim, finn, account, 'order\u0000 4711');
    await makeDue(s.deps);
    await s.worker.tick();
    await sendDm(sim, finn, account, 'and one more');
    await makeDue(s.deps);
    await s.worker.tick();
    const bodies = await db().selectFrom('articles').select('body').where('profile_id', '=', profile.id).orderBy('id').execute();
    expect(bodies.map((b) => b.body)).toEqual(['order 4711', 'and one more']);
    const state = await db().selectFrom('profile_poll_state').selectAll().where('profile_id', '=', profile.id).executeTakeFirstOrThrow();
    expect(state).toMatchObject({ failures: 0, last_error: null });
  });

  it('replies publicly only to a post that summons the account; otherwise says so and offers a DM', async () => {
    const s = setup();
    const { account, profile } = await connectProfile(s.deps, sim);
    const gus = await simUser(sim, 'Gus');
    const asking = await tweet(sim, gus, `@${account.username} my parcel is late`);
    await makeDue(s.deps);
    await s.worker.tick();
    const ticket = await db().selectFrom('tickets').selectAll().where('social_profile_id', '=', profile.id).executeTakeFirstOrThrow();
    const first = await s.api.post(`/api/v1/tickets/${ticket.id}/articles`, { body: `@${gus.username} We are looking.`, kind: 'reply' });
    await s.worker.tick();
    const ours = await db().selectFrom('articles').select('external_id').where('id', '=', first.body.id).executeTakeFirstOrThrow();
    // Gus answers our reply without naming the account: X would refuse a reply to that post.
    await tweet(sim, gus, 'thanks, still nothing though', ours.external_id!);
    await makeDue(s.deps);
    await s.worker.tick();
    const second = await s.api.post(`/api/v1/tickets/${ticket.id}/articles`, { body: `@${gus.username} It arrives tomorrow.`, kind: 'reply' });
    expect(second.status).toBe(201);
    await s.worker.tick();
    const stored = await db().selectFrom('articles').selectAll().where('id', '=', second.body.id).executeTakeFirstOrThrow();
    expect(stored).toMatchObject({ delivery_status: 'sent', in_reply_to_external_id: asking.id });

    // A conversation whose only customer post does not name the account.
    const announcement = sim.sim.state.createTweet({ authorId: account.id, text: 'We are closed on Monday.' });
    await tweet(sim, gus, 'why?', announcement.id);
    await makeDue(s.deps);
    await s.worker.tick();
    const other = await db().selectFrom('tickets').selectAll().where('social_profile_id', '=', profile.id).where('conversation_key', '=', `tweet:${announcement.id}`).executeTakeFirstOrThrow();
    const refused = await s.api.post(`/api/v1/tickets/${other.id}/articles`, { body: 'Because of a holiday.', kind: 'reply' });
    expect(refused.status).toBe(400);
    expect(refused.body.error).toMatchObject({ code: 'invalid_input', field: 'kind', message: expect.stringContaining(`@mentions @${account.username}`) });
    const zoom = await (await s.app.request(`/tickets/${other.id}`, { headers: await sessionHeadersFor(s.app, ROOT_AUTH) })).text();
    expect(zoom).toContain('id="compose-reply-note"');
    expect(zoom).toMatch(/<input type="radio" name="kind" value="dm" checked=""/);
    expect((await s.api.post(`/api/v1/tickets/${other.id}/articles`, { body: 'Because of a holiday.', kind: 'dm' })).status).toBe(201);
  });

  it('an idle poll reads at most one resource, and asks X nothing about the account', async () => {
    const s = setup();
    const { account, profile } = await connectProfile(s.deps, sim);
    const hal = await simUser(sim, 'Hal');
    for (let i = 0; i < 30; i++) await sendDm(sim, hal, account, `dm ${i}`);
    await tweet(sim, hal, `@${account.username} hello`);
    await makeDue(s.deps);
    await s.worker.tick();
    expect(await count('articles', { profileId: profile.id })).toBe(31);
    for (let poll = 0; poll < 3; poll++) {
      const before = proxy.calls.length;
      await makeDue(s.deps);
      await s.worker.tick();
      const calls = proxy.calls.slice(before);
      expect(calls.map((c) => c.path).sort()).toEqual(['/2/dm_events', `/2/users/${account.id}/mentions`]);
      expect(calls.reduce((n, c) => n + c.resources, 0)).toBeLessThanOrEqual(1);
    }
  });

  it('met no 429 from X in all of this', () => {
    expect(simLog.filter((line) => line.startsWith('429'))).toEqual([]);
  });
});
