import { expect, it } from 'vitest';
import { saveAgent } from '../src/core/agents/service.ts';
import { apiClient, basic } from './helpers/app.ts';
import { describeEachDialect } from './helpers/db.ts';
import { AGENT_PASSWORD, browserless, newestTicket, socialFixture } from './agent-fixture.ts';

// Issue 11's follow-up lock scenario: the queue locks follow-ups; a mention opens a ticket owned by
// the system user; anna answers without locking (RequiredLock takes the ticket) and closes; the
// customer writes again; the ticket must come back to anna, not to root@localhost. And when anna
// can no longer hold it, it reopens unlocked and the queue's agents are told.

describeEachDialect('follow-ups come back to the agent who took the ticket', ({ db, dialect }) => {
  it('mention → anna answers and closes → follow-up locks to anna; owner who cannot hold it → unlocked, queue notified', async () => {
    const fx = await socialFixture(db(), dialect);
    try {
      await db().updateTable('queues').set({ follow_up_lock: 1 }).where('id', '=', fx.queue.id).execute();
      const anna = await fx.agent('anna');
      const bernd = await fx.agent('bernd');
      const asAnna = apiClient(fx.app, basic('anna', AGENT_PASSWORD));
      const asBernd = apiClient(fx.app, basic('bernd', AGENT_PASSWORD));
      const kinds = async (api: typeof asAnna) => (await api.get('/api/v1/notifications')).body.items.map((n: { type: string; ticketId: number }) => `${n.type}:${n.ticketId}`);

      const carla = await fx.user('carla', 'Carla Customer');
      const question = await fx.mention(carla, '@ParleyHelp my order never arrived');
      await fx.tick();
      const ticket = await newestTicket(db());
      expect(ticket).toMatchObject({ owner_id: 1, lock: 'unlock', state: 'new' });
      // Both agents of the queue hear of the new ticket.
      expect(await kinds(asAnna)).toEqual([`newTicket:${ticket.id}`]);
      expect(await kinds(asBernd)).toEqual([`newTicket:${ticket.id}`]);

      // anna answers without locking first: answering takes the ticket.
      const reply = await asAnna.post(`/api/v1/tickets/${ticket.id}/articles`, { body: '@carla sorry! We are on it.' });
      expect(reply.status).toBe(201);
      expect((await asAnna.get(`/api/v1/tickets/${ticket.id}`)).body).toMatchObject({ ownerId: anna.id, lock: 'lock', state: 'open' });
      await fx.tick();
      // bernd cannot close anna's ticket; anna can, and closing unlocks it but keeps her its owner.
      expect((await asBernd.patch(`/api/v1/tickets/${ticket.id}`, { state: 'closed successful' })).status).toBe(409);
      const closed = await asAnna.patch(`/api/v1/tickets/${ticket.id}`, { state: 'closed successful' });
      expect(closed.body).toMatchObject({ ownerId: anna.id, lock: 'unlock', stateType: 'closed' });

      await fx.sim.control('POST', '/_sim/tweets', { authorId: carla.id, text: '@ParleyHelp still nothing!', inReplyToTweetId: question.id });
      await fx.tick();
      const reopened = (await asAnna.get(`/api/v1/tickets/${ticket.id}`)).body;
      expect(reopened).toMatchObject({ state: 'open', lock: 'lock', ownerId: anna.id });
      expect((await kinds(asAnna))[0]).toBe(`followUp:${ticket.id}`);
      expect(await kinds(asBernd)).toEqual([`newTicket:${ticket.id}`]);
      // anna has her reply box back: the zoom offers it.
      const zoom = await browserless(fx.app, 'anna').get(`/tickets/${ticket.id}`);
      expect(zoom.status).toBe(200);
      expect(zoom.html).toContain('id="compose-body"');

      // anna closes again and leaves: her account is switched off. The next follow-up must not
      // lock the ticket to her; it reopens unlocked and the queue's agents (bernd) are told.
      await asAnna.patch(`/api/v1/tickets/${ticket.id}`, { state: 'closed successful' });
      await saveAgent(db(), 1, anna.id, { login: 'anna', firstName: 'anna', lastName: 'Agent', email: 'anna@example.com', validity: 'invalid', groups: [{ groupId: fx.queue.group_id, permission: 'rw' }] });
      await fx.sim.control('POST', '/_sim/tweets', { authorId: carla.id, text: '@ParleyHelp hello??', inReplyToTweetId: question.id });
      await fx.tick();
      const orphan = (await asBernd.get(`/api/v1/tickets/${ticket.id}`)).body;
      expect(orphan).toMatchObject({ state: 'open', lock: 'unlock' });
      const bs = (await asBernd.get('/api/v1/notifications')).body.items;
      expect(bs[0]).toMatchObject({ type: 'followUp', ticketId: ticket.id });
      expect(bs[0].message).toContain('nobody holds it');
      // bernd can take it now.
      expect((await asBernd.post(`/api/v1/tickets/${ticket.id}/articles`, { body: '@carla bernd here, sorting it out.' })).status).toBe(201);
      expect((await asBernd.get(`/api/v1/tickets/${ticket.id}`)).body).toMatchObject({ ownerId: bernd.id, lock: 'lock' });
    } finally {
      await fx.close();
    }
  });

  it('the owner without rw on the queue cannot hold a follow-up either; PARLEY_REQUIRED_LOCK=none leaves tickets unlocked', async () => {
    const fx = await socialFixture(db(), dialect);
    try {
      await db().updateTable('queues').set({ follow_up_lock: 1 }).where('id', '=', fx.queue.id).execute();
      const anna = await fx.agent('anna');
      const asAnna = apiClient(fx.app, basic('anna', AGENT_PASSWORD));
      const carla = await fx.user('carla2', 'Carla');
      const question = await fx.mention(carla, '@ParleyHelp hi');
      await fx.tick();
      const ticket = await newestTicket(db());
      await asAnna.post(`/api/v1/tickets/${ticket.id}/articles`, { body: '@carla2 hello' });
      await asAnna.patch(`/api/v1/tickets/${ticket.id}`, { state: 'closed successful' });
      // anna keeps only ro on the queue.
      await db().updateTable('agent_groups').set({ permission: 'ro' }).where('agent_id', '=', anna.id).execute();
      await fx.sim.control('POST', '/_sim/tweets', { authorId: carla.id, text: '@ParleyHelp again', inReplyToTweetId: question.id });
      await fx.tick();
      expect(await db().selectFrom('tickets').select(['lock', 'owner_id', 'state']).where('id', '=', ticket.id).executeTakeFirstOrThrow()).toEqual({ lock: 'unlock', owner_id: anna.id, state: 'open' });

      // With RequiredLock switched off, an answer leaves the ticket as it was.
      fx.deps.config.requiredLock = new Set();
      await db().updateTable('agent_groups').set({ permission: 'rw' }).where('agent_id', '=', anna.id).execute();
      const other = await fx.user('dora', 'Dora');
      await fx.mention(other, '@ParleyHelp question');
      await fx.tick();
      const second = await newestTicket(db());
      expect((await asAnna.post(`/api/v1/tickets/${second.id}/articles`, { body: '@dora hi' })).status).toBe(201);
      expect((await asAnna.get(`/api/v1/tickets/${second.id}`)).body).toMatchObject({ ownerId: 1, lock: 'unlock' });
    } finally {
      await fx.close();
    }
  });
});
