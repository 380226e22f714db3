// Findings of the attack review (issue 10) about input: NUL characters, ids beyond the databases'
// integers or not in decimal, fractional counts, unbounded titles and notes, unknown body keys.
// Each answers 4xx and changes nothing, on SQLite and PostgreSQL alike.
import { expect, it } from 'vitest';
import { parseCount, parseId } from '../src/core/ids.ts';
import { ARTICLE_BODY_MAX, TITLE_MAX } from '../src/core/limits.ts';
import { createTicket } from '../src/core/tickets/service.ts';
import { apiClient, makeApp, sessionHeaders, testDeps } from './helpers/app.ts';
import { ADMIN_PASSWORD, describeEachDialect } from './helpers/db.ts';

it.each([
  ['1', 1],
  ['2147483647', 2147483647],
  ['2147483648', null],
  ['0', null],
  ['0x1', null],
  ['1e3', null],
  ['1.0', null],
  [' 1', null],
  ['+1', null],
  ['-1', null],
  ['01', null],
  ['', null],
  [undefined, null],
])('parseId(%j) is %j', (text, id) => {
  expect(parseId(text)).toBe(id);
});

it('parseCount takes 0 but no fraction', () => {
  expect(parseCount('0')).toBe(0);
  expect(parseCount('1.5')).toBeNull();
});

describeEachDialect('hardening: input', ({ db, dialect }) => {
  const setup = async () => {
    const app = makeApp(testDeps(db(), dialect));
    const raw = await db().selectFrom('queues').select('id').where('name', '=', 'Raw').executeTakeFirstOrThrow();
    const ticket = await createTicket(db(), { title: 'A ticket', queueId: raw.id }, 1);
    return { app, api: apiClient(app), raw, ticket };
  };
  const snapshot = async () => ({
    tickets: await db().selectFrom('tickets').selectAll().orderBy('id').execute(),
    articles: await db().selectFrom('articles').select(['id', 'body']).orderBy('id').execute(),
    groups: await db().selectFrom('groups').select(['id', 'name']).orderBy('id').execute(),
    queues: await db().selectFrom('queues').select(['id', 'name', 'comment']).orderBy('id').execute(),
  });

  it('refuses a NUL character in any JSON body, form, path or query with 400', async () => {
    const { app, api, ticket } = await setup();
    const before = await snapshot();
    const cases = [
      await api.post('/api/v1/groups', { name: 'a\u0000b' }),
      await api.patch('/api/v1/queues/1', { comment: 'x\u0000' }),
      await api.post(`/api/v1/tickets/${ticket.id}/articles`, { body: 'note\u0000', kind: 'note' }),
      await api.get('/api/v1/tickets?q=%00'),
      await api.get('/api/v1/customers?q=a%00b'),
      await api.get('/api/v1/acls/export?name=%00'),
      await api.call('POST', '/api/v1/acls', '- Name: "a\\0"\n', { 'content-type': 'application/yaml' }),
    ];
    for (const r of cases) expect(r.status).toBe(400);
    const headers = await sessionHeaders(app, 'root@localhost', ADMIN_PASSWORD);
    const page = await app.request('/tickets?q=%00', { headers });
    expect(page.status).toBe(400);
    const form = await app.request(`/tickets/${ticket.id}/note`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'body=hello%00there',
    });
    expect(form.status).toBe(400);
    expect(await snapshot()).toEqual(before);
  });

  it('refuses ids beyond 2³¹−1, in hexadecimal or fractional, in paths, filters and bodies with 4xx', async () => {
    const { app, api, ticket } = await setup();
    const before = await snapshot();
    for (const p of ['/api/v1/tickets/2147483648', '/api/v1/tickets/0x1', '/api/v1/tickets/1.0', '/api/v1/tickets/1e0', '/api/v1/agents/99999999999', '/api/v1/tickets?queueId=2147483648', '/api/v1/tickets?ownerId=0x1', '/api/v1/tickets?limit=1.5', '/api/v1/tickets?offset=99999999999', `/api/v1/tickets/${ticket.id}/articles?offset=2147483648`]) {
      expect([p, (await api.get(p)).status]).toEqual([p, 400]);
    }
    expect((await api.get('/api/v1/tickets/2147483647')).status).toBe(404);
    expect((await api.patch(`/api/v1/tickets/${ticket.id}`, { ownerId: 2 ** 31 })).status).toBe(400);
    expect((await api.patch(`/api/v1/tickets/${ticket.id}`, { queueId: 1.5 })).status).toBe(400);
    expect((await api.post('/api/v1/queues', { name: 'Q', groupId: 2 ** 31 })).status).toBe(400);
    expect((await api.post('/api/v1/tickets', { title: 'T', queueId: 1, customerId: 2 ** 40 })).status).toBe(400);
    const headers = await sessionHeaders(app, 'root@localhost', ADMIN_PASSWORD);
    for (const p of ['/tickets/2147483648', '/admin/queues/2147483648', '/admin/agents/99999999999', `/tickets/${ticket.id}/articles/2147483648/retry`]) {
      const res = await app.request(p, { headers, method: p.endsWith('retry') ? 'POST' : 'GET' });
      expect([p, res.status]).toEqual([p, 404]);
    }
    for (const p of [`/tickets?queue=2147483648`, `/tickets?owner=2147483648`, `/tickets?page=2147483648`]) {
      expect([p, (await app.request(p, { headers })).status]).toEqual([p, 200]);
    }
    const owner = await app.request(`/tickets/${ticket.id}/owner`, { method: 'POST', headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' }, body: 'ownerId=2147483648' });
    expect(owner.status).toBeLessThan(500);
    expect(await snapshot()).toEqual(before);
  });

  it('answers the live refresh with a fractional or odd "after" without an error', async () => {
    const { app, ticket } = await setup();
    const headers = await sessionHeaders(app, 'root@localhost', ADMIN_PASSWORD);
    for (const after of ['1.5', '-1', '0x10', '1e99', '2147483648', 'abc']) {
      const res = await app.request(`/ui/tickets/${ticket.id}/poll?after=${after}`, { headers });
      expect([after, res.status]).toEqual([after, 200]);
      const earlier = await app.request(`/ui/tickets/${ticket.id}/articles?before=${after}`, { headers });
      expect([after, earlier.status]).toEqual([after, 200]);
    }
  });

  it(`limits titles to ${TITLE_MAX} characters and notes to ${ARTICLE_BODY_MAX}`, async () => {
    const { app, api, raw, ticket } = await setup();
    const before = await snapshot();
    const long = 'é'.repeat(TITLE_MAX + 1);
    expect((await api.post('/api/v1/tickets', { title: long, queueId: raw.id })).status).toBe(400);
    expect((await api.patch(`/api/v1/tickets/${ticket.id}`, { title: long })).status).toBe(400);
    expect((await api.post(`/api/v1/tickets/${ticket.id}/articles`, { body: 'x'.repeat(ARTICLE_BODY_MAX + 1), kind: 'note' })).status).toBe(400);
    const headers = await sessionHeaders(app, 'root@localhost', ADMIN_PASSWORD);
    const note = await app.request(`/tickets/${ticket.id}/note`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ body: 'x'.repeat(ARTICLE_BODY_MAX + 1) }).toString(),
    });
    expect(note.status).toBe(400);
    expect(await snapshot()).toEqual(before);
    // Exactly at the limit is fine (characters, not bytes).
    const ok = await api.patch(`/api/v1/tickets/${ticket.id}`, { title: 'é'.repeat(TITLE_MAX) });
    expect(ok.status).toBe(200);
  });

  it('refuses unknown keys in every JSON body with 400 naming the key', async () => {
    const { api, ticket } = await setup();
    const before = await snapshot();
    const cases: [string, string, unknown][] = [
      ['PATCH', '/api/v1/queues/1', { name: 'Raw2', colour: 'red' }],
      ['PATCH', '/api/v1/groups/1', { nmae: 'x' }],
      ['PATCH', '/api/v1/agents/1', { firstName: 'A', admin: true }],
      ['POST', '/api/v1/agents', { login: 'x', firstName: 'x', lastName: 'x', email: 'x@example.com', password: 'password-123', groups: [{ groupId: 1, permission: 'rw', extra: 1 }] }],
      ['PATCH', `/api/v1/tickets/${ticket.id}`, { state: 'open', owner: 2 }],
      ['POST', '/api/v1/tickets', { title: 'x', queueId: 1, queue: 1 }],
      ['POST', `/api/v1/tickets/${ticket.id}/articles`, { body: 'x', kind: 'note', internal: true }],
    ];
    for (const [method, path, body] of cases) {
      const res = await api.call(method, path, body);
      expect([method, path, res.status, res.body.error.message]).toEqual([method, path, 400, expect.stringMatching(/Unknown field/)]);
    }
    expect(await snapshot()).toEqual(before);
  });
});
