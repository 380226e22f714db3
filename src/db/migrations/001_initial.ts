import type { CreateTableBuilder, Kysely } from 'kysely';
import type { Dialect } from '../dialect.ts';

// The whole schema, written once for both databases. Only the id column differs by dialect.
//
// The tables ingestion writes for every message (tickets, articles, ticket_history,
// customer_identities) carry no foreign keys: on PostgreSQL each one is a trigger per row, and
// together they cut ingestion to less than half (bench/ingest.ts). Parley never deletes rows, so
// no reference can dangle through a delete; the services check every id they are given. The
// configuration tables, written rarely, keep theirs.

// The builder's type grows with every column; these helpers only chain calls.
type Table = CreateTableBuilder<any, any>;

function withId(t: Table, dialect: Dialect): Table {
  return dialect === 'sqlite'
    ? t.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    : t.addColumn('id', 'serial', (c) => c.primaryKey());
}

function audit(t: Table): Table {
  return t
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('changed_at', 'text', (c) => c.notNull())
    .addColumn('created_by', 'integer')
    .addColumn('changed_by', 'integer');
}

export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  const table = (name: string): Table => withId(db.schema.createTable(name), dialect);

  await audit(
    table('groups')
      .addColumn('name', 'text', (c) => c.notNull().unique())
      .addColumn('comment', 'text')
      .addColumn('validity', 'text', (c) => c.notNull()),
  ).execute();

  await audit(
    table('agents')
      .addColumn('login', 'text', (c) => c.notNull().unique())
      .addColumn('first_name', 'text', (c) => c.notNull())
      .addColumn('last_name', 'text', (c) => c.notNull())
      .addColumn('email', 'text', (c) => c.notNull())
      .addColumn('password_hash', 'text', (c) => c.notNull())
      .addColumn('validity', 'text', (c) => c.notNull())
      .addColumn('last_login_at', 'text'),
  ).execute();

  await db.schema
    .createTable('agent_groups')
    .addColumn('agent_id', 'integer', (c) => c.notNull().references('agents.id'))
    .addColumn('group_id', 'integer', (c) => c.notNull().references('groups.id'))
    .addColumn('permission', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('agent_groups_pk', ['agent_id', 'group_id'])
    .execute();
  await db.schema.createIndex('agent_groups_group').on('agent_groups').column('group_id').execute();

  await table('api_tokens')
    .addColumn('agent_id', 'integer', (c) => c.notNull().references('agents.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('last_used_at', 'text')
    .execute();

  await db.schema
    .createTable('sessions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('agent_id', 'integer', (c) => c.notNull().references('agents.id'))
    .addColumn('csrf_token', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('login_attempts')
    .addColumn('login', 'text', (c) => c.primaryKey())
    .addColumn('failures', 'integer', (c) => c.notNull())
    .addColumn('last_failure_at', 'text', (c) => c.notNull())
    .execute();

  await audit(
    table('queues')
      .addColumn('name', 'text', (c) => c.notNull().unique())
      .addColumn('group_id', 'integer', (c) => c.notNull().references('groups.id'))
      .addColumn('comment', 'text')
      .addColumn('validity', 'text', (c) => c.notNull())
      .addColumn('follow_up', 'text', (c) => c.notNull())
      .addColumn('follow_up_lock', 'integer', (c) => c.notNull()),
  ).execute();

  await table('customer_users')
    .addColumn('login', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('email', 'text')
    .addColumn('validity', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('changed_at', 'text', (c) => c.notNull())
    .execute();

  await table('customer_identities')
    .addColumn('customer_id', 'integer', (c) => c.notNull())
    .addColumn('network', 'text', (c) => c.notNull())
    .addColumn('external_user_id', 'text', (c) => c.notNull())
    .addColumn('handle', 'text', (c) => c.notNull())
    .addColumn('display_name', 'text', (c) => c.notNull())
    .addColumn('avatar_url', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('changed_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('customer_identities_external', ['network', 'external_user_id'])
    .execute();
  await db.schema.createIndex('customer_identities_customer').on('customer_identities').column('customer_id').execute();
  await db.schema.createIndex('customer_identities_handle').on('customer_identities').columns(['network', 'handle']).execute();

  await audit(
    table('social_profiles')
      .addColumn('type', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull().unique())
      .addColumn('description', 'text')
      .addColumn('app_name', 'text')
      .addColumn('credentials', 'text', (c) => c.notNull())
      .addColumn('target_queue_id', 'integer', (c) => c.references('queues.id'))
      .addColumn('auto_response_enabled', 'integer', (c) => c.notNull())
      .addColumn('auto_response_text', 'text')
      .addColumn('validity', 'text', (c) => c.notNull())
      .addColumn('account_id', 'text')
      .addColumn('account_username', 'text')
      .addColumn('account_name', 'text')
      .addColumn('verified_at', 'text')
      .addColumn('verify_error', 'text')
      .addColumn('completed_at', 'text'),
  ).execute();

  await db.schema
    .createTable('profile_cursors')
    .addColumn('profile_id', 'integer', (c) => c.notNull().references('social_profiles.id'))
    .addColumn('stream', 'text', (c) => c.notNull())
    .addColumn('cursor', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('profile_cursors_pk', ['profile_id', 'stream'])
    .execute();

  await db.schema
    .createTable('profile_poll_state')
    .addColumn('profile_id', 'integer', (c) => c.primaryKey().references('social_profiles.id'))
    .addColumn('next_poll_at', 'text', (c) => c.notNull())
    .addColumn('last_poll_at', 'text')
    .addColumn('last_success_at', 'text')
    .addColumn('last_error', 'text')
    .addColumn('last_error_at', 'text')
    .addColumn('failures', 'integer', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('profile_api_usage')
    .addColumn('profile_id', 'integer', (c) => c.notNull().references('social_profiles.id'))
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('reads', 'integer', (c) => c.notNull())
    .addColumn('writes', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('profile_api_usage_pk', ['profile_id', 'day'])
    .execute();

  await table('tickets')
    .addColumn('number', 'text', (c) => c.notNull().unique())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('queue_id', 'integer', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('state_type', 'text', (c) => c.notNull())
    .addColumn('lock', 'text', (c) => c.notNull())
    .addColumn('owner_id', 'integer', (c) => c.notNull())
    .addColumn('priority', 'integer', (c) => c.notNull())
    .addColumn('customer_id', 'integer')
    .addColumn('social_profile_id', 'integer')
    .addColumn('conversation_key', 'text')
    .addColumn('pending_until', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('changed_at', 'text', (c) => c.notNull())
    .addColumn('created_by', 'integer', (c) => c.notNull())
    .addColumn('changed_by', 'integer', (c) => c.notNull())
    .execute();
  // F1: the follow-up lookup is by profile and conversation; it must stay an index seek at any size.
  await db.schema.createIndex('tickets_conversation').on('tickets').columns(['social_profile_id', 'conversation_key', 'id']).execute();
  await db.schema.createIndex('tickets_queue_state').on('tickets').columns(['queue_id', 'state_type', 'id']).execute();
  await db.schema.createIndex('tickets_changed').on('tickets').columns(['changed_at', 'id']).execute();
  await db.schema.createIndex('tickets_owner').on('tickets').column('owner_id').execute();
  await db.schema.createIndex('tickets_customer').on('tickets').column('customer_id').execute();

  await table('ticket_history')
    .addColumn('ticket_id', 'integer', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('message', 'text', (c) => c.notNull())
    .addColumn('created_by', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('ticket_history_ticket').on('ticket_history').columns(['ticket_id', 'id']).execute();

  await table('ticket_links')
    .addColumn('source_ticket_id', 'integer', (c) => c.notNull().references('tickets.id'))
    .addColumn('target_ticket_id', 'integer', (c) => c.notNull().references('tickets.id'))
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('ticket_links_source').on('ticket_links').column('source_ticket_id').execute();
  await db.schema.createIndex('ticket_links_target').on('ticket_links').column('target_ticket_id').execute();

  await table('articles')
    .addColumn('ticket_id', 'integer', (c) => c.notNull())
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('direction', 'text', (c) => c.notNull())
    .addColumn('sender_type', 'text', (c) => c.notNull())
    .addColumn('from_display', 'text', (c) => c.notNull())
    .addColumn('to_display', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('visible_for_customer', 'integer', (c) => c.notNull())
    .addColumn('profile_id', 'integer')
    .addColumn('kind', 'text')
    .addColumn('external_id', 'text')
    .addColumn('conversation_key', 'text')
    .addColumn('in_reply_to_external_id', 'text')
    .addColumn('url', 'text')
    .addColumn('identity_id', 'integer')
    .addColumn('delivery_status', 'text')
    .addColumn('delivery_error', 'text')
    .addColumn('created_by', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('articles_external', ['channel', 'profile_id', 'external_id'])
    .execute();
  await db.schema.createIndex('articles_ticket').on('articles').columns(['ticket_id', 'id']).execute();

  await table('outbox')
    .addColumn('article_id', 'integer', (c) => c.notNull().unique().references('articles.id'))
    .addColumn('profile_id', 'integer', (c) => c.notNull().references('social_profiles.id'))
    .addColumn('message', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull())
    .addColumn('next_attempt_at', 'text', (c) => c.notNull())
    .addColumn('lease_owner', 'text')
    .addColumn('lease_until', 'text')
    .addColumn('attempt_started_at', 'text')
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('outbox_due').on('outbox').columns(['status', 'next_attempt_at']).execute();

  await db.schema
    .createTable('ticket_number_counters')
    .addColumn('day', 'text', (c) => c.primaryKey())
    .addColumn('value', 'integer', (c) => c.notNull())
    .execute();

  await table('acls')
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('name_key', 'text', (c) => c.notNull().unique())
    .addColumn('comment', 'text')
    .addColumn('description', 'text')
    .addColumn('stop_after_match', 'integer', (c) => c.notNull())
    .addColumn('valid_id', 'integer', (c) => c.notNull())
    .addColumn('config_match', 'text', (c) => c.notNull())
    .addColumn('config_change', 'text', (c) => c.notNull())
    .addColumn('create_by', 'text', (c) => c.notNull())
    .addColumn('create_time', 'text', (c) => c.notNull())
    .addColumn('change_by', 'text', (c) => c.notNull())
    .addColumn('change_time', 'text', (c) => c.notNull())
    .execute();

  await table('acl_deployments')
    .addColumn('acls', 'text', (c) => c.notNull())
    .addColumn('deployed_by', 'text', (c) => c.notNull())
    .addColumn('deployed_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('leases')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('owner', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('settings')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .execute();
}
