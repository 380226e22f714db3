import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { xAdapter } from '../src/channels/x/index.ts';
import type { ChannelAdapter, InboundBatch } from '../src/channels/types.ts';
import { getCursor } from '../src/db/repos/profiles.ts';
import { claimDue } from '../src/outbox/store.ts';
import { clientForProfile } from '../src/channels/clients.ts';
import { pollProfile } from '../src/worker/poll.ts';
import { startSim, type SimFixture } from '../sim/x/testing.ts';
import { apiClient, makeApp, testDeps, TEST_SECRET_KEY } from './helpers/app.ts';
import { ADMIN_PASSWORD, describeEachDialect, openTestDatabase } from './helpers/db.ts';
import { connectProfile, eagerWorker, makeDue, sendDm, simUser } from './helpers/x.ts';

// Exactly once under failure: a crash between two stored batches, two workers at once, a crash
// while sending, and a real process killed with SIGKILL in the middle of polling.

describeEachDialect('exactly once', ({ db, dialect }) => {
  let sim: SimFixture;
  beforeAll(async () => {
    sim = await startSim();
  });
  afterAll(async () => {
    await sim?.close();
  });
  const setup = () => testDeps(db(), dialect, { xApiUrl: sim.running.url });
  const articleBodies = async () => (await db().selectFrom('articles').select(['body', 'external_id']).where('direction', '=', 'incoming').orderBy('id').execute());

  it('a crash after the first batch loses nothing and stores nothing twice', async () => {
    const deps = setup();
    const { account, profile } = await connectProfile(deps, sim);
    const pat = await simUser(sim, 'Pat');
    for (let i = 1; i <= 150; i++) await sendDm(sim, pat, account, `message ${i}`);

    // The worker dies while storing the second batch: its transaction never commits.
    const crashing: ChannelAdapter = {
      ...xAdapter,
      createClient(options) {
        const real = xAdapter.createClient(options);
        return {
          ...real,
          async fetchInbound(stream, cursor, since) {
            const batches = await real.fetchInbound(stream, cursor, since);
            if (batches.length < 2) return batches;
            const poisoned = { cursor: batches[1]!.cursor } as InboundBatch;
            Object.defineProperty(poisoned, 'entities', { get: () => { throw new Error('simulated crash'); } });
            return [batches[0]!, poisoned];
          },
        };
      },
    };
    const crashed = await pollProfile({ ...deps, channels: new Map([['twitter', crashing]]) }, profile, { owner: 'doomed', pollSeconds: 60 });
    expect(crashed.status).toBe('error');
    const stored = await articleBodies();
    expect(stored).toHaveLength(100);
    expect(await getCursor(db(), profile.id, 'dms')).toBe(stored[99]!.external_id);

    // After the restart the next poll continues from the stored cursor.
    await makeDue(deps);
    await eagerWorker(deps).tick();
    const all = await articleBodies();
    expect(all.map((a) => a.body)).toEqual(Array.from({ length: 150 }, (_, i) => `message ${i + 1}`));
    expect(new Set(all.map((a) => a.external_id)).size).toBe(150);
    await makeDue(deps);
    await eagerWorker(deps).tick();
    expect(await articleBodies()).toHaveLength(150);
  });

  it('two workers polling at once store every message once', async () => {
    const deps = setup();
    const { account, profile } = await connectProfile(deps, sim);
    const sam = await simUser(sim, 'Sam');
    for (let i = 1; i <= 120; i++) await sendDm(sim, sam, account, `hello ${i}`);
    const [a, b] = [eagerWorker(deps), eagerWorker(deps)];
    await makeDue(deps);
    await Promise.all([a.tick(), b.tick(), a.tick(), b.tick()]);
    await makeDue(deps);
    await Promise.all([a.tick(), b.tick()]);
    const all = await articleBodies();
    expect(all).toHaveLength(120);
    expect(new Set(all.map((x) => x.external_id)).size).toBe(120);
    expect(await db().selectFrom('tickets').selectAll().where('social_profile_id', '=', profile.id).execute()).toHaveLength(1);
  });

  it('a message whose sender died after X accepted it is found on X, not sent again', async () => {
    const deps = setup();
    const { account, profile } = await connectProfile(deps, sim);
    const una = await simUser(sim, 'Una');
    await sendDm(sim, una, account, 'Need help');
    await makeDue(deps);
    await eagerWorker(deps).tick();
    const [ticket] = await db().selectFrom('tickets').selectAll().where('social_profile_id', '=', profile.id).execute();
    const reply = await apiClient(makeApp(deps)).post(`/api/v1/tickets/${ticket!.id}/articles`, { body: 'On our way.' });
    expect(reply.status).toBe(201);

    // A worker claims the message, X accepts it, and the worker dies before recording that.
    const [claimed] = await claimDue(db(), 'dying-worker', new Date().toISOString(), 1, 10);
    await clientForProfile(deps, (await db().selectFrom('social_profiles').selectAll().where('id', '=', profile.id).executeTakeFirstOrThrow())).send(JSON.parse(claimed!.message));
    await new Promise((r) => setTimeout(r, 5));

    await eagerWorker(deps).tick();
    const sent = await sim.control<{ dms: { text: string }[] }>('GET', `/_sim/accounts/${account.id}/sent`);
    expect(sent.dms.map((d) => d.text)).toEqual(['On our way.']);
    const article = await db().selectFrom('articles').selectAll().where('id', '=', reply.body.id).executeTakeFirstOrThrow();
    expect(article.delivery_status).toBe('sent');
    expect(article.external_id).toMatch(/^\d+$/);
    expect(deps.logs.text).toContain('not sending it again');
  });
});

/** Parley as a separate process, killed with SIGKILL while it polls, then started again. */
describeEachDialect('a killed process', ({ dialect }) => {
  let sim: SimFixture;
  let dir: string;
  beforeAll(async () => {
    // X allows 15 DM lookups per 15 minutes; a shortened window lets 900 DMs in within the test.
    sim = await startSim({ rateWindowMs: 1000 });
    dir = mkdtempSync(join(tmpdir(), 'parley-kill-'));
  });
  afterAll(async () => {
    await sim?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  function start(url: string): ChildProcess {
    return spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: join(import.meta.dirname, '..'),
      env: {
        ...process.env,
        DATABASE_URL: url,
        PORT: '0',
        PARLEY_SECRET_KEY: TEST_SECRET_KEY,
        PARLEY_ADMIN_PASSWORD: ADMIN_PASSWORD,
        PARLEY_X_API_URL: sim.running.url,
        PARLEY_POLL_SECONDS: '0.05',
        // The killed worker's lease runs out quickly, so the restarted one may take the poll over.
        PARLEY_LEASE_SECONDS: '1',
        LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
  }

  it('loses nothing and duplicates nothing when killed mid-poll and restarted', async () => {
    const database = await openTestDatabase(dialect, { file: join(dir, `kill-${dialect}.db`) });
    try {
      const deps = testDeps(database.db, dialect, { xApiUrl: sim.running.url });
      const { account } = await connectProfile(deps, sim);
      const people = await Promise.all([simUser(sim, 'Ada'), simUser(sim, 'Bo'), simUser(sim, 'Cy')]);
      for (let i = 0; i < 900; i++) await sendDm(sim, people[i % 3]!, account, `dm ${i}`);
      const count = async () => Number((await database.db.selectFrom('articles').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);

      const first = start(database.url);
      const deadline = Date.now() + 60_000;
      while ((await count()) === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 2));
      first.kill('SIGKILL');
      await new Promise((r) => first.once('exit', r));
      const atKill = await count();
      // Killed between two stored batches of the same poll.
      expect(atKill).toBeGreaterThan(0);
      expect(atKill).toBeLessThan(900);

      const second = start(database.url);
      try {
        while ((await count()) < 900 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
        await new Promise((r) => setTimeout(r, 500));
      } finally {
        second.kill('SIGTERM');
        await new Promise((r) => second.once('exit', r));
      }
      const rows = await database.db.selectFrom('articles').select(['external_id', 'body']).execute();
      expect(rows).toHaveLength(900);
      expect(new Set(rows.map((r) => r.external_id)).size).toBe(900);
      expect(new Set(rows.map((r) => r.body)).size).toBe(900);
      const tickets = await database.db.selectFrom('tickets').selectAll().execute();
      expect(tickets).toHaveLength(3);
    } finally {
      await database.close();
    }
  }, 120_000);
});
