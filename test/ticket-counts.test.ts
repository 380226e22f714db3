import { expect, it } from 'vitest';
import { countByQueueAndStateType, countTickets, insertTicket } from '../src/db/repos/tickets.ts';
import type { Db, NewTicketRow } from '../src/db/schema.ts';
import { describeEachDialect } from './helpers/db.ts';

// The per-queue counts of the queue view: on SQLite read from ticket_counts, which triggers keep
// (migration 009); they must always equal a count of the tickets themselves.

const direct = async (db: Db, queueIds: number[]) =>
  (
    await db
      .selectFrom('tickets')
      .select(['queue_id', 'state_type', (eb) => eb.fn.countAll<number>().as('n')])
      .where('queue_id', 'in', queueIds)
      .groupBy(['queue_id', 'state_type'])
      .orderBy('queue_id')
      .orderBy('state_type')
      .execute()
  ).map((r) => ({ ...r, n: Number(r.n) }));

describeEachDialect('ticket counts per queue and state type', ({ db }) => {
  it('follow inserts, moves, state changes and deletes, in and out of transactions', async () => {
    const queues = (await db().selectFrom('queues').select('id').orderBy('id').execute()).map((q) => q.id);
    expect(queues.length).toBeGreaterThanOrEqual(2);
    const [q1, q2] = queues as [number, number];
    const now = new Date().toISOString();
    let i = 0;
    const ticket = (queue_id: number, state: string, state_type: string): NewTicketRow => ({
      number: `9${String(++i).padStart(6, '0')}`,
      title: `t${i}`,
      queue_id,
      state,
      state_type,
      lock: 'unlock',
      owner_id: 1,
      priority: 3,
      customer_id: null,
      social_profile_id: null,
      conversation_key: null,
      pending_until: null,
      created_at: now,
      changed_at: now,
      created_by: 1,
      changed_by: 1,
    });
    const check = async () => {
      expect(await countByQueueAndStateType(db(), queues)).toEqual(await direct(db(), queues));
      // countTickets answers filters by queue and state type from the same counts.
      for (const f of [{ queueIds: queues }, { queueIds: [q2] }, { queueIds: queues, queueId: q1 }, { queueIds: [q2], queueId: q1 }, { queueIds: [] }, { queueIds: queues, stateTypes: ['new', 'open'] }]) {
        let q = db().selectFrom('tickets').select((eb) => eb.fn.countAll<number>().as('n')).where('queue_id', 'in', f.queueIds.length ? f.queueIds : [-1]);
        if (f.queueId !== undefined) q = q.where('queue_id', '=', f.queueId);
        if (f.stateTypes) q = q.where('state_type', 'in', f.stateTypes);
        expect([f, await countTickets(db(), f)]).toEqual([f, Number((await q.executeTakeFirstOrThrow()).n)]);
      }
    };

    const a = await insertTicket(db(), ticket(q1, 'new', 'new'));
    const b = await insertTicket(db(), ticket(q1, 'open', 'open'));
    await insertTicket(db(), ticket(q2, 'new', 'new'));
    await check();
    expect(await countByQueueAndStateType(db(), [q1])).toEqual([
      { queue_id: q1, state_type: 'new', n: 1 },
      { queue_id: q1, state_type: 'open', n: 1 },
    ]);

    await db().updateTable('tickets').set({ state: 'closed successful', state_type: 'closed' }).where('id', '=', a.id).execute();
    await db().updateTable('tickets').set({ queue_id: q2 }).where('id', '=', b.id).execute();
    await db().updateTable('tickets').set({ title: 'only the title' }).where('id', '=', b.id).execute();
    await check();

    // A rolled-back change leaves the counts as they were.
    await expect(
      db()
        .transaction()
        .execute(async (trx) => {
          await insertTicket(trx, ticket(q1, 'new', 'new'));
          await trx.updateTable('tickets').set({ queue_id: q1, state: 'new', state_type: 'new' }).execute();
          throw new Error('roll back');
        }),
    ).rejects.toThrow('roll back');
    await check();

    await db().deleteFrom('tickets').where('id', '=', b.id).execute();
    await check();
    // A (queue, type) that is empty again is left out, as a count leaves it out.
    expect((await countByQueueAndStateType(db(), [q2])).map((r) => r.state_type)).toEqual(['new']);
    await db().deleteFrom('tickets').execute();
    expect(await countByQueueAndStateType(db(), queues)).toEqual([]);
  });
});
