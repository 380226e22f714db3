import { Migrator, type Kysely, type Migration, type MigrationProvider } from 'kysely';
import type { Dialect } from './dialect.ts';
import * as m001 from './migrations/001_initial.ts';
import * as m002 from './migrations/002_x_limits.ts';
import * as m003 from './migrations/003_x_usage.ts';
import * as m004 from './migrations/004_hardening.ts';
import * as m005 from './migrations/005_agent_day.ts';
import * as m006 from './migrations/006_agent_day.ts';
import * as m007 from './migrations/007_attachments.ts';
import * as m008 from './migrations/008_history_i18n.ts';
import * as m009 from './migrations/009_ticket_counts.ts';
import * as m010 from './migrations/010_avatars.ts';
import * as m011 from './migrations/011_profile_limits.ts';
import type { DB } from './schema.ts';

type DialectMigration = { up(db: Kysely<unknown>, dialect: Dialect): Promise<void> };

const MIGRATIONS: Record<string, DialectMigration> = {
  '001_initial': m001,
  '002_x_limits': m002,
  '003_x_usage': m003,
  '004_hardening': m004,
  '005_agent_day': m005,
  '006_agent_day': m006,
  '007_attachments': m007,
  '008_history_i18n': m008,
  '009_ticket_counts': m009,
  '010_avatars': m010,
  '011_profile_limits': m011,
};

class StaticProvider implements MigrationProvider {
  constructor(private readonly dialect: Dialect) {}
  async getMigrations(): Promise<Record<string, Migration>> {
    return Object.fromEntries(
      Object.entries(MIGRATIONS).map(([name, m]) => [name, { up: (db: Kysely<unknown>) => m.up(db, this.dialect) }]),
    );
  }
}

/** Applies every pending migration; safe to run from several processes at once (Kysely locks). */
export async function migrate(db: Kysely<DB>, dialect: Dialect): Promise<string[]> {
  // Issues are built side by side, each with its own numbered migration: a database that already
  // has a later one must still accept an earlier one that lands afterwards.
  const migrator = new Migrator({ db, provider: new StaticProvider(dialect), allowUnorderedMigrations: true });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
