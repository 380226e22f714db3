import { expect, it } from 'vitest';
import { saveAgent, saveGroup } from '../src/core/agents/service.ts';
import { saveQueue } from '../src/core/queues/service.ts';
import { createTicket, updateTicket } from '../src/core/tickets/service.ts';
import { hashToken } from '../src/lib/passwords.ts';
import { actorById } from '../src/web/auth/agents.ts';
import { apiClient, basic, makeApp, sessionHeaders, testDeps } from './helpers/app.ts';
import { describeEachDialect } from './helpers/db.ts';

const PW = 'agent-password-1';

describeEachDialect('REST API: /me and /notifications', ({ db, dialect }) => {
  async function setup() {
    const deps = testDeps(db(), dialect);
    const app = makeApp(deps);
    const users = await db().selectFrom('groups').select('id').where('name', '=', 'users').executeTakeFirstOrThrow();
    const secret = await saveGroup(db(), 1, null, { name: 'secret' });
    const hidden = await saveQueue(db(), 1, null, { name: 'Hidden', groupId: secret.id, followUp: 'possible', followUpLock: false });
    const raw = await db().selectFrom('queues').selectAll().where('name', '=', 'Raw').executeTakeFirstOrThrow();
    const mk = (login: string) => saveAgent(db(), 1, null, { login, firstName: login, lastName: 'Agent', email: `${login}@example.com`, password: PW, groups: [{ groupId: users.id, permission: 'rw' }] });
    const anna = await mk('anna');
    const bernd = await mk('bernd');
    return { deps, app, raw, hidden, anna, bernd, asAnna: apiClient(app, basic('anna', PW)), asBernd: apiClient(app, basic('bernd', PW)) };
  }

  async function login(app: ReturnType<typeof makeApp>, user: string, password: string): Promise<string> {
    const page = await app.request('/login');
    const cookie = page.headers.get('set-cookie')!.split(';')[0]!;
    const token = /name="_login_csrf" value="([^"]+)"/.exec(await page.text())![1]!;
    const res = await app.request('/login', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
      body: new URLSearchParams({ login: user, password, _login_csrf: token, next: '/dashboard' }).toString(),
    });
    expect(res.status).toBe(303);
    return res.headers.getSetCookie().find((c) => c.startsWith('parley_session='))!.split(';')[0]!;
  }

  it('GET /me shows the caller with defaults; PATCH saves only the caller', async () => {
    const { asAnna, asBernd, raw } = await setup();
    const me = await asAnna.get('/api/v1/me');
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ login: 'anna', language: null, timeZone: null, myQueueIds: null, dmSignature: null, browserNotifications: false });
    expect(me.body.notifications.followUp).toEqual({ web: true, email: true });
    expect(JSON.stringify(me.body)).not.toMatch(/password|scrypt/i);

    const saved = await asAnna.patch('/api/v1/me', {
      language: 'de',
      timeZone: 'Europe/Berlin',
      dmSignature: 'Anna, Parley support',
      myQueueIds: [raw.id],
      notifications: { newTicket: { email: true }, moved: { web: false } },
      browserNotifications: true,
    });
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({ language: 'de', timeZone: 'Europe/Berlin', dmSignature: 'Anna, Parley support', myQueueIds: [raw.id], browserNotifications: true });
    expect(saved.body.notifications.newTicket).toEqual({ web: true, email: true });
    expect(saved.body.notifications.moved).toEqual({ web: false, email: false });
    expect((await asAnna.get('/api/v1/me')).body.language).toBe('de');
    // Bernd is untouched.
    expect((await asBernd.get('/api/v1/me')).body).toMatchObject({ login: 'bernd', language: null, timeZone: null, myQueueIds: null });
  });

  it('refuses bad input with the field named, and changes nothing', async () => {
    const { asAnna, hidden, bernd } = await setup();
    await asAnna.patch('/api/v1/me', { language: 'en', timeZone: 'UTC' });
    const cases: [unknown, string][] = [
      [{ language: 'fr' }, 'language'],
      [{ timeZone: 'Mars/Olympus' }, 'timeZone'],
      [{ myQueueIds: [hidden.id] }, 'myQueueIds'],
      [{ myQueueIds: [999999] }, 'myQueueIds'],
      [{ notifications: { bogus: { web: true } } }, 'notifications'],
      [{ dmSignature: 'x'.repeat(501) }, 'dmSignature'],
      [{ password: 'new-password-1' }, 'currentPassword'],
      [{ password: 'short', currentPassword: PW }, 'password'],
      [{ password: 'new-password-1', currentPassword: 'wrong-password' }, 'currentPassword'],
      // Someone else's account cannot be named: /me has no id, and unknown fields are refused.
      [{ id: bernd.id, language: 'de' }, ''],
      [{ login: 'root@localhost' }, ''],
      // Valid fields together with a bad one: nothing is saved.
      [{ language: 'de', timeZone: 'Nowhere/Town' }, 'timeZone'],
    ];
    for (const [body, field] of cases) {
      const res = await asAnna.patch('/api/v1/me', body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      if (field) expect(res.body.error.field, JSON.stringify(body)).toMatch(new RegExp(`^${field}`));
    }
    expect((await asAnna.get('/api/v1/me')).body).toMatchObject({ language: 'en', timeZone: 'UTC', myQueueIds: null });
    const bernds = await db().selectFrom('agent_preferences').selectAll().where('agent_id', '=', bernd.id).execute();
    expect(bernds).toEqual([]);
  });

  it('a new password needs the current one and ends the other sessions', async () => {
    const { app } = await setup();
    const first = await login(app, 'anna', PW);
    const second = await login(app, 'anna', PW);
    const bernds = await login(app, 'bernd', PW);
    expect((await db().selectFrom('sessions').select('id').execute()).length).toBe(3);
    // Changed from the second session: it stays, the first one ends, bernd's is not touched.
    const token = decodeURIComponent(second.slice(second.indexOf('=') + 1)).replace(/\.[^.]+$/, '');
    const { csrf_token } = await db().selectFrom('sessions').select('csrf_token').where('id', '=', hashToken(token)).executeTakeFirstOrThrow();
    const res = await app.request('/api/v1/me', {
      method: 'PATCH',
      headers: { cookie: second, 'content-type': 'application/json', 'x-csrf-token': csrf_token },
      body: JSON.stringify({ currentPassword: PW, password: 'new-password-2' }),
    });
    expect(res.status).toBe(200);
    expect((await app.request('/api/v1/me', { headers: { cookie: first } })).status).toBe(401);
    expect((await app.request('/api/v1/me', { headers: { cookie: second } })).status).toBe(200);
    expect((await app.request('/api/v1/me', { headers: { cookie: bernds } })).status).toBe(200);
    expect((await apiClient(app, basic('anna', PW)).get('/api/v1/me')).status).toBe(401);
    expect((await apiClient(app, basic('anna', 'new-password-2')).get('/api/v1/me')).status).toBe(200);
  });

  it('each agent sees and marks only their own notifications', async () => {
    const { deps, asAnna, asBernd, raw, anna, bernd } = await setup();
    const root = (await actorById(db(), 1))!;
    const t = await createTicket(db(), { title: 'Printer on fire', queueId: raw.id }, 1);
    await updateTicket(db(), root, t.id, { ownerId: anna.id }, undefined, deps.config.requiredLock);

    const annas = await asAnna.get('/api/v1/notifications');
    expect(annas.status).toBe(200);
    expect(annas.body).toMatchObject({ total: 1, unread: 1 });
    expect(annas.body.items[0]).toMatchObject({ type: 'assigned', ticketId: t.id, ticketNumber: t.number, readAt: null });
    expect(annas.body.items[0].message).toContain('Printer on fire');
    expect((await asBernd.get('/api/v1/notifications')).body).toMatchObject({ total: 0, unread: 0, items: [] });

    const id = annas.body.items[0].id;
    expect((await asBernd.post(`/api/v1/notifications/${id}/read`)).status).toBe(404);
    expect((await asAnna.get('/api/v1/notifications?unread=true')).body.total).toBe(1);
    const read = await asAnna.post(`/api/v1/notifications/${id}/read`);
    expect(read.status).toBe(200);
    expect(read.body.readAt).toEqual(expect.any(String));
    expect((await asAnna.get('/api/v1/notifications?unread=true')).body).toMatchObject({ total: 0, unread: 0 });
    expect((await asAnna.post('/api/v1/notifications/abc/read')).status).toBe(400);
    expect((await asAnna.post('/api/v1/notifications/999999/read')).status).toBe(404);
    expect((await asAnna.get('/api/v1/notifications?unread=maybe')).status).toBe(400);

    // Moving into bernd's queue tells bernd; the mover is never told about their own act.
    const misc = await db().selectFrom('queues').selectAll().where('name', '=', 'Misc').executeTakeFirstOrThrow();
    await updateTicket(db(), (await actorById(db(), anna.id))!, t.id, { queueId: misc.id }, undefined, deps.config.requiredLock);
    const bs = await asBernd.get('/api/v1/notifications');
    expect(bs.body.items.map((n: { type: string }) => n.type)).toEqual(['moved']);
    expect((await asAnna.get('/api/v1/notifications')).body.total).toBe(1);
    expect(bernd.id).not.toBe(anna.id);
  });

  it('the bell: the unread count, 204 while nothing changed, opening one marks it read', async () => {
    const { app, deps, raw, anna } = await setup();
    const headers = await sessionHeaders(app, 'anna', PW);
    const bell = async (v?: string) => app.request(`/ui/notifications/bell${v ? `?v=${encodeURIComponent(v)}` : ''}`, { headers });
    const versionOf = (html: string) => decodeURIComponent(/hx-get="\/ui\/notifications\/bell\?v=([^"]+)"/.exec(html)![1]!);
    const empty = await bell();
    expect(empty.status).toBe(200);
    const emptyHtml = await empty.text();
    expect(emptyHtml).toContain('Notifications: none unread');
    expect((await bell(versionOf(emptyHtml))).status).toBe(204);

    const t = await createTicket(db(), { title: '<b>Escaped</b> title', queueId: raw.id }, 1);
    await updateTicket(db(), (await actorById(db(), 1))!, t.id, { ownerId: anna.id }, undefined, deps.config.requiredLock);
    const one = await bell(versionOf(emptyHtml));
    expect(one.status).toBe(200);
    const html = await one.text();
    expect(html).toContain('Notifications: 1 unread');
    expect(html).toContain('&lt;b&gt;Escaped&lt;/b&gt;');
    const id = (await db().selectFrom('notifications').select('id').where('agent_id', '=', anna.id).executeTakeFirstOrThrow()).id;
    const open = await app.request(`/notifications/${id}/open`, { method: 'POST', headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ _csrf: headers['x-csrf-token'] ?? '' }).toString() });
    expect(open.status).toBe(303);
    expect(open.headers.get('location')).toBe(`/tickets/${t.id}`);
    expect(await (await bell()).text()).toContain('Notifications: none unread');
  });

  it('needs authentication', async () => {
    const { app } = await setup();
    expect((await apiClient(app, '').get('/api/v1/me')).status).toBe(401);
    expect((await apiClient(app, '').get('/api/v1/notifications')).status).toBe(401);
    expect((await apiClient(app, '').patch('/api/v1/me', { language: 'de' })).status).toBe(401);
  });
});
