import type { Kysely } from 'kysely';
import type { Dialect } from '../dialect.ts';

// Issue 9: what X bills each profile, per UTC day, and each profile's monthly budget.
// profile_billed_reads holds the resources read today, for X's same-day dedup; older days are
// deleted as the meter moves on, so it stays as small as one day's reading.
export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  const counts = [
    'read_posts', 'read_owned_posts', 'read_users', 'read_dm_events', 'read_media',
    'write_posts', 'write_posts_with_url', 'write_summoned_replies', 'write_dms', 'write_media',
  ];
  let usage = db.schema
    .createTable('profile_billed_usage')
    .addColumn('profile_id', 'integer', (c) => c.notNull().references('social_profiles.id'))
    .addColumn('day', 'text', (c) => c.notNull());
  for (const name of counts) usage = usage.addColumn(name, 'integer', (c) => c.notNull().defaultTo(0));
  await usage
    .addColumn('usd_micros', 'bigint', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('profile_billed_usage_pk', ['profile_id', 'day'])
    .execute();

  await db.schema
    .createTable('profile_billed_reads')
    .addColumn('profile_id', 'integer', (c) => c.notNull())
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('resource', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('profile_billed_reads_pk', ['profile_id', 'day', 'resource'])
    .execute();

  await db.schema
    .createTable('profile_budgets')
    .addColumn('profile_id', 'integer', (c) => c.primaryKey().references('social_profiles.id'))
    .addColumn('monthly_budget_usd', dialect === 'postgres' ? 'double precision' : 'real')
    .addColumn('changed_at', 'text', (c) => c.notNull())
    .execute();
}
