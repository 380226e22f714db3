import type { Kysely } from 'kysely';
import type { Dialect } from '../dialect.ts';

// Customer avatars in Parley's own storage (issue 12): the picture of each social identity is
// downloaded once per address by a worker and served from Parley, so an agent's browser never
// asks a network's host (no tracking, and the CSP allows images only from Parley itself).
// avatar_source is the address the stored picture (or the given-up attempt) came from; a new
// avatar_url on the identity makes it due again.

export async function up(db: Kysely<unknown>, _dialect: Dialect): Promise<void> {
  await db.schema.alterTable('customer_identities').addColumn('avatar_sha256', 'text').execute();
  await db.schema.alterTable('customer_identities').addColumn('avatar_type', 'text').execute();
  await db.schema.alterTable('customer_identities').addColumn('avatar_source', 'text').execute();
  await db.schema.alterTable('customer_identities').addColumn('avatar_due_at', 'text').execute();
  await db.schema.alterTable('customer_identities').addColumn('avatar_attempts', 'integer', (c) => c.notNull().defaultTo(0)).execute();
}
