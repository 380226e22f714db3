import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import { parseDatabaseUrl, type Dialect } from './dialect.ts';
import type { DB } from './schema.ts';

// The only module that knows the SQL drivers. Everything else sees Kysely<DB>.

export interface Database {
  db: Kysely<DB>;
  dialect: Dialect;
  close(): Promise<void>;
}

// COUNT(*) and SUM() are int8 in PostgreSQL; our counts fit a JS number.
pg.types.setTypeParser(20, (v) => Number(v));

// Customer messages live in the SQLite file: it and its -wal and -shm companions are readable by
// the owner only, whatever the umask. SQLite creates the companions with the main file's mode;
// they are set again after opening for files made by an older version.
function createPrivately(file: string): void {
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  closeSync(openSync(file, 'a', 0o600));
  chmodSync(file, 0o600);
}

function restrictCompanions(file: string): void {
  for (const companion of [`${file}-wal`, `${file}-shm`]) {
    if (existsSync(companion)) chmodSync(companion, 0o600);
  }
}

export function openDatabase(url: string, options: { poolSize?: number; onIdleError?: (err: Error) => void } = {}): Database {
  const target = parseDatabaseUrl(url);
  if (target.dialect === 'postgres') {
    const pool = new pg.Pool({ connectionString: target.location, max: options.poolSize ?? 10 });
    // A connection dropped by the server (restart, failover, pg_terminate_backend) must not crash
    // the process. Idle ones are reported by the pool, which discards them. A checked-out one emits
    // 'error' on the client itself (an unhandled 'error' event would kill the process): its query
    // or transaction fails instead, the pool discards it on release because it is no longer
    // queryable, and the next query opens a new connection. Callers retry the unit of work
    // (src/db/retry.ts).
    pool.on('error', (err) => options.onIdleError?.(err));
    pool.on('connect', (client) => {
      client.on('error', (err) => options.onIdleError?.(err));
    });
    const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
    return { db, dialect: 'postgres', close: () => db.destroy() };
  }
  const file = target.location !== ':memory:' ? target.location : null;
  if (file) createPrivately(file);
  const sqlite = new SQLite(target.location);
  sqlite.pragma('journal_mode = WAL');
  if (file) restrictCompanions(file);
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  // A web and a worker process may share one file; wait for the other's write instead of failing.
  sqlite.pragma('busy_timeout = 5000');
  // 64 MiB of page cache: the ticket and article indexes stay in memory at 100k tickets and more.
  sqlite.pragma('cache_size = -65536');
  sqlite.pragma('temp_store = memory');
  const db = new Kysely<DB>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) });
  return { db, dialect: 'sqlite', close: () => db.destroy() };
}

const STATEMENT_CACHE_MAX = 500;

/**
 * Kysely prepares every query anew; preparing is a third of what a small query costs SQLite. The
 * same SQL text gets the same prepared statement (SQLite re-prepares it by itself after a schema
 * change). Kysely runs one query at a time on the connection, so a statement is never in use
 * twice at once. Bounded: lists of ids make many texts; the least recently used goes first.
 */
function withStatementCache(sqlite: SQLite.Database): { prepare(sql: string): SQLite.Statement; close(): void } {
  const cache = new Map<string, SQLite.Statement>();
  return {
    prepare(sql: string) {
      let stmt = cache.get(sql);
      if (stmt) {
        cache.delete(sql);
      } else {
        stmt = sqlite.prepare(sql);
        if (cache.size >= STATEMENT_CACHE_MAX) cache.delete(cache.keys().next().value!);
      }
      cache.set(sql, stmt);
      return stmt;
    },
    close() {
      cache.clear();
      sqlite.close();
    },
  };
}
