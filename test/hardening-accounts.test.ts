// Findings of the attack review (issue 10) about accounts and storage: names unique only by case,
// sessions that survived a password change, throttling beaten by parallel guesses, world-readable
// database files.
import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { changeAgentPassword, saveAgent } from '../src/core/agents/service.ts';
import { openDatabase } from '../src/db/connect.ts';
import { endAgentSessions } from '../src/db/repos/agents.ts';
import { checkLogin } from '../src/web/auth/agents.ts';
import { clearBasicCache } from '../src/web/auth/middleware.ts';
import { apiClient, basic, makeApp, sessionHeaders, testDeps } from './helpers/app.ts';
import { ADMIN_PASSWORD, describeEachDialect } from './helpers/db.ts';

it('creates the SQLite file and its -wal and -shm readable by the owner only', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'parley-mode-'));
  const file = join(dir, 'data', 'parley.db');
  const previous = process.umask(0o022);
  try {
    const database = openDatabase(`sqlite:${file}`);
    await database.db.selectFrom('sqlite_master' as never).selectAll().execute();
    for (const f of [file, `${file}-wal`, `${file}-shm`]) expect([f, (statSync(f).mode & 0o777).toString(8)]).toEqual([f, '600']);
    expect((statSync(join(dir, 'data')).mode & 0o777).toString(8)).toBe('700');
    await database.close();
  } finally {
    process.umask(previous);
  }
});

describeEachDialect('hardening: accounts', ({ db, dialect }) => {
  const setup = () => {
    const deps = testDeps(db(), dialect);
    return { deps, app: makeApp(deps), api: apiClient(makeApp(deps)) };
  };

  it('keeps agents, groups, queues and profiles unique regardless of case', async () => {
    const { api } = setup();
    const agent = await api.post('/api/v1/agents', { login: 'ROOT@LOCALHOST', firstName: 'x', lastName: 'y', email: 'x@example.com', password: 'password-123' });
    expect([agent.status, agent.body.error.field]).toEqual([409, 'login']);
    expect((await api.post('/api/v1/groups', { name: 'USERS' })).status).toBe(409);
    expect((await api.post('/api/v1/queues', { name: 'raw', groupId: 1 })).status).toBe(409);
    expect((await api.post('/api/v1/social-media-profiles', { name: 'AcmeHelp' })).status).toBe(201);
    expect((await api.post('/api/v1/social-media-profiles', { name: 'ACMEHELP' })).status).toBe(409);
    // Renaming into another's name in other case is refused too.
    const misc = (await api.get('/api/v1/queues')).body.items.find((q: { name: string }) => q.name === 'Misc');
    expect((await api.patch(`/api/v1/queues/${misc.id}`, { name: 'JUNK' })).status).toBe(409);
    // The database refuses it even when a service check is bypassed.
    await expect(db().insertInto('groups').values({ name: 'ADMIN', comment: null, validity: 'valid', created_at: 'x', changed_at: 'x', created_by: 1, changed_by: 1 }).execute()).rejects.toThrow();
  });

  it('ends the agent’s sessions and cached Basic credentials when the password changes', async () => {
    const { app, api } = setup();
    const created = await api.post('/api/v1/agents', { login: 'kim', firstName: 'Kim', lastName: 'K', email: 'k@example.com', password: 'old-password-1', groups: [{ groupId: 1, permission: 'rw' }] });
    const kimId = created.body.id;
    const first = await sessionHeaders(app, 'kim', 'old-password-1');
    const second = await sessionHeaders(app, 'kim', 'old-password-1');
    const kimApi = apiClient(app, basic('kim', 'old-password-1'));
    expect((await kimApi.get('/api/v1/tickets')).status).toBe(200);
    expect((await app.request('/dashboard', { headers: first })).status).toBe(200);

    expect((await api.patch(`/api/v1/agents/${kimId}`, { password: 'new-password-1' })).status).toBe(200);
    for (const h of [first, second]) expect((await app.request('/dashboard', { headers: h })).status).toBe(303);
    expect((await kimApi.get('/api/v1/tickets')).status).toBe(401);
    expect((await apiClient(app, basic('kim', 'new-password-1')).get('/api/v1/tickets')).status).toBe(200);

    // The function "my preferences" calls keeps the session that asked.
    const keep = await sessionHeaders(app, 'kim', 'new-password-1');
    const other = await sessionHeaders(app, 'kim', 'new-password-1');
    const keepId = (await db().selectFrom('sessions').select('id').orderBy('created_at').execute()).at(-2)!.id;
    const result = await changeAgentPassword(db(), kimId, kimId, 'newer-password-1', { keepSessionId: keepId });
    expect(result.endedSessions).toBe(1);
    expect((await app.request('/dashboard', { headers: keep })).status).toBe(200);
    expect((await app.request('/dashboard', { headers: other })).status).toBe(303);
    expect(await endAgentSessions(db(), kimId)).toBe(1);
  });

  it('does not end sessions when an agent is saved without a new password', async () => {
    const { app } = setup();
    const kim = await saveAgent(db(), 1, null, { login: 'kim', firstName: 'Kim', lastName: 'K', email: 'k@example.com', password: 'old-password-1', groups: [{ groupId: 1, permission: 'rw' }] });
    const h = await sessionHeaders(app, 'kim', 'old-password-1');
    await saveAgent(db(), 1, kim.id, { firstName: 'Kimberly' });
    expect((await app.request('/dashboard', { headers: h })).status).toBe(200);
  });

  it('counts parallel guesses one by one: each waits longer, and at most ten passwords are checked before the lock', async () => {
    const waits: number[] = [];
    const delay = (failures: number) => {
      waits.push(failures);
      return 0;
    };
    const results = await Promise.all(Array.from({ length: 30 }, (_, i) => checkLogin(db(), 'root@localhost', `guess-${i}`, delay)));
    expect(results.every((r) => !r.ok)).toBe(true);
    // Ten different counts: no two guesses waited as if they were the first.
    expect([...waits].sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(results.filter((r) => !r.ok && r.locked)).toHaveLength(20);
    // Locked: even the right password is refused, with a message that says for how long.
    const locked = await checkLogin(db(), 'ROOT@localhost', ADMIN_PASSWORD, delay);
    expect(locked).toEqual({ ok: false, locked: true, message: expect.stringMatching(/Too many failed logins.*Try again in 5 minutes/) });
    // ... but not from a browser this login succeeded in before.
    expect((await checkLogin(db(), 'root@localhost', ADMIN_PASSWORD, delay, { trusted: true })).ok).toBe(true);
  });

  it('answers an agent’s parallel API calls with correct Basic credentials, however many start at once', async () => {
    const { app } = setup();
    clearBasicCache();
    const headers = { authorization: basic('root@localhost', ADMIN_PASSWORD) };
    const answers = await Promise.all(Array.from({ length: 30 }, () => app.request('/api/v1/tickets', { headers })));
    expect(answers.map((r) => r.status)).toEqual(Array.from({ length: 30 }, () => 200));
    // A wrong password sent many times at once is refused every time.
    const wrong = await Promise.all(Array.from({ length: 5 }, () => app.request('/api/v1/tickets', { headers: { authorization: basic('root@localhost', 'wrong') } })));
    expect(wrong.map((r) => r.status)).toEqual([401, 401, 401, 401, 401]);
  });

  it('lifts the lock after its time, and the real user logs in', async () => {
    let clock = Date.parse('2026-12-01T10:00:00.000Z');
    const now = () => new Date(clock).toISOString();
    const opts = { now, lockout: { after: 3, lockMs: 60_000, forgetMs: 600_000 } };
    for (let i = 0; i < 3; i++) await checkLogin(db(), 'root@localhost', 'wrong', () => 0, opts);
    expect((await checkLogin(db(), 'root@localhost', ADMIN_PASSWORD, () => 0, opts)).ok).toBe(false);
    clock += 61_000;
    expect((await checkLogin(db(), 'root@localhost', ADMIN_PASSWORD, () => 0, opts)).ok).toBe(true);
  });

  it('answers a locked login form with 429 and the reason', async () => {
    const { app } = setup();
    for (let i = 0; i < 10; i++) await checkLogin(db(), 'root@localhost', 'wrong', () => 0);
    const form = await app.request('/login');
    const cookie = /parley_login_csrf=([^;]+)/.exec(form.headers.get('set-cookie') ?? '')![1];
    const token = /name="_login_csrf" value="([^"]+)"/.exec(await form.text())![1]!;
    const res = await app.request('/login', {
      method: 'POST',
      headers: { cookie: `parley_login_csrf=${cookie}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ _login_csrf: token, login: 'root@localhost', password: ADMIN_PASSWORD }).toString(),
    });
    expect(res.status).toBe(429);
    expect(await res.text()).toMatch(/Too many failed logins/);
  });
});
