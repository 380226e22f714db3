// Merge and split against the X simulator: after a merge, the merged ticket's conversation goes on
// in the target (OTRS files mail for a merged ticket on the one it was merged into); after a split,
// the conversation goes on in the new ticket.
import { afterEach, beforeEach, expect, it } from 'vitest';
import { apiClient, basic } from './helpers/app.ts';
import { describeEachDialect } from './helpers/db.ts';
import { AGENT_PASSWORD, newestTicket, socialFixture, ticketCount, type SocialFixture } from './agent-fixture.ts';

describeEachDialect('merge and split with X', ({ db, dialect }) => {
  let fx: SocialFixture;
  beforeEach(async () => {
    fx = await socialFixture(db(), dialect);
    await fx.agent('bernd');
  });
  afterEach(() => fx.close());

  const bodies = async (ticketId: number) => (await db().selectFrom('articles').select('body').where('ticket_id', '=', ticketId).orderBy('id').execute()).map((a) => a.body);

  it('a new DM of a merged ticket lands in the target', async () => {
    const api = apiClient(fx.app, basic('bernd', AGENT_PASSWORD));
    const alice = await fx.user('alice', 'Alice');
    await fx.dm(alice, 'My parcel is late');
    await fx.mention(alice, '@parleyhelp my parcel is late, see my DM');
    await fx.tick();
    expect(await ticketCount(db())).toBe(2);
    const ticketOf = (kind: string) => db().selectFrom('articles').select('ticket_id as id').where('kind', '=', kind).executeTakeFirstOrThrow();
    const dmTicket = await ticketOf('dm');
    const postTicket = await ticketOf('tweet');
    expect(dmTicket.id).not.toBe(postTicket.id);
    expect((await api.post(`/api/v1/tickets/${dmTicket!.id}/merge`, { targetTicketId: postTicket!.id })).status).toBe(200);

    await fx.dm(alice, 'Any news?');
    await fx.tick();
    expect(await ticketCount(db())).toBe(2);
    const target = await bodies(postTicket!.id);
    expect([...target].sort()).toEqual(['@parleyhelp my parcel is late, see my DM', 'Any news?', 'My parcel is late']);
    expect(target.at(-1)).toBe('Any news?');
    expect(await bodies(dmTicket!.id)).toEqual([]);
    const merged = await db().selectFrom('tickets').select('state').where('id', '=', dmTicket!.id).executeTakeFirstOrThrow();
    expect(merged.state).toBe('merged');
    const history = await db().selectFrom('ticket_history').select('type').where('ticket_id', '=', postTicket!.id).execute();
    expect(history.map((h) => h.type)).toContain('FollowUp');
  });

  it('after a split, the conversation goes on in the new ticket', async () => {
    const api = apiClient(fx.app, basic('bernd', AGENT_PASSWORD));
    const bob = await fx.user('bob', 'Bob');
    await fx.dm(bob, 'Where is my order?');
    await fx.tick();
    const first = await newestTicket(db());
    await fx.dm(bob, 'Also: can I change my address?');
    await fx.tick();
    const second = await db().selectFrom('articles').select('id').where('ticket_id', '=', first.id).orderBy('id', 'desc').executeTakeFirstOrThrow();
    const split = await api.post(`/api/v1/tickets/${first.id}/articles/${second.id}/split`);
    expect(split.status).toBe(201);
    await fx.dm(bob, 'The new address is Hauptstr. 1');
    await fx.tick();
    expect(await bodies(first.id)).toEqual(['Where is my order?']);
    expect(await bodies(split.body.id)).toEqual(['Also: can I change my address?', 'The new address is Hauptstr. 1']);
  });
});
