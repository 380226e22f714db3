import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiToken } from '../src/cli/tokens.ts';
import { openDatabase, type Database } from '../src/db/connect.ts';
import { startSim, type SimFixture } from '../sim/x/testing.ts';
import { testDeps } from './helpers/app.ts';
import { killParley, observerUrl, startParley, stopParley, terminateConnections, type ClusterEnv, type ParleyProcess } from './helpers/cluster.ts';
import { DIALECTS, openTestDatabase, type TestDatabase } from './helpers/db.ts';
import { connectProfile, sendDm, simUser, type ConnectedProfile, type SimUser } from './helpers/x.ts';

// Two `parley web` and three `parley worker` processes on one PostgreSQL database against the X
// simulator (with X's rate limits): workers are killed with SIGKILL while they poll and while they
// send, and every database connection is terminated twice while messages flow both ways.

const POLL_SECONDS = 1;
const LEASE_SECONDS = 3;
const PROFILES = 4;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.runIf(DIALECTS.includes('postgres'))('scale-out: 2 web and 3 worker processes through kills and lost connections', () => {
  let sim: SimFixture;
  let database: TestDatabase;
  let observer: Database;
  const procs: ParleyProcess[] = [];
  beforeAll(async () => {
    // X's limits in a 2 s window: 15 DM lookups and sends per account would otherwise hold the
    // later waves for 15 minutes (the pacing itself is tested in test/x-limits.e2e.test.ts).
    sim = await startSim({ rateWindowMs: 2000 });
    database = await openTestDatabase('postgres');
    observer = openDatabase(observerUrl(database.url), { poolSize: 4, onIdleError: () => undefined });
  });
  afterAll(async () => {
    await Promise.all(procs.map(stopParley));
    await observer?.close();
    await database?.close();
    await sim?.close();
  });

  it('stores every message once, sends every reply once, and keeps running', async () => {
    const db = observer.db;
    const deps = testDeps(db, 'postgres', { xApiUrl: sim.running.url });
    const env: ClusterEnv = { databaseUrl: database.url, xApiUrl: sim.running.url, pollSeconds: POLL_SECONDS, leaseSeconds: LEASE_SECONDS };
    const start = async (kind: 'web' | 'worker') => {
      const p = await startParley(kind, env);
      procs.push(p);
      return p;
    };
    // The processes start (slow on a busy machine) while the profiles are set up.
    const starting = Promise.all([start('web'), start('web'), start('worker'), start('worker'), start('worker')]);
    const profiles: ConnectedProfile[] = [];
    for (let i = 0; i < PROFILES; i++) profiles.push(await connectProfile(deps, sim));
    const people: SimUser[] = await Promise.all(['Ann', 'Ben', 'Cat'].map((n) => simUser(sim, n)));
    const token = await createApiToken(db, 'root@localhost', 'scale-e2e');
    const [web1, web2, ...workers] = await starting;
    const killed = new Set<ParleyProcess>();


    let sentDms = 0;
    const sendWave = async (perProfile: number) => {
      for (let i = 0; i < perProfile; i++) {
        await Promise.all(profiles.map((p) => sendDm(sim, people[i % people.length]!, p.account, `in ${(sentDms += 1)}`)));
      }
    };
    const count = async (q: () => Promise<{ n: number } | undefined>) => Number((await q())?.n ?? 0);
    const incoming = () => count(() => db.selectFrom('articles').select((eb) => eb.fn.countAll<number>().as('n')).where('direction', '=', 'incoming').executeTakeFirst());
    const until = async (what: string, cond: () => Promise<boolean>, ms = 40_000) => {
      const deadline = Date.now() + ms;
      while (!(await cond())) {
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
        await sleep(5);
      }
    };
    const replacements: Promise<ParleyProcess>[] = [];
    /** Waits until a live worker holds a claim of the given kind, then kills it and starts another. */
    const killWhile = async (what: 'polling' | 'sending'): Promise<{ at: number; owner: string; outboxIds: number[] }> => {
      let victim: { proc: ParleyProcess; owner: string } | null = null;
      await until(`a worker ${what}`, async () => {
        const owners =
          what === 'polling'
            ? (await db.selectFrom('leases').select('owner').where('name', 'like', 'poll:%').execute()).map((r) => r.owner)
            : (await db.selectFrom('outbox').select('lease_owner').where('status', '=', 'sending').execute()).map((r) => r.lease_owner ?? '');
        for (const w of workers) {
          const owner = owners.find((o) => o.includes(`:${w.pid}:`));
          if (w.alive() && owner) victim = { proc: w, owner };
        }
        return victim !== null;
      });
      const { proc, owner } = victim!;
      await killParley(proc);
      const at = Date.now();
      killed.add(proc);
      // A replacement starts, as a supervisor would start one; the others take over meanwhile.
      replacements.push(start('worker'));
      const outboxIds = (await db.selectFrom('outbox').select('id').where('lease_owner', '=', owner).where('status', '=', 'sending').execute()).map((r) => r.id);
      return { at, owner, outboxIds };
    };

    // Messages in; a worker dies in the middle of a poll; the connections drop while more arrive.
    await sendWave(30);
    await killWhile('polling');
    const moreIn = sendWave(30);
    await until('the first messages stored', async () => (await incoming()) > 80);
    expect(await terminateConnections(database.url)).toBeGreaterThan(0);
    await moreIn;
    await until('every message stored', async () => (await incoming()) === sentDms);

    // Replies out through both web processes; a worker dies while sending; the connections drop again.
    const tickets = await db.selectFrom('tickets').select('id').where('social_profile_id', 'is not', null).orderBy('id').execute();
    expect(tickets).toHaveLength(PROFILES * people.length);
    const replies: string[] = [];
    for (let round = 0; round < 5; round++) {
      await Promise.all(
        tickets.map(async (t, i) => {
          const web = i % 2 === 0 ? web1 : web2;
          const body = `reply ${round}-${t.id}`;
          const res = await fetch(`http://127.0.0.1:${web.port}/api/v1/tickets/${t.id}/articles`, {
            method: 'POST',
            headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
            body: JSON.stringify({ body }),
          });
          expect(res.status).toBe(201);
          replies.push(body);
        }),
      );
    }
    const sending = await killWhile('sending');
    const lastIn = sendWave(20);
    await sleep(100);
    expect(await terminateConnections(database.url)).toBeGreaterThan(0);
    await lastIn;

    const outboxDone = async () =>
      (await count(() => db.selectFrom('outbox').select((eb) => eb.fn.countAll<number>().as('n')).where('status', '=', 'sent').executeTakeFirst())) === replies.length;
    await until('every reply sent', outboxDone);
    await until('every message stored', async () => (await incoming()) === sentDms);

    // The killed sender's messages were taken over once its lease ran out, not before (that could
    // send them twice), and soon after (a tick and the send; generous for a busy machine).
    const takenOver = await db.selectFrom('outbox').select(['id', 'status', 'updated_at', 'lease_owner']).where('id', 'in', sending.outboxIds.length ? sending.outboxIds : [0]).execute();
    for (const row of takenOver) {
      expect(row.status).toBe('sent');
      expect(Date.parse(row.updated_at)).toBeGreaterThanOrEqual(sending.at);
      expect(Date.parse(row.updated_at) - sending.at).toBeLessThan(LEASE_SECONDS * 1000 + 15_000);
    }

    // Polls per profile in a quiet spell: one per interval across all workers, however many run.
    const callsOf = async () => (await sim.control<{ accounts: Record<string, { byEndpoint: Record<string, number> }> }>('GET', '/_sim/calls')).accounts;
    const before = await callsOf();
    const windowStarted = Date.now();
    await sleep(4000);
    const after = await callsOf();
    const seconds = (Date.now() - windowStarted) / 1000;
    for (const p of profiles) {
      const polls = (after[p.account.id]?.byEndpoint['GET /2/dm_events'] ?? 0) - (before[p.account.id]?.byEndpoint['GET /2/dm_events'] ?? 0);
      // At least polled; how often depends on how busy the machine is. Never more than once per interval.
      expect(polls).toBeGreaterThanOrEqual(1);
      expect(polls).toBeLessThanOrEqual(Math.ceil(seconds / POLL_SECONDS) + 1);
    }

    // Everything once.
    const stored = await db.selectFrom('articles').select(['external_id', 'body']).where('direction', '=', 'incoming').execute();
    expect(stored).toHaveLength(sentDms);
    expect(new Set(stored.map((a) => a.external_id)).size).toBe(sentDms);
    expect(new Set(stored.map((a) => a.body)).size).toBe(sentDms);
    const sentTexts: string[] = [];
    for (const p of profiles) sentTexts.push(...(await sim.control<{ dms: { text: string }[] }>('GET', `/_sim/accounts/${p.account.id}/sent`)).dms.map((d) => d.text));
    expect(sentTexts.sort()).toEqual([...replies].sort());

    await Promise.all(replacements);
    // Every process not killed on purpose still runs, healthy, and none died of the lost connections.
    for (const p of procs) if (!killed.has(p)) expect(p.alive(), `${p.kind} ${p.pid}`).toBe(true);
    for (const web of [web1, web2]) expect((await fetch(`http://127.0.0.1:${web.port}/healthz`)).status).toBe(200);
    const output = procs.flatMap((p) => p.output).join('');
    expect(output).not.toMatch(/Unhandled 'error' event|uncaughtException/);
    expect(output).toMatch(/a database connection was dropped|database connection lost; retried/);
  // ~40 s on an idle 2-core machine; starting five Node processes takes most of it when the machine is busy.
  }, 240_000);
});
