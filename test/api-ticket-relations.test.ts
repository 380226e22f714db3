import { expect, it } from 'vitest';
import { storeFiles } from '../src/attachments/outgoing.ts';
import { saveAgent, saveGroup } from '../src/core/agents/service.ts';
import { forgetDeployedAcls } from '../src/core/options/acl.ts';
import { saveQueue } from '../src/core/queues/service.ts';
import { createTicket, updateTicket, type Actor } from '../src/core/tickets/service.ts';
import { loadAgentAccess, findAgent } from '../src/db/repos/agents.ts';
import { deployAcls } from './agent-fixture.ts';
import { apiClient, basic, makeApp, testDeps } from './helpers/app.ts';
import { describeEachDialect } from './helpers/db.ts';

const PW = 'agent-password-1';

const ACLS = `- Name: 50-no-merge-for-carl
  Comment: ''
  Description: carl neither merges, links, splits nor bulk-changes.
  StopAfterMatch: 0
  ValidID: 1
  ConfigMatch:
    Properties:
      User:
        UserLogin:
        - carl
  ConfigChange:
    PossibleNot:
      Action:
      - AgentTicketMerge
      - AgentLinkObject
      - AgentSplitSelection
      - AgentTicketBulk
`;

describeEachDialect('REST API: merge, split, link, bulk', ({ db, dialect }) => {
  async function setup() {
    forgetDeployedAcls();
    const app = makeApp(testDeps(db(), dialect));
    const users = await db().selectFrom('groups').select('id').where('name', '=', 'users').executeTakeFirstOrThrow();
    const secret = await saveGroup(db(), 1, null, { name: 'secret' });
    const social = await saveQueue(db(), 1, null, { name: 'Social', groupId: users.id });
    const hidden = await saveQueue(db(), 1, null, { name: 'Hidden', groupId: secret.id });
    const mk = (login: string, groups: { groupId: number; permission: 'rw' | 'ro' }[]) =>
      saveAgent(db(), 1, null, { login, firstName: login, lastName: 'Agent', email: `${login}@example.com`, password: PW, groups });
    const bernd = await mk('bernd', [{ groupId: users.id, permission: 'rw' }]);
    const anna = await mk('anna', [{ groupId: users.id, permission: 'rw' }]);
    await mk('carl', [{ groupId: users.id, permission: 'rw' }]);
    await mk('rita', [{ groupId: users.id, permission: 'ro' }]);
    const as = async (id: number): Promise<Actor> => {
      const a = (await findAgent(db(), id))!;
      return { id: a.id, login: a.login, access: await loadAgentAccess(db(), a), admin: false };
    };
    const ticket = async (title: string, queueId = social.id, notes: string[] = ['first']) => {
      const t = await createTicket(db(), { title, queueId }, 1);
      const ids: number[] = [];
      for (const n of notes) {
        const row = { ticket_id: t.id, channel: 'note', direction: 'outgoing', sender_type: 'agent', from_display: 'root', to_display: '', body: n, visible_for_customer: 0, created_by: 1, created_at: t.created_at };
        ids.push((await db().insertInto('articles').values(row).returning('id').executeTakeFirstOrThrow()).id);
      }
      return { ...t, articleIds: ids };
    };
    const client = (login: string) => apiClient(app, basic(login, PW));
    return { app, social, hidden, bernd, anna, as, ticket, api: client('bernd'), client };
  }
  const snapshot = async () => ({
    tickets: await db().selectFrom('tickets').select(['id', 'state', 'lock', 'owner_id', 'queue_id', 'priority']).orderBy('id').execute(),
    articles: await db().selectFrom('articles').select(['id', 'ticket_id']).orderBy('id').execute(),
    links: await db().selectFrom('ticket_links').selectAll().execute(),
    history: (await db().selectFrom('ticket_history').select('id').execute()).length,
  });

  it('merges a ticket: state merged, its articles in the target, history on both', async () => {
    const { api, ticket } = await setup();
    const a = await ticket('Original', undefined, ['one']);
    const b = await ticket('Duplicate', undefined, ['two', 'three']);
    const res = await api.post(`/api/v1/tickets/${b.id}/merge`, { targetTicketId: a.id });
    expect(res.status).toBe(200);
    expect(res.body.id).toBe(a.id);
    const merged = await api.get(`/api/v1/tickets/${b.id}`);
    expect(merged.body).toMatchObject({ state: 'merged', stateType: 'merged', lock: 'unlock' });
    const articles = await api.get(`/api/v1/tickets/${a.id}/articles`);
    expect(articles.body.items.map((x: { body: string }) => x.body)).toEqual(['one', 'two', 'three']);
    expect((await api.get(`/api/v1/tickets/${b.id}/articles`)).body.total).toBe(0);
    const hb = (await api.get(`/api/v1/tickets/${b.id}/history`)).body.items.map((h: { type: string }) => h.type);
    const ha = (await api.get(`/api/v1/tickets/${a.id}/history`)).body.items.map((h: { type: string }) => h.type);
    expect(hb).toContain('Merged');
    expect(ha).toContain('Merged');
    // Merging again, or into the merged ticket, is refused.
    expect((await api.post(`/api/v1/tickets/${b.id}/merge`, { targetTicketId: a.id })).status).toBe(409);
    const into = await api.post(`/api/v1/tickets/${a.id}/merge`, { targetTicketId: b.id });
    expect(into.status).toBe(400);
    expect(into.body.error.field).toBe('targetTicketId');
  });

  it('attachments go with their articles when a ticket is merged or split', async () => {
    const { api, ticket } = await setup();
    const png = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');
    const attach = async (articleId: number, ticketId: number) =>
      storeFiles(testDeps(db(), dialect), db(), { id: articleId, ticket_id: ticketId }, [{ filename: 'a.png', contentType: 'image/png', bytes: png }], new Date().toISOString());
    const ticketOf = async (articleId: number) => (await db().selectFrom('attachments').select('ticket_id').where('article_id', '=', articleId).executeTakeFirstOrThrow()).ticket_id;
    const a = await ticket('Original', undefined, ['one']);
    const b = await ticket('Duplicate', undefined, ['two']);
    await attach(b.articleIds[0]!, b.id);
    expect((await api.post(`/api/v1/tickets/${b.id}/merge`, { targetTicketId: a.id })).status).toBe(200);
    expect(await ticketOf(b.articleIds[0]!)).toBe(a.id);
    const t = await ticket('Mixed', undefined, ['old question', 'new question']);
    await attach(t.articleIds[0]!, t.id);
    await attach(t.articleIds[1]!, t.id);
    const split = await api.post(`/api/v1/tickets/${t.id}/articles/${t.articleIds[1]}/split`);
    expect(split.status).toBe(201);
    expect(await ticketOf(t.articleIds[0]!)).toBe(t.id);
    expect(await ticketOf(t.articleIds[1]!)).toBe(split.body.id);
  });

  it('splits an article and the later ones into a new ticket linked as child', async () => {
    const { api, ticket, bernd } = await setup();
    const t = await ticket('Mixed', undefined, ['old question', 'new question', 'more on it']);
    const res = await api.post(`/api/v1/tickets/${t.id}/articles/${t.articleIds[1]}/split`);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ title: 'new question', state: 'new', queueId: t.queue_id, ownerId: bernd.id });
    expect((await api.get(`/api/v1/tickets/${res.body.id}/articles`)).body.items.map((x: { body: string }) => x.body)).toEqual(['new question', 'more on it']);
    expect((await api.get(`/api/v1/tickets/${t.id}/articles`)).body.items.map((x: { body: string }) => x.body)).toEqual(['old question']);
    const link = await db().selectFrom('ticket_links').selectAll().executeTakeFirstOrThrow();
    expect(link).toMatchObject({ source_ticket_id: t.id, target_ticket_id: res.body.id, type: 'ParentChild' });
    const before = await snapshot();
    const first = await api.post(`/api/v1/tickets/${t.id}/articles/${t.articleIds[0]}/split`);
    expect(first.status).toBe(400);
    expect(first.body.error.field).toBe('articleId');
    const foreign = await api.post(`/api/v1/tickets/${t.id}/articles/${t.articleIds[2]}/split`);
    expect(foreign.status).toBe(404);
    expect(foreign.body.error.field).toBe('articleId');
    expect(await snapshot()).toEqual(before);
  });

  it('links tickets by hand; duplicates, self links and bad types are refused', async () => {
    const { api, ticket } = await setup();
    const a = await ticket('A');
    const b = await ticket('B');
    const res = await api.post(`/api/v1/tickets/${a.id}/links`, { targetTicketId: b.id, type: 'ParentChild' });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ sourceTicketId: a.id, targetTicketId: b.id, type: 'ParentChild' });
    const before = await snapshot();
    for (const [body, status, field] of [
      [{ targetTicketId: a.id, type: 'Normal' }, 409, 'targetTicketId'],
      [{ targetTicketId: b.id }, 409, 'targetTicketId'],
      [{ targetTicketId: 999999 }, 404, 'targetTicketId'],
      [{ targetTicketId: 'x' }, 400, 'targetTicketId'],
      [{ targetTicketId: b.id, type: 'Sibling' }, 400, 'type'],
      [{ targetTicketId: b.id, extra: 1 }, 400, undefined],
    ] as const) {
      const r = await api.post(`/api/v1/tickets/${body.targetTicketId === a.id ? b.id : a.id}/links`, body);
      expect(r.status, JSON.stringify(body)).toBe(status);
      if (field) expect(r.body.error.field).toBe(field);
    }
    expect((await api.post(`/api/v1/tickets/${a.id}/links`, { targetTicketId: a.id })).body.error.field).toBe('targetTicketId');
    expect(await snapshot()).toEqual(before);
  });

  it('needs rw on both queues, the lock, and the ACL screens', async () => {
    const { app, client, ticket, hidden, anna, as } = await setup();
    const a = await ticket('A', undefined, ['x', 'y']);
    const b = await ticket('B');
    const h = await ticket('Hidden', hidden.id);
    await deployAcls(app, ACLS);
    const before = await snapshot();
    const bernd = client('bernd');
    expect((await bernd.post(`/api/v1/tickets/${a.id}/merge`, { targetTicketId: h.id })).status).toBe(403);
    expect((await bernd.post(`/api/v1/tickets/${h.id}/merge`, { targetTicketId: a.id })).status).toBe(403);
    expect((await bernd.post(`/api/v1/tickets/${a.id}/links`, { targetTicketId: h.id })).status).toBe(403);
    const rita = client('rita');
    expect((await rita.post(`/api/v1/tickets/${a.id}/merge`, { targetTicketId: b.id })).status).toBe(403);
    expect((await rita.post(`/api/v1/tickets/${a.id}/articles/${a.articleIds[1]}/split`)).status).toBe(403);
    const carl = client('carl');
    for (const r of [
      await carl.post(`/api/v1/tickets/${a.id}/merge`, { targetTicketId: b.id }),
      await carl.post(`/api/v1/tickets/${a.id}/links`, { targetTicketId: b.id }),
      await carl.post(`/api/v1/tickets/${a.id}/articles/${a.articleIds[1]}/split`),
    ]) {
      expect(r.status).toBe(403);
      expect(r.body.error.message).toMatch(/access control list/);
    }
    const bulk = await carl.post('/api/v1/tickets/bulk', { ticketIds: [a.id, b.id], state: 'closed successful' });
    expect(bulk.status).toBe(200);
    expect(bulk.body).toMatchObject({ done: 0, refused: 2 });
    expect(await snapshot()).toEqual(before);
    // Locked by anna: bernd may neither merge nor split it.
    await updateTicket(db(), await as(anna.id), a.id, { lock: 'lock' });
    expect((await bernd.post(`/api/v1/tickets/${a.id}/merge`, { targetTicketId: b.id })).status).toBe(409);
    expect((await bernd.post(`/api/v1/tickets/${a.id}/articles/${a.articleIds[1]}/split`)).status).toBe(409);
    forgetDeployedAcls();
  });

  it('bulk: changes each ticket it may and says why it refused the others', async () => {
    const { api, ticket, hidden, anna, as } = await setup();
    const a = await ticket('A');
    const b = await ticket('B');
    const locked = await ticket('Locked');
    await updateTicket(db(), await as(anna.id), locked.id, { lock: 'lock' });
    const h = await ticket('Hidden', hidden.id);
    const res = await api.post('/api/v1/tickets/bulk', { ticketIds: [a.id, b.id, locked.id, h.id, 999999], state: 'closed successful', priority: 4, note: 'Closed in one go.' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ done: 2, refused: 3 });
    expect(res.body.items.map((r: { ticketId: number; ok: boolean; error?: { code: string } }) => [r.ticketId, r.ok, r.error?.code])).toEqual([
      [a.id, true, undefined],
      [b.id, true, undefined],
      [locked.id, false, 'conflict'],
      [h.id, false, 'forbidden'],
      [999999, false, 'not_found'],
    ]);
    expect(res.body.items[0].ticket).toMatchObject({ state: 'closed successful', priority: 4 });
    const notes = await db().selectFrom('articles').select('ticket_id').where('body', '=', 'Closed in one go.').execute();
    expect(notes.map((n) => n.ticket_id).sort()).toEqual([a.id, b.id].sort());
    const lockedNow = await api.get(`/api/v1/tickets/${locked.id}`);
    expect(lockedNow.body.state).toBe('new');
  });

  it('bulk follows PARLEY_REQUIRED_LOCK like a single change: moving takes each ticket, unless the action is not listed', async () => {
    const { ticket, bernd } = await setup();
    const raw = await db().selectFrom('queues').select('id').where('name', '=', 'Raw').executeTakeFirstOrThrow();
    for (const [requiredLock, taken] of [[new Set(['move'] as const), true], [new Set<never>(), false]] as const) {
      const a = await ticket(`Move me ${String(taken)}`);
      const bulk = apiClient(makeApp(testDeps(db(), dialect, { requiredLock })), basic('bernd', PW));
      const res = await bulk.post('/api/v1/tickets/bulk', { ticketIds: [a.id], queueId: raw.id });
      expect(res.body).toMatchObject({ done: 1, refused: 0 });
      expect(res.body.items[0].ticket).toMatchObject(taken ? { lock: 'lock', ownerId: bernd.id } : { lock: 'unlock', ownerId: 1 });
    }
  });

  it('bulk: bad input is refused as a whole, naming the field', async () => {
    const { api, ticket } = await setup();
    const a = await ticket('A');
    const before = await snapshot();
    for (const [body, field] of [
      [{ ticketIds: [] }, 'ticketIds'],
      [{ ticketIds: Array.from({ length: 501 }, (_, i) => i + 1), state: 'open' }, 'ticketIds'],
      [{ ticketIds: [a.id], state: 'sleeping' }, 'state'],
      [{ ticketIds: [a.id], lock: 'maybe' }, 'lock'],
      [{ ticketIds: [a.id], priority: 9 }, 'priority'],
      [{ ticketIds: [a.id] }, '_form'],
      [{ ticketIds: [a.id], colour: 'red' }, undefined],
    ] as const) {
      const r = await api.post('/api/v1/tickets/bulk', body);
      expect(r.status, JSON.stringify(body).slice(0, 80)).toBe(400);
      if (field) expect(r.body.error.field).toBe(field);
    }
    expect(await snapshot()).toEqual(before);
  });
});
