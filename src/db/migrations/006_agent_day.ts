import type { CreateTableBuilder, Kysely } from 'kysely';
import type { Dialect } from '../dialect.ts';

// Issue 11 (templates, split/merge/link, customer context): templates linked to queues as OTRS's
// "Templates ↔ Queues", the merge pointer that routes a merged ticket's follow-ups to its target,
// and what X tells about a customer.

type Table = CreateTableBuilder<any, any>;

export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  const withId = (t: Table): Table =>
    dialect === 'sqlite' ? t.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement()) : t.addColumn('id', 'serial', (c) => c.primaryKey());

  await withId(db.schema.createTable('templates'))
    .addColumn('name', 'text', (c) => c.notNull())
    // lower(name): names are unique ignoring case, as OTRS compares them.
    .addColumn('name_key', 'text', (c) => c.notNull().unique())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('comment', 'text')
    .addColumn('validity', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('changed_at', 'text', (c) => c.notNull())
    .addColumn('created_by', 'integer')
    .addColumn('changed_by', 'integer')
    .execute();

  await db.schema
    .createTable('template_queues')
    .addColumn('template_id', 'integer', (c) => c.notNull().references('templates.id'))
    .addColumn('queue_id', 'integer', (c) => c.notNull().references('queues.id'))
    .addPrimaryKeyConstraint('template_queues_pk', ['template_id', 'queue_id'])
    .execute();
  await db.schema.createIndex('template_queues_queue').on('template_queues').column('queue_id').execute();

  // One row per merged ticket; the ticket row itself only gets state "merged".
  await db.schema
    .createTable('ticket_merges')
    .addColumn('ticket_id', 'integer', (c) => c.primaryKey())
    .addColumn('target_ticket_id', 'integer', (c) => c.notNull())
    .addColumn('created_by', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  for (const [column, type] of [
    ['bio', 'text'],
    ['location', 'text'],
    ['followers_count', 'integer'],
    ['verified', 'integer'],
    ['account_created_at', 'text'],
  ] as const) {
    await db.schema.alterTable('customer_identities').addColumn(column, type).execute();
  }
  // Search by part of a display name.
  await db.schema.createIndex('customer_identities_name').on('customer_identities').column('display_name').execute();
}
