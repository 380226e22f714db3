import { afterAll, beforeAll, expect, it } from 'vitest';
import { startSim, type SimFixture } from '../sim/x/testing.ts';
import { meterSettled } from '../src/channels/clients.ts';
import { apiClient, makeApp, testDeps } from './helpers/app.ts';
import { describeEachDialect } from './helpers/db.ts';
import { connectProfile, eagerWorker, makeDue, sendDm, simUser, tweet } from './helpers/x.ts';

// Issue 9, items 7 and 8: Parley's meter against the simulator's bill (which bills as X does),
// the usage fields in the API, and the monthly budget pausing and resuming reading.

interface SimBill {
  total: { reads: Record<string, number>; writes: Record<string, number>; usd: number };
}

describeEachDialect('X billing end to end', ({ db, dialect }) => {
  let sim: SimFixture;
  beforeAll(async () => {
    sim = await startSim();
  });
  afterAll(async () => {
    await sim?.close();
  });

  const setup = (clock?: () => Date) => {
    const deps = { ...testDeps(db(), dialect, { xApiUrl: sim.running.url }), ...(clock ? { clock } : {}) };
    return { deps, api: apiClient(makeApp(deps)), worker: eagerWorker(deps) };
  };
  type Setup = ReturnType<typeof setup>;
  async function poll({ deps, worker }: Setup) {
    await makeDue(deps);
    await worker.tick();
    await meterSettled();
  }
  /** A connected profile whose verification (done without the meter) is not on the simulator's bill either. */
  async function connected(s: Setup) {
    const c = await connectProfile(s.deps, sim);
    sim.sim.state.billing.reset();
    return c;
  }
  const simBill = (accountId: string) => sim.control<SimBill>('GET', `/_sim/accounts/${accountId}/bill`);
  const simCalls = (accountId: string) => sim.sim.state.calls.get(accountId)?.total ?? 0;

  it('meters what X bills: resources read once per day, expansions as users, writes by kind, priced alike', async () => {
    const s = setup();
    const { account, profile } = await connected(s);
    const [carol, dave, erin] = [await simUser(sim, 'Carol'), await simUser(sim, 'Dave'), await simUser(sim, 'Erin')];
    await tweet(sim, carol, `@${account.username} my parcel is late`);
    await tweet(sim, dave, `@${account.username} wrong size`);
    await sendDm(sim, erin, account, 'Private question');
    await sendDm(sim, erin, account, 'Order 12');
    await poll(s);
    await poll(s); // idle

    const tickets = await db().selectFrom('tickets').selectAll().where('social_profile_id', '=', profile.id).orderBy('id').execute();
    expect(tickets).toHaveLength(3);
    const [carolTicket, daveTicket, erinTicket] = tickets;
    expect((await s.api.post(`/api/v1/tickets/${carolTicket!.id}/articles`, { body: 'On its way, sorry!', kind: 'reply' })).status).toBe(201);
    expect((await s.api.post(`/api/v1/tickets/${daveTicket!.id}/articles`, { body: 'Exchange here: https://shop.example.com/returns', kind: 'reply' })).status).toBe(201);
    expect((await s.api.post(`/api/v1/tickets/${erinTicket!.id}/articles`, { body: 'Answered privately.', kind: 'dm' })).status).toBe(201);
    await s.worker.tick();
    await poll(s);
    await meterSettled();

    const bill = await simBill(account.id);
    expect(bill.total.writes).toEqual({ post: 0, post_url: 1, summoned_reply: 1, dm: 1, media_metadata: 0 });
    const got = await s.api.get(`/api/v1/social-media-profiles/${profile.id}`);
    expect(got.status).toBe(200);
    const { usage } = got.body;
    const simReads = Object.values(bill.total.reads).reduce((a, b) => a + b, 0);
    expect(usage.month).toEqual({ reads: simReads, writes: 3, usd: expect.closeTo(bill.total.usd, 9) });
    expect(usage.today).toEqual(usage.month);
    expect(got.body.monthlyBudgetUsd).toBeNull();
    expect(got.body.readingPaused).toBeNull();
    // Every kind matches the bill, not only the sum.
    const rows = await db().selectFrom('profile_billed_usage').selectAll().where('profile_id', '=', profile.id).execute();
    const sum = (col: keyof (typeof rows)[number]) => rows.reduce((a, r) => a + Number(r[col]), 0);
    expect({
      post: sum('read_posts'), owned_post: sum('read_owned_posts'), user: sum('read_users'), dm_event: sum('read_dm_events'), media: sum('read_media'),
    }).toEqual(bill.total.reads);
    expect(bill.total.reads['owned_post']).toBeGreaterThanOrEqual(2);
    expect(bill.total.reads['user']).toBe(3 + 1); // the three customers, and the account itself as the sender of its DM

    const list = await s.api.get('/api/v1/social-media-profiles');
    expect(list.body.items.find((p: { id: number }) => p.id === profile.id).usage).toEqual(usage);
  });

  it('validates monthlyBudgetUsd and keeps nothing from a refused change', async () => {
    const s = setup();
    const { profile } = await connected(s);
    const url = `/api/v1/social-media-profiles/${profile.id}`;
    for (const bad of [-1, 'ten', 1.234, 2_000_000]) {
      const res = await s.api.patch(url, { monthlyBudgetUsd: bad, description: 'changed' });
      expect(res.status).toBe(400);
      expect(res.body.error).toMatchObject({ code: 'invalid_input', field: 'monthlyBudgetUsd' });
    }
    expect((await s.api.get(url)).body).toMatchObject({ monthlyBudgetUsd: null, description: 'The support account.' });
    expect((await s.api.patch(url, { monthlyBudgetUsd: 12.5 })).body.monthlyBudgetUsd).toBe(12.5);
    expect((await s.api.patch(url, { description: 'other' })).body.monthlyBudgetUsd).toBe(12.5);
    expect((await s.api.patch(url, { monthlyBudgetUsd: null })).body.monthlyBudgetUsd).toBeNull();
  });

  it('pauses reading when the month reaches the budget, sends replies still, and resumes with a higher budget or a new month', async () => {
    let now = new Date('2026-11-30T10:00:00Z');
    const s = setup(() => now);
    const { account, profile } = await connected(s);
    const url = `/api/v1/social-media-profiles/${profile.id}`;
    await s.api.patch(url, { monthlyBudgetUsd: 0.02 });
    const frank = await simUser(sim, 'Frank');
    await sendDm(sim, frank, account, 'First'); // a DM event and its sender: $0.02
    await poll(s);
    expect((await s.api.get(url)).body.usage.month.usd).toBeCloseTo(0.02, 9);

    await sendDm(sim, frank, account, 'Second');
    const callsBefore = simCalls(account.id);
    await poll(s);
    expect(simCalls(account.id)).toBe(callsBefore); // not one read
    const paused = (await s.api.get(url)).body;
    expect(paused.readingPaused).toEqual({ reason: expect.stringMatching(/budget of \$0\.02/), resumesAt: '2026-12-01T00:00:00.000Z' });
    const articles = () => db().selectFrom('articles').innerJoin('tickets', 'tickets.id', 'articles.ticket_id').select('articles.body').where('tickets.social_profile_id', '=', profile.id).where('articles.direction', '=', 'incoming').execute();
    expect((await articles()).map((a) => a.body)).toEqual(['First']);

    // Replies still go out.
    const ticket = await db().selectFrom('tickets').select('id').where('social_profile_id', '=', profile.id).executeTakeFirstOrThrow();
    await s.api.post(`/api/v1/tickets/${ticket.id}/articles`, { body: 'We read you.', kind: 'dm' });
    await s.worker.tick();
    expect((await sim.control<{ dms: unknown[] }>('GET', `/_sim/accounts/${account.id}/sent`)).dms).toHaveLength(1);

    // A higher budget resumes reading at the next poll.
    await s.api.patch(url, { monthlyBudgetUsd: 0.1 });
    await poll(s);
    expect((await articles()).map((a) => a.body)).toEqual(['First', 'Second']);
    expect((await s.api.get(url)).body.readingPaused).toBeNull();

    // Spent again, paused again; the first of the month (UTC) starts over.
    await s.api.patch(url, { monthlyBudgetUsd: 0.01 });
    await sendDm(sim, frank, account, 'Third');
    await poll(s);
    expect((await articles()).map((a) => a.body)).toEqual(['First', 'Second']);
    now = new Date('2026-12-01T00:00:05Z');
    expect((await s.api.get(url)).body).toMatchObject({ readingPaused: null, usage: { month: { reads: 0, writes: 0, usd: 0 } } });
    await poll(s);
    expect((await articles()).map((a) => a.body)).toEqual(['First', 'Second', 'Third']);
  });
});
