import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../dialect.ts';

// Tickets per queue and state type, kept by triggers in the same transaction as every change to
// `tickets`, so every process sharing the file reads exact counts without scanning the tickets
// (the queue view and the dashboard show them on every request; counting 100,000 index entries
// took ~7 ms of the web process's only thread on SQLite).
//
// SQLite only: there the file has one writer at a time anyway, so the counter rows add no
// contention. On PostgreSQL the counts are taken from `tickets` by the database server (another
// process), and counter rows would serialise parallel ticket writers and could deadlock them.
//
// A later migration that rebuilds `tickets` on SQLite (create new, copy, drop, rename) drops these
// triggers with the old table: it must create them again (TICKET_COUNT_TRIGGERS) and refill the
// table (test/ticket-counts.test.ts compares the table with a count of `tickets`).

export const TICKET_COUNT_TRIGGERS = [
  sql`create trigger tickets_count_insert after insert on tickets begin
    insert into ticket_counts (queue_id, state_type, n) values (new.queue_id, new.state_type, 1)
      on conflict (queue_id, state_type) do update set n = n + 1;
  end`,
  sql`create trigger tickets_count_delete after delete on tickets begin
    update ticket_counts set n = n - 1 where queue_id = old.queue_id and state_type = old.state_type;
  end`,
  sql`create trigger tickets_count_update after update of queue_id, state_type on tickets
    when old.queue_id is not new.queue_id or old.state_type is not new.state_type begin
    update ticket_counts set n = n - 1 where queue_id = old.queue_id and state_type = old.state_type;
    insert into ticket_counts (queue_id, state_type, n) values (new.queue_id, new.state_type, 1)
      on conflict (queue_id, state_type) do update set n = n + 1;
  end`,
];

export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  if (dialect !== 'sqlite') return;
  await db.schema
    .createTable('ticket_counts')
    .addColumn('queue_id', 'integer', (c) => c.notNull())
    .addColumn('state_type', 'text', (c) => c.notNull())
    .addColumn('n', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('ticket_counts_pk', ['queue_id', 'state_type'])
    .execute();
  for (const trigger of TICKET_COUNT_TRIGGERS) await trigger.execute(db);
  await sql`insert into ticket_counts (queue_id, state_type, n) select queue_id, state_type, count(*) from tickets group by queue_id, state_type`.execute(db);
}
