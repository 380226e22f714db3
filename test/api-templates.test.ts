import { expect, it } from 'vitest';
import { saveAgent, saveGroup } from '../src/core/agents/service.ts';
import { saveQueue } from '../src/core/queues/service.ts';
import { createTicket } from '../src/core/tickets/service.ts';
import { apiClient, basic, makeApp, testDeps } from './helpers/app.ts';
import { describeEachDialect } from './helpers/db.ts';

describeEachDialect('REST API: templates', ({ db, dialect }) => {
  async function setup() {
    const app = makeApp(testDeps(db(), dialect));
    const users = await db().selectFrom('groups').select('id').where('name', '=', 'users').executeTakeFirstOrThrow();
    const secret = await saveGroup(db(), 1, null, { name: 'secret' });
    const social = await saveQueue(db(), 1, null, { name: 'Social', groupId: users.id });
    const hidden = await saveQueue(db(), 1, null, { name: 'Hidden', groupId: secret.id });
    await saveAgent(db(), 1, null, { login: 'bernd', firstName: 'Bernd', lastName: 'Berger', email: 'b@example.com', password: 'agent-password-1', groups: [{ groupId: users.id, permission: 'rw' }] });
    return { app, root: apiClient(app), bernd: apiClient(app, basic('bernd', 'agent-password-1')), social, hidden };
  }
  const count = async () => Number((await db().selectFrom('templates').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);

  it('an administrator creates, reads and updates templates linked to queues', async () => {
    const { root, social, hidden } = await setup();
    const created = await root.post('/api/v1/templates', { name: 'Thanks', body: 'Thanks <OTRS_CUSTOMER_REALNAME>!', queueIds: [social.id, hidden.id] });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: 'Thanks', body: 'Thanks <OTRS_CUSTOMER_REALNAME>!', validity: 'valid', comment: null, queueIds: [social.id, hidden.id].sort((a, b) => a - b) });
    const patched = await root.patch(`/api/v1/templates/${created.body.id}`, { queueIds: [social.id], validity: 'invalid' });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ name: 'Thanks', queueIds: [social.id], validity: 'invalid' });
    expect((await root.get(`/api/v1/templates/${created.body.id}`)).body.queueIds).toEqual([social.id]);
    expect((await root.get('/api/v1/templates')).body.total).toBe(1);
  });

  it('names are unique ignoring case; bad input names the field and changes nothing', async () => {
    const { root } = await setup();
    expect((await root.post('/api/v1/templates', { name: 'Thanks', body: 'x' })).status).toBe(201);
    const dup = await root.post('/api/v1/templates', { name: 'THANKS', body: 'y' });
    expect(dup.status).toBe(409);
    expect(dup.body.error.field).toBe('name');
    for (const [body, field] of [
      [{ name: '', body: 'x' }, 'name'],
      [{ name: 'A', body: '   ' }, 'body'],
      [{ name: 'A', body: 'x', queueIds: [999] }, 'queueIds'],
      [{ name: 'A', body: 'x', validity: 'maybe' }, 'validity'],
      [{ name: 'A', body: 'x'.repeat(10_001) }, 'body'],
    ] as const) {
      const res = await root.post('/api/v1/templates', body);
      expect(res.status, JSON.stringify(body).slice(0, 60)).toBe(400);
      expect(res.body.error.field).toBe(field);
    }
    // A NUL is refused before the service sees it (the API's strict bodies); still 400, nothing stored.
    expect((await root.post('/api/v1/templates', { name: 'A', body: 'a\0b' })).status).toBe(400);
    expect(await count()).toBe(1);
    expect((await root.get('/api/v1/templates')).body.items.map((t: { queueIds: number[] }) => t.queueIds)).toEqual([[]]);
  });

  it('agents may read but not write; they see only templates of queues they may see', async () => {
    const { root, bernd, social, hidden } = await setup();
    const mine = await root.post('/api/v1/templates', { name: 'Mine', body: 'x', queueIds: [social.id] });
    const theirs = await root.post('/api/v1/templates', { name: 'Theirs', body: 'y', queueIds: [hidden.id] });
    const create = await bernd.post('/api/v1/templates', { name: 'Nope', body: 'z' });
    expect(create.status).toBe(403);
    expect((await bernd.patch(`/api/v1/templates/${mine.body.id}`, { body: 'changed' })).status).toBe(403);
    expect(await count()).toBe(2);
    const list = await bernd.get('/api/v1/templates');
    expect(list.body.items.map((t: { name: string }) => t.name)).toEqual(['Mine']);
    expect((await bernd.get(`/api/v1/templates/${theirs.body.id}`)).status).toBe(404);
    expect((await bernd.get(`/api/v1/templates/${mine.body.id}`)).status).toBe(200);
  });

  it("fills the valid templates of the ticket's queue in for the ticket and the agent", async () => {
    const { root, bernd, social, hidden } = await setup();
    await root.post('/api/v1/templates', { name: 'Hello', body: 'Hi <OTRS_CUSTOMER_REALNAME>, ticket <OTRS_TICKET_TicketNumber>. <OTRS_CURRENT_UserFullname>', queueIds: [social.id] });
    await root.post('/api/v1/templates', { name: 'Off', body: 'x', queueIds: [social.id], validity: 'invalid' });
    await root.post('/api/v1/templates', { name: 'Elsewhere', body: 'x', queueIds: [hidden.id] });
    const customer = await db().insertInto('customer_users').values({ login: 'twitter:42', name: 'Carla Kunde', email: null, validity: 'valid', created_at: 'now', changed_at: 'now' }).returning('id').executeTakeFirstOrThrow();
    await db().insertInto('customer_identities').values({ customer_id: customer.id, network: 'twitter', external_user_id: '42', handle: 'carla', display_name: 'Carla Kunde', avatar_url: null, created_at: 'now', changed_at: 'now' }).execute();
    const ticket = await createTicket(db(), { title: 'Order', queueId: social.id, customerId: customer.id }, 1);
    const filled = await bernd.get(`/api/v1/tickets/${ticket.id}/templates`);
    expect(filled.status).toBe(200);
    expect(filled.body.items).toEqual([{ id: expect.any(Number), name: 'Hello', text: `Hi Carla Kunde, ticket ${ticket.number}. Bernd Berger` }]);
    const hiddenTicket = await createTicket(db(), { title: 'Secret', queueId: hidden.id }, 1);
    expect((await bernd.get(`/api/v1/tickets/${hiddenTicket.id}/templates`)).status).toBe(403);
  });
});
