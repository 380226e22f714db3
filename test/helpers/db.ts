import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, beforeEach, describe } from 'vitest';
import { openDatabase, type Database } from '../../src/db/connect.ts';
import type { Dialect } from '../../src/db/dialect.ts';
import { migrate } from '../../src/db/migrate.ts';
import type { Db } from '../../src/db/schema.ts';
import { seedDefaults } from '../../src/db/seed.ts';

// Every storage test runs once per dialect: SQLite always, PostgreSQL when PARLEY_TEST_PG_URL is
// set. With CI=true a missing PostgreSQL is a failure, not a skip.

export const ADMIN_PASSWORD = 'admin-password-1';

const pgUrl = process.env.PARLEY_TEST_PG_URL;
if (process.env.CI === 'true' && !pgUrl) {
  throw new Error('CI=true but PARLEY_TEST_PG_URL is not set: the PostgreSQL tests must run in CI.');
}

export const DIALECTS: Dialect[] = pgUrl ? ['sqlite', 'postgres'] : ['sqlite'];

/** A fresh, empty PostgreSQL database per test file, dropped afterwards. */
async function createPgDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `parley_t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: pgUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(pgUrl!);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: pgUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

export interface TestDatabase extends Database {
  url: string;
  /** Empties every table and puts the default data back (root is agent 1 again). */
  reset(): Promise<void>;
}

const TABLES = [
  'rate_limits',
  'notifications',
  'agent_preferences',
  'template_queues',
  'templates',
  'ticket_merges',
  'attachments',
  'blobs',
  'outbox',
  'articles',
  'ticket_links',
  'ticket_history',
  'tickets',
  'profile_billed_usage',
  'profile_billed_reads',
  'profile_budgets',
  'profile_api_usage',
  'profile_poll_state',
  'profile_cursors',
  'social_profiles',
  'customer_identities',
  'customer_users',
  'queues',
  'sessions',
  'api_tokens',
  'login_attempts',
  'agent_groups',
  'agents',
  'groups',
  'ticket_number_counters',
  'acls',
  'acl_deployments',
  'leases',
  'settings',
];

let cachedHash: string | null = null;

export async function openTestDatabase(dialect: Dialect, opts: { file?: string } = {}): Promise<TestDatabase> {
  let url: string;
  let drop = async (): Promise<void> => {};
  if (dialect === 'postgres') {
    const created = await createPgDatabase();
    url = created.url;
    drop = created.drop;
  } else {
    url = opts.file ? `sqlite:${opts.file}` : 'sqlite::memory:';
  }
  const database = openDatabase(url, { poolSize: 4, onIdleError: () => undefined });
  await migrate(database.db, database.dialect);
  const reset = async (): Promise<void> => {
    if (dialect === 'postgres') {
      await sql.raw(`TRUNCATE ${TABLES.join(', ')} RESTART IDENTITY CASCADE`).execute(database.db);
    } else {
      await database.db.transaction().execute(async (trx) => {
        for (const t of TABLES) await sql.raw(`DELETE FROM ${t}`).execute(trx);
        await sql.raw(`DELETE FROM sqlite_sequence`).execute(trx);
      });
    }
    await seedDefaults(database.db, ADMIN_PASSWORD, cachedHash ? { passwordHash: cachedHash } : {});
    if (!cachedHash) {
      const root = await database.db.selectFrom('agents').select('password_hash').where('id', '=', 1).executeTakeFirstOrThrow();
      cachedHash = root.password_hash;
    }
  };
  await reset();
  return {
    ...database,
    url,
    reset,
    async close() {
      await database.close();
      await drop();
    },
  };
}

/**
 * Declares `fn`'s tests once per dialect. The database is created once per dialect and reset to
 * the default data before every test.
 */
export function describeEachDialect(title: string, fn: (ctx: { db: () => Db; database: () => TestDatabase; dialect: Dialect }) => void): void {
  for (const dialect of DIALECTS) {
    describe(`${title} [${dialect}]`, () => {
      let database: TestDatabase | undefined;
      beforeAll(async () => {
        database = await openTestDatabase(dialect);
      });
      beforeEach(async () => {
        await database!.reset();
      });
      afterAll(async () => {
        await database?.close();
      });
      fn({ db: () => database!.db, database: () => database!, dialect });
    });
  }
}
