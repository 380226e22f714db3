import pg from 'pg';
import { expect, it } from 'vitest';
import { addMs } from '../src/core/time.ts';
import { claimLeasedRows } from '../src/db/claims.ts';
import { openDatabase } from '../src/db/connect.ts';
import { ensureSocialCustomers } from '../src/db/repos/social-customers.ts';
import { connectionLossReporter, retryTransient, transientKind } from '../src/db/retry.ts';
import type { Db } from '../src/db/schema.ts';
import { createLogger } from '../src/lib/logger.ts';
import { claimDue, enqueue } from '../src/outbox/store.ts';
import { acquireLease, claimDuePolls } from '../src/worker/leases.ts';
import { LogCapture, makeApp, testDeps } from './helpers/app.ts';
import { describeEachDialect } from './helpers/db.ts';
import { startTcpProxy } from './helpers/tcp-proxy.ts';

// The claims several workers race for, the customers they create at the same moment, and a
// database that drops its connections.

const T0 = '2026-01-01T00:00:00.000Z';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function addProfile(db: Db, name: string, nextPollAt: string, validity = 'valid'): Promise<number> {
  const row = await db
    .insertInto('social_profiles')
    .values({ type: 'twitter', name, description: null, app_name: null, credentials: '{}', target_queue_id: null, auto_response_enabled: 0, auto_response_text: null, validity, account_id: null, account_username: null, account_name: null, verified_at: null, verify_error: null, completed_at: null, created_at: T0, changed_at: T0, created_by: 1, changed_by: 1 })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db.insertInto('profile_poll_state').values({ profile_id: row.id, next_poll_at: nextPollAt, last_poll_at: null, last_success_at: null, last_error: null, last_error_at: null, failures: 0 }).execute();
  return row.id;
}

async function addArticles(db: Db, n: number): Promise<number[]> {
  const rows = await db
    .insertInto('articles')
    .values(Array.from({ length: n }, (_, i) => ({ ticket_id: 1, channel: 'twitter', direction: 'outgoing', sender_type: 'agent', from_display: 'a', to_display: 'b', body: `m${i}`, visible_for_customer: 1, profile_id: null, kind: 'dm', external_id: null, conversation_key: null, in_reply_to_external_id: null, url: null, identity_id: null, delivery_status: 'queued', delivery_error: null, created_by: 1, created_at: T0 })))
    .returning('id')
    .execute();
  return rows.map((r) => r.id);
}

async function terminateBackends(url: string): Promise<number> {
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  const r = await admin.query('SELECT count(pg_terminate_backend(pid))::int AS n FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()');
  await admin.end();
  return r.rows[0].n as number;
}

describeEachDialect('claims', ({ db, database, dialect }) => {
  const now = addMs(T0, 60_000);

  it('claims due profiles once, moving their next poll by the interval, and leaves a running poll alone', async () => {
    const due = await Promise.all(['a', 'b', 'c'].map((n) => addProfile(db(), n, T0)));
    const later = await addProfile(db(), 'later', addMs(now, 1));
    const invalid = await addProfile(db(), 'off', T0, 'invalid');
    const running = await addProfile(db(), 'running', T0);
    expect(await acquireLease(db(), `poll:${running}`, 'other-worker', 30_000, now)).toBe(true);
    const next = addMs(now, 60_000);

    // Equally due profiles come in any order; together the two claims hand out each once.
    const first = await claimDuePolls(db(), { owner: 'w1', now, nextPollAt: next, limit: 2 });
    const second = await claimDuePolls(db(), { owner: 'w2', now, nextPollAt: next, limit: 10 });
    expect(first).toHaveLength(2);
    expect([...first, ...second].sort((a, b) => a - b)).toEqual([...due].sort((a, b) => a - b));
    // Whatever a worker read before: the same moment claims nothing more.
    expect(await claimDuePolls(db(), { owner: 'w3', now, nextPollAt: next, limit: 10 })).toEqual([]);
    const states = await db().selectFrom('profile_poll_state').select(['profile_id', 'next_poll_at']).execute();
    const at = new Map(states.map((s) => [s.profile_id, s.next_poll_at]));
    for (const id of due) expect(at.get(id)).toBe(next);
    expect(at.get(later)).toBe(addMs(now, 1));
    expect(at.get(invalid)).toBe(T0);
    expect(at.get(running)).toBe(T0);
    // Once the running poll's lease has passed, it is claimed (with the profile due meanwhile).
    expect(await claimDuePolls(db(), { owner: 'w1', now: addMs(now, 30_001), nextPollAt: next, limit: 10 })).toEqual([later, running]);
  });

  it('workers claiming at the same moment share the due profiles without overlap', async () => {
    const ids = [];
    for (let i = 0; i < 12; i++) ids.push(await addProfile(db(), `p${i}`, T0));
    const claims = await Promise.all([1, 2, 3, 4, 5, 6].map((w) => claimDuePolls(db(), { owner: `w${w}`, now, nextPollAt: addMs(now, 5000), limit: 3 })));
    const all = claims.flat().sort((a, b) => a - b);
    expect(all).toEqual(ids);
  });

  it('outbox rows are claimed once for the given lease and taken over after it', async () => {
    const profile = await addProfile(db(), 'out', T0);
    const articles = await addArticles(db(), 9);
    for (const a of articles) await enqueue(db(), a, profile, { kind: 'dm', text: `m${a}` } as never, T0);
    const batches = await Promise.all([1, 2, 3, 4].map((w) => claimDue(db(), `w${w}`, now, 7_000, 3)));
    const claimed = batches.flat();
    expect(claimed.map((r) => r.article_id).sort((a, b) => a - b)).toEqual(articles);
    for (const r of claimed) expect(r).toMatchObject({ status: 'sending', lease_until: addMs(now, 7_000), attempts: 1, attempt_started_at: now });
    expect(await claimDue(db(), 'w5', addMs(now, 7_000), 7_000, 20)).toEqual([]);
    // The lease has passed: another worker takes the messages over, keeping the first attempt's start.
    const taken = await claimDue(db(), 'w5', addMs(now, 7_001), 7_000, 20);
    expect(taken).toHaveLength(9);
    expect(taken.every((r) => r.lease_owner === 'w5' && r.attempts === 2 && r.attempt_started_at === now)).toBe(true);
  });

  it('the claim helper serves any queue table with the lease columns', async () => {
    const profile = await addProfile(db(), 'generic', T0);
    const [article] = await addArticles(db(), 1);
    await enqueue(db(), article!, profile, { kind: 'dm', text: 'x' } as never, T0);
    const rows = await claimLeasedRows<{ id: number; lease_owner: string }>(db(), { table: 'outbox', waiting: 'queued', claimed: 'sending' }, { owner: 'job', now, leaseMs: 1000, limit: 5 });
    expect(rows.map((r) => r.lease_owner)).toEqual(['job']);
  });

  it('two workers creating the same new customers in opposite orders both succeed, one customer each', async () => {
    const users = Array.from({ length: 3000 }, (_, i) => ({ externalUserId: String(5_000_000 + i), handle: `u${i}`, displayName: `User ${i}`, avatarUrl: null }));
    // On PostgreSQL all three transactions have begun before any inserts, so their inserts overlap
    // (in the old, unordered code that deadlocked about one run in three). SQLite has one
    // connection and runs them one after the other.
    let arrive!: () => void;
    let arrived = 0;
    const allIn = dialect === 'postgres' ? new Promise<void>((r) => (arrive = r)) : Promise.resolve();
    const run = (list: typeof users) =>
      database().db.transaction().execute(async (trx) => {
        await trx.selectFrom('settings').select('key').limit(1).execute();
        if ((arrived += 1) === 3 && dialect === 'postgres') arrive();
        await allIn;
        return ensureSocialCustomers(trx, 'twitter', list, now);
      });
    const [a, b, c] = await Promise.all([run(users), run([...users].reverse()), run(users.filter((_, i) => i % 2 === 0))]);
    expect(a.size).toBe(3000);
    for (const u of users) expect(b.get(u.externalUserId)!.customerId).toBe(a.get(u.externalUserId)!.customerId);
    expect(c.size).toBe(1500);
    const n = await db().selectFrom('customer_users').select((eb) => eb.fn.countAll<number>().as('n')).where('login', 'like', 'twitter:%').executeTakeFirstOrThrow();
    expect(Number(n.n)).toBe(3000);
  });

  it.runIf(dialect === 'postgres')('a transaction whose connection is terminated runs again on a new one; idle connections are replaced', async () => {
    const logs = new LogCapture();
    const logger = createLogger('debug', logs);
    const own = openDatabase(database().url, { poolSize: 3, onIdleError: connectionLossReporter(logger) });
    try {
      let runs = 0;
      const result = await retryTransient(
        () =>
          own.db.transaction().execute(async (trx) => {
            runs += 1;
            await trx.insertInto('leases').values({ name: `try-${runs}`, owner: 't', expires_at: now }).execute();
            if (runs === 1) {
              // Killed while idle in the transaction: pg emits 'error' on the checked-out client.
              expect(await terminateBackends(database().url)).toBeGreaterThan(0);
              await sleep(200);
            }
            await trx.selectFrom('leases').select('name').execute();
            return runs;
          }),
        { logger, what: 'the test transaction' },
      );
      expect(result).toBe(2);
      expect((await own.db.selectFrom('leases').select('name').execute()).map((r) => r.name)).toEqual(['try-2']);
      expect(logs.lines.filter((l) => l.includes('retried the test transaction'))).toHaveLength(1);

      // Every idle connection dropped at once: reported once, and the next queries just work.
      await Promise.all([1, 2, 3].map(() => own.db.selectFrom('settings').select('key').execute()));
      await terminateBackends(database().url);
      await sleep(200);
      expect((await own.db.selectFrom('leases').select('name').execute())).toHaveLength(1);
      expect(logs.lines.filter((l) => l.includes('a database connection was dropped'))).toHaveLength(1);
    } finally {
      await own.close();
    }
  });

  it.runIf(dialect === 'postgres')('/healthz answers 503 while the database is unreachable and 200 again after', async () => {
    const target = new URL(database().url);
    const proxy = await startTcpProxy(target.hostname, Number(target.port || 5432));
    const own = openDatabase(proxy.url(database().url), { poolSize: 2, onIdleError: () => undefined });
    try {
      const app = makeApp(testDeps(own.db, 'postgres'));
      expect((await app.request('/healthz')).status).toBe(200);
      await proxy.cut();
      expect((await app.request('/healthz')).status).toBe(503);
      await proxy.restore();
      let status = 0;
      for (let i = 0; i < 20 && status !== 200; i++) {
        status = (await app.request('/healthz')).status;
        if (status !== 200) await sleep(100);
      }
      expect(status).toBe(200);
    } finally {
      await own.close();
      await proxy.close();
    }
  });
});

it('transientKind tells lost connections and lost races from real errors', () => {
  const cases: [unknown, string | null][] = [
    [Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' }), 'connection'],
    [Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }), 'connection'],
    [Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }), 'connection'],
    [new Error('Connection terminated unexpectedly'), 'connection'],
    [new Error('Client has encountered a connection error and is not queryable'), 'connection'],
    [Object.assign(new Error('deadlock detected'), { code: '40P01' }), 'conflict'],
    [Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' }), 'busy'],
    [Object.assign(new Error('duplicate key'), { code: '23505' }), null],
    [new Error('syntax error'), null],
    [new Error('wrapped', { cause: Object.assign(new Error('x'), { code: '57P01' }) }), 'connection'],
    ['text', null],
  ];
  for (const [e, kind] of cases) expect(transientKind(e)).toBe(kind);
});

it('retryTransient gives up after maxMs and rethrows; real errors are not retried', async () => {
  const logs = new LogCapture();
  const logger = createLogger('debug', logs);
  let calls = 0;
  const lost = Object.assign(new Error('gone'), { code: '57P01' });
  await expect(retryTransient(async () => { calls += 1; throw lost; }, { logger, what: 'x', maxMs: 30, delayMs: () => 5 })).rejects.toBe(lost);
  expect(calls).toBeGreaterThan(1);
  expect(logs.text).toContain('gave up x');
  calls = 0;
  await expect(retryTransient(async () => { calls += 1; throw new Error('bug'); }, { logger, what: 'y' })).rejects.toThrow('bug');
  expect(calls).toBe(1);
});
