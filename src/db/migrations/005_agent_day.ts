import type { Kysely } from 'kysely';
import type { Dialect } from '../dialect.ts';

// Issue 11 (the agent's day): each agent's preferences, and the notifications of the bell, whose
// e-mail columns make the table its own outbox (claimed through a lease, like the message outbox).
// No foreign keys on notifications: ingestion writes them with every batch (see 001_initial.ts).

export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  await db.schema
    .createTable('agent_preferences')
    .addColumn('agent_id', 'integer', (c) => c.primaryKey().references('agents.id'))
    .addColumn('language', 'text')
    .addColumn('time_zone', 'text')
    .addColumn('dm_signature', 'text')
    .addColumn('my_queue_ids', 'text')
    .addColumn('notify', 'text')
    .addColumn('browser_notify', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('changed_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('notifications')
    .addColumn('id', dialect === 'sqlite' ? 'integer' : 'serial', (c) => (dialect === 'sqlite' ? c.primaryKey().autoIncrement() : c.primaryKey()))
    .addColumn('agent_id', 'integer', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('ticket_id', 'integer')
    .addColumn('article_id', 'integer')
    .addColumn('message', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('read_at', 'text')
    .addColumn('web', 'integer', (c) => c.notNull())
    .addColumn('email_status', 'text')
    .addColumn('email_attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('email_next_at', 'text')
    .addColumn('email_lease_owner', 'text')
    .addColumn('email_lease_until', 'text')
    .addColumn('email_error', 'text')
    .addColumn('email_sent_at', 'text')
    .execute();
  await db.schema.createIndex('notifications_agent').on('notifications').columns(['agent_id', 'web', 'id']).execute();
  await db.schema.createIndex('notifications_email').on('notifications').columns(['email_status', 'email_next_at']).execute();
}
