import { expect, it } from 'vitest';
import { createApiToken } from '../src/cli/tokens.ts';
import { apiClient, basic, makeApp, testDeps } from './helpers/app.ts';
import { ADMIN_PASSWORD, describeEachDialect } from './helpers/db.ts';

describeEachDialect('REST API: helpdesk core', ({ db, dialect }) => {
  const setup = () => {
    const deps = testDeps(db(), dialect);
    const app = makeApp(deps);
    return { deps, app, api: apiClient(app) };
  };

  async function counts() {
    const t = async (name: 'groups' | 'agents' | 'queues' | 'tickets' | 'articles' | 'ticket_history') =>
      Number((await db().selectFrom(name).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    return { groups: await t('groups'), agents: await t('agents'), queues: await t('queues'), tickets: await t('tickets'), articles: await t('articles'), history: await t('ticket_history') };
  }

  it('GET /healthz answers ok', async () => {
    const { app } = setup();
    const res = await app.request('/healthz');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok' });
  });

  it('serves the OpenAPI document with every resource', async () => {
    const { app } = setup();
    const res = await app.request('/api/openapi.json');
    expect(res.status).toBe(200);
    const doc = (await res.json()) as { openapi: string; paths: Record<string, unknown> };
    expect(doc.openapi).toMatch(/^3\./);
    for (const p of ['/groups', '/agents', '/queues', '/tickets', '/tickets/{id}', '/tickets/{id}/articles']) expect(doc.paths).toHaveProperty(p);
  });

  it('has the default data: groups, queues, root in users and admin', async () => {
    const { api } = setup();
    const groups = await api.get('/api/v1/groups');
    expect(groups.status).toBe(200);
    expect(groups.body.items.map((g: { name: string }) => g.name).sort()).toEqual(['admin', 'users']);
    const queues = await api.get('/api/v1/queues');
    expect(queues.body.items.map((q: { name: string }) => q.name)).toEqual(['Junk', 'Misc', 'Raw']);
    expect(queues.body.items[0]).toMatchObject({ followUp: 'possible', followUpLock: false, validity: 'valid' });
    const agents = await api.get('/api/v1/agents');
    expect(agents.body.total).toBe(1);
    expect(agents.body.items[0]).toMatchObject({ id: 1, login: 'root@localhost' });
    expect(agents.body.items[0].groups.map((g: { groupName: string; permission: string }) => `${g.groupName}:${g.permission}`).sort()).toEqual(['admin:rw', 'users:rw']);
    expect(JSON.stringify(agents.body)).not.toMatch(/password|scrypt/i);
  });

  it('authenticates with Basic and Bearer, and refuses everything else', async () => {
    const { app, api } = setup();
    expect((await apiClient(app, '').get('/api/v1/groups')).status).toBe(401);
    expect((await apiClient(app, basic('root@localhost', 'wrong')).get('/api/v1/groups')).status).toBe(401);
    expect((await apiClient(app, 'Bearer pat_nope').get('/api/v1/groups')).status).toBe(401);
    const token = await createApiToken(db(), 'root@localhost');
    const viaToken = await apiClient(app, `Bearer ${token}`).get('/api/v1/groups');
    expect(viaToken.status).toBe(200);
    const stored = await db().selectFrom('api_tokens').select('token_hash').executeTakeFirstOrThrow();
    expect(stored.token_hash).not.toContain(token);
    expect((await api.get('/api/v1/groups')).status).toBe(200);
  });

  it('creates, reads, updates groups, agents and queues; lists page with limit/offset', async () => {
    const { api } = setup();
    const g = await api.post('/api/v1/groups', { name: 'twitter', comment: 'X agents' });
    expect(g.status).toBe(201);
    expect(g.body).toMatchObject({ name: 'twitter', comment: 'X agents', validity: 'valid' });
    const a = await api.post('/api/v1/agents', {
      login: 'agent1', firstName: 'Ann', lastName: 'Agent', email: 'ann@example.com', password: 'secret-pass', groups: [{ groupId: g.body.id, permission: 'rw' }],
    });
    expect(a.status).toBe(201);
    expect(a.body.groups).toEqual([{ groupId: g.body.id, groupName: 'twitter', permission: 'rw' }]);
    const q = await api.post('/api/v1/queues', { name: 'Social', groupId: g.body.id, followUp: 'new_ticket', followUpLock: true });
    expect(q.status).toBe(201);
    expect(q.body).toMatchObject({ name: 'Social', groupId: g.body.id, followUp: 'new_ticket', followUpLock: true, validity: 'valid' });
    const q2 = await api.patch(`/api/v1/queues/${q.body.id}`, { followUp: 'reject', validity: 'invalid-temporarily' });
    expect(q2.status).toBe(200);
    expect(q2.body).toMatchObject({ followUp: 'reject', followUpLock: true, validity: 'invalid-temporarily' });
    expect((await api.get(`/api/v1/queues/${q.body.id}`)).body.followUp).toBe('reject');
    const page = await api.get('/api/v1/queues?limit=2&offset=1');
    expect(page.body.total).toBe(4);
    expect(page.body.items.map((x: { name: string }) => x.name)).toEqual(['Misc', 'Raw']);
    const g2 = await api.patch(`/api/v1/groups/${g.body.id}`, { validity: 'invalid' });
    expect(g2.body.validity).toBe('invalid');
    const a2 = await api.patch(`/api/v1/agents/${a.body.id}`, { groups: [], validity: 'invalid' });
    expect(a2.body).toMatchObject({ validity: 'invalid', groups: [] });
  });

  it('sets a group\'s members from the group\'s side, keeping root in admin', async () => {
    const { api } = setup();
    const g = await api.post('/api/v1/groups', { name: 'twitter' });
    const a = await api.post('/api/v1/agents', { login: 'ann', firstName: 'A', lastName: 'A', email: 'a@x.y', password: 'password-1' });
    const set = await api.patch(`/api/v1/groups/${g.body.id}`, { members: [{ agentId: a.body.id, permission: 'rw' }, { agentId: 1, permission: 'ro' }] });
    expect(set.status).toBe(200);
    const ann = await api.get(`/api/v1/agents/${a.body.id}`);
    expect(ann.body.groups).toEqual([{ groupId: g.body.id, groupName: 'twitter', permission: 'rw' }]);
    expect((await api.get('/api/v1/agents/1')).body.groups.map((m: { groupName: string; permission: string }) => `${m.groupName}:${m.permission}`).sort()).toEqual(['admin:rw', 'twitter:ro', 'users:rw']);
    const refused = await api.patch('/api/v1/groups/2', { members: [{ agentId: a.body.id, permission: 'rw' }] });
    expect(refused.status).toBe(400);
    expect(refused.body.error.field).toBe('members');
    expect((await api.get('/api/v1/agents/1')).body.groups.some((m: { groupName: string }) => m.groupName === 'admin')).toBe(true);
    expect((await api.patch(`/api/v1/groups/${g.body.id}`, { members: [{ agentId: 99, permission: 'rw' }] })).body.error.field).toBe('members[0].agentId');
  });

  it('never deletes: DELETE answers 405 and the row stays', async () => {
    const { api } = setup();
    const before = await counts();
    for (const p of ['/api/v1/groups/1', '/api/v1/agents/1', '/api/v1/queues/1']) {
      const r = await api.delete(p);
      expect(r.status).toBe(405);
      expect(r.body.error.code).toBe('method_not_allowed');
      expect(r.body.error.message).toMatch(/validity/);
    }
    expect(await counts()).toEqual(before);
  });

  it.each([
    ['duplicate group name', 'post', '/api/v1/groups', { name: 'users' }, 409, 'name'],
    ['missing group name', 'post', '/api/v1/groups', { comment: 'x' }, 400, 'name'],
    ['unknown queue group', 'post', '/api/v1/queues', { name: 'Q', groupId: 999 }, 404, 'groupId'],
    ['wrong follow-up', 'post', '/api/v1/queues', { name: 'Q', groupId: 1, followUp: 'maybe' }, 400, 'followUp'],
    ['duplicate queue', 'post', '/api/v1/queues', { name: 'Misc', groupId: 1 }, 409, 'name'],
    ['wrong validity', 'patch', '/api/v1/queues/1', { validity: 'deleted' }, 400, 'validity'],
    ['short password', 'post', '/api/v1/agents', { login: 'x', firstName: 'x', lastName: 'x', email: 'x@y.z', password: 'short' }, 400, 'password'],
    ['bad email', 'post', '/api/v1/agents', { login: 'x', firstName: 'x', lastName: 'x', email: 'nope', password: 'long-enough' }, 400, 'email'],
    ['duplicate login', 'post', '/api/v1/agents', { login: 'root@localhost', firstName: 'x', lastName: 'x', email: 'x@y.z', password: 'long-enough' }, 409, 'login'],
    ['membership in unknown group', 'post', '/api/v1/agents', { login: 'y', firstName: 'x', lastName: 'x', email: 'x@y.z', password: 'long-enough', groups: [{ groupId: 99, permission: 'rw' }] }, 404, 'groups[0].groupId'],
    ['unknown ticket queue', 'post', '/api/v1/tickets', { title: 'T', queueId: 999 }, 404, 'queueId'],
    ['missing ticket title', 'post', '/api/v1/tickets', { queueId: 1 }, 400, 'title'],
    ['unknown ticket customer', 'post', '/api/v1/tickets', { title: 'T', queueId: 1, customerId: 4242 }, 404, 'customerId'],
  ] as const)('bad input (%s) answers %i naming the field, and changes nothing', async (_name, method, path, body, status, field) => {
    const { api } = setup();
    const before = await counts();
    const r = await api.call(method.toUpperCase(), path, body);
    expect(r.status).toBe(status);
    expect(r.body.error.field).toBe(field);
    expect(r.body.error.message.length).toBeGreaterThan(3);
    expect(await counts()).toEqual(before);
  });

  it('refuses a body over 8 MiB with 413', async () => {
    const { api } = setup();
    const r = await api.call('POST', '/api/v1/groups', JSON.stringify({ name: 'x'.repeat(9 * 1024 * 1024) }));
    expect(r.status).toBe(413);
    expect(r.body.error).toMatchObject({ code: 'payload_too_large', field: 'body' });
  });

  it('answers malformed JSON with 400 naming the body', async () => {
    const { api } = setup();
    const before = await counts();
    const r = await api.call('POST', '/api/v1/groups', '{"name": ');
    expect(r.status).toBe(400);
    expect(r.body.error).toMatchObject({ code: 'invalid_input', field: 'body' });
    expect(await counts()).toEqual(before);
  });

  it('works tickets: create, list, filter, patch state/lock/owner/queue, history, notes', async () => {
    const { api } = setup();
    const t = await api.post('/api/v1/tickets', { title: 'Printer on fire', queueId: 3, body: 'Customer called.' });
    expect(t.status).toBe(201);
    expect(t.body).toMatchObject({ title: 'Printer on fire', queueId: 3, state: 'new', stateType: 'new', lock: 'unlock', ownerId: 1, priority: 3, socialProfileId: null });
    expect(t.body.number).toMatch(/^\d{8}10\d{6}$/);
    const id = t.body.id;
    const articles = await api.get(`/api/v1/tickets/${id}/articles`);
    expect(articles.body.items).toHaveLength(1);
    expect(articles.body.items[0]).toMatchObject({ channel: 'note', direction: 'outgoing', senderType: 'agent', body: 'Customer called.', deliveryStatus: null });

    const locked = await api.patch(`/api/v1/tickets/${id}`, { lock: 'lock', priority: '4 high' });
    expect(locked.body).toMatchObject({ lock: 'lock', ownerId: 1, priority: 4 });
    const pending = await api.patch(`/api/v1/tickets/${id}`, { state: 'pending reminder', pendingUntil: new Date(Date.now() + 86400000).toISOString() });
    expect(pending.body).toMatchObject({ state: 'pending reminder', stateType: 'pending reminder' });
    expect(pending.body.pendingUntil).toBeTruthy();
    const closed = await api.patch(`/api/v1/tickets/${id}`, { state: 'closed successful' });
    expect(closed.body).toMatchObject({ state: 'closed successful', stateType: 'closed', lock: 'unlock' });
    const moved = await api.patch(`/api/v1/tickets/${id}`, { queueId: 1 });
    expect(moved.body.queueId).toBe(1);

    const list = await api.get('/api/v1/tickets?stateType=closed');
    expect(list.body.total).toBe(1);
    expect((await api.get('/api/v1/tickets?state=new')).body.total).toBe(0);
    expect((await api.get(`/api/v1/tickets?q=${t.body.number}`)).body.total).toBe(1);
    expect((await api.get('/api/v1/tickets?q=printer')).body.total).toBe(1);
    expect((await api.get('/api/v1/tickets?q=called')).body.total).toBe(1);
    expect((await api.get('/api/v1/tickets?q=nothing-like-this')).body.total).toBe(0);

    const note = await api.post(`/api/v1/tickets/${id}/articles`, { body: 'Internal only', kind: 'note' });
    expect(note.status).toBe(201);
    expect(note.body).toMatchObject({ channel: 'note', visibleForCustomer: false });

    const history = await api.get(`/api/v1/tickets/${id}/history`);
    expect(history.body.items.map((h: { type: string }) => h.type)).toEqual([
      'NewTicket', 'AddNote', 'PriorityUpdate', 'Lock', 'StateUpdate', 'StateUpdate', 'Unlock', 'Move', 'AddNote',
    ]);
    expect(history.body.items[2]).toMatchObject({ createdByLogin: 'root@localhost' });
  });

  it.each([
    [{ state: 'bogus' }, 'state'],
    [{ state: 'merged' }, 'state'],
    [{ state: 'pending reminder' }, 'pendingUntil'],
    [{ queueId: 999 }, 'queueId'],
    [{ ownerId: 999 }, 'ownerId'],
    [{ lock: 'maybe' }, 'lock'],
    [{ colour: 'red' }, ''],
  ])('PATCH ticket with %j answers 4xx naming %s and changes nothing', async (patch, field) => {
    const { api } = setup();
    const t = await api.post('/api/v1/tickets', { title: 'T', queueId: 3 });
    const before = await counts();
    const r = await api.patch(`/api/v1/tickets/${t.body.id}`, patch);
    expect(r.status).toBeGreaterThanOrEqual(400);
    expect(r.status).toBeLessThan(500);
    if (field) expect(r.body.error.field).toBe(field);
    expect(await counts()).toEqual(before);
    expect((await api.get(`/api/v1/tickets/${t.body.id}`)).body).toMatchObject({ state: 'new', lock: 'unlock', queueId: 3, ownerId: 1 });
  });

  it('enforces queue permissions on the server: no access, ro, rw', async () => {
    const { app, api } = setup();
    const sales = await api.post('/api/v1/groups', { name: 'sales' });
    const salesQ = await api.post('/api/v1/queues', { name: 'Sales', groupId: sales.body.id });
    // Even root reaches a queue only through its group, as in OTRS.
    expect((await api.post('/api/v1/tickets', { title: 'Deal', queueId: salesQ.body.id })).status).toBe(403);
    await api.patch('/api/v1/agents/1', { groups: [{ groupId: 1, permission: 'rw' }, { groupId: 2, permission: 'rw' }, { groupId: sales.body.id, permission: 'rw' }] });
    const t = await api.post('/api/v1/tickets', { title: 'Deal', queueId: salesQ.body.id });
    expect(t.status).toBe(201);
    await api.post('/api/v1/agents', { login: 'outsider', firstName: 'O', lastName: 'O', email: 'o@x.y', password: 'password-1', groups: [{ groupId: 1, permission: 'rw' }] });
    await api.post('/api/v1/agents', { login: 'reader', firstName: 'R', lastName: 'R', email: 'r@x.y', password: 'password-1', groups: [{ groupId: sales.body.id, permission: 'ro' }] });
    const outsider = apiClient(app, basic('outsider', 'password-1'));
    const reader = apiClient(app, basic('reader', 'password-1'));
    expect((await outsider.get(`/api/v1/tickets/${t.body.id}`)).status).toBe(403);
    expect((await outsider.get('/api/v1/tickets')).body.total).toBe(0);
    expect((await reader.get(`/api/v1/tickets/${t.body.id}`)).status).toBe(200);
    expect((await reader.get('/api/v1/tickets')).body.total).toBe(1);
    const refused = await reader.patch(`/api/v1/tickets/${t.body.id}`, { state: 'open' });
    expect(refused.status).toBe(403);
    expect((await reader.post(`/api/v1/tickets/${t.body.id}/articles`, { body: 'x', kind: 'note' })).status).toBe(403);
    // Admin resources need the admin group.
    expect((await reader.post('/api/v1/groups', { name: 'x' })).status).toBe(403);
    expect((await reader.get('/api/v1/queues')).body.items.map((q: { name: string }) => q.name)).toEqual(['Sales']);
  });

  it('requires the CSRF token for cookie sessions', async () => {
    const { app } = setup();
    // Log in through the form to get a session cookie.
    const loginPage = await app.request('/login');
    const loginCookie = loginPage.headers.get('set-cookie')!.split(';')[0]!;
    const token = /name="_login_csrf" value="([^"]+)"/.exec(await loginPage.text())![1]!;
    const res = await app.request('/login', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: loginCookie },
      body: new URLSearchParams({ login: 'root@localhost', password: ADMIN_PASSWORD, _login_csrf: token, next: '/admin' }).toString(),
    });
    expect(res.status).toBe(303);
    const session = res.headers.getSetCookie().find((c) => c.startsWith('parley_session='))!.split(';')[0]!;
    expect((await app.request('/api/v1/groups', { headers: { cookie: session } })).status).toBe(200);
    const noCsrf = await app.request('/api/v1/groups', { method: 'POST', headers: { cookie: session, 'content-type': 'application/json' }, body: JSON.stringify({ name: 'csrf' }) });
    expect(noCsrf.status).toBe(403);
    const sessionRow = await db().selectFrom('sessions').select('csrf_token').executeTakeFirstOrThrow();
    const withCsrf = await app.request('/api/v1/groups', {
      method: 'POST',
      headers: { cookie: session, 'content-type': 'application/json', 'x-csrf-token': sessionRow.csrf_token },
      body: JSON.stringify({ name: 'csrf' }),
    });
    expect(withCsrf.status).toBe(201);
  });
});
