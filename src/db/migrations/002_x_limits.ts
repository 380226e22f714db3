import type { Kysely } from 'kysely';
import type { Dialect } from '../dialect.ts';

// Issue 9: the rate limits the network last reported, per profile and endpoint, so that every
// worker paces itself by the same numbers.
export async function up(db: Kysely<unknown>, _dialect: Dialect): Promise<void> {
  await db.schema
    .createTable('rate_limits')
    .addColumn('profile_id', 'integer', (c) => c.notNull().references('social_profiles.id'))
    .addColumn('endpoint', 'text', (c) => c.notNull())
    .addColumn('limit_total', 'integer', (c) => c.notNull())
    .addColumn('remaining', 'integer', (c) => c.notNull())
    .addColumn('reset_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('rate_limits_pk', ['profile_id', 'endpoint'])
    .execute();
}
