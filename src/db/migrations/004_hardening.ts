import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../dialect.ts';

// Issue 10 (hardening):
// - names are unique regardless of case (ROOT@LOCALHOST next to root@localhost, USERS next to
//   users): a unique index on lower(name) per table, which the case-insensitive lookups use too;
// - a failed-login lock-out: login_attempts.locked_until.

const UNIQUE_NAMES: readonly [table: string, column: string][] = [
  ['agents', 'login'],
  ['groups', 'name'],
  ['queues', 'name'],
  ['social_profiles', 'name'],
];

export async function up(db: Kysely<unknown>, _dialect: Dialect): Promise<void> {
  for (const [table, column] of UNIQUE_NAMES) {
    const dupes = await sql<{ k: string }>`select lower(${sql.ref(column)}) as k from ${sql.table(table)} group by lower(${sql.ref(column)}) having count(*) > 1`.execute(db);
    if (dupes.rows.length) {
      throw new Error(
        `Migration 004: ${table}.${column} must be unique regardless of case, but these differ only in case: ${dupes.rows.map((r) => r.k).join(', ')}. Rename one of each pair, then start again.`,
      );
    }
    await sql`create unique index ${sql.id(`${table}_${column}_ci`)} on ${sql.table(table)} (lower(${sql.ref(column)}))`.execute(db);
  }
  await db.schema.alterTable('login_attempts').addColumn('locked_until', 'text').execute();
}
