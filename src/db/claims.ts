import { PostgresAdapter, sql, type RawBuilder } from 'kysely';
import { addMs } from '../core/time.ts';
import type { Db } from './schema.ts';

// Claiming queued work for a lease, shared by every job queue (the outbox, and any table built
// like it): a worker takes rows for PARLEY_LEASE_SECONDS; a dead worker's rows are taken over
// when the lease has passed.

/** Whether `db` talks to PostgreSQL (row locks with SKIP LOCKED) rather than SQLite (one writer). */
export function onPostgres(db: Db): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

/** A queue table whose rows are claimed for a while: the outbox, and any job queue built like it. */
export interface LeasedQueue {
  table: 'outbox' | (string & {});
  /** A row waiting for its `next_attempt_at`. */
  waiting: string;
  /** A claimed row; taken over when its `lease_until` has passed (its worker died). */
  claimed: string;
}

export interface RowClaim {
  owner: string;
  now: string;
  leaseMs: number;
  limit: number;
  /** More columns to set on the claimed rows (e.g. an attempt counter). */
  set?: RawBuilder<unknown>;
}

/**
 * Claims up to `limit` rows of a queue table with the columns `id`, `status`, `next_attempt_at`,
 * `lease_owner` and `lease_until`: rows that are due, and rows whose worker's lease ran out. One
 * statement; on PostgreSQL rows another worker is claiming are skipped instead of waited for, and
 * the due-condition is checked again on the locked row, so no row is handed to two workers.
 */
export async function claimLeasedRows<T>(db: Db, queue: LeasedQueue, claim: RowClaim): Promise<T[]> {
  const t = sql.table(queue.table);
  const until = addMs(claim.now, claim.leaseMs);
  const due = sql`((status = ${queue.waiting} AND next_attempt_at <= ${claim.now}) OR (status = ${queue.claimed} AND lease_until < ${claim.now}))`;
  const lock = onPostgres(db) ? sql` FOR UPDATE SKIP LOCKED` : sql``;
  const extra = claim.set ? sql`, ${claim.set}` : sql``;
  const result = await sql<T>`
    UPDATE ${t} SET status = ${queue.claimed}, lease_owner = ${claim.owner}, lease_until = ${until}${extra}
    WHERE id IN (SELECT id FROM ${t} WHERE ${due} ORDER BY id LIMIT ${claim.limit}${lock}) AND ${due}
    RETURNING *`.execute(db);
  return [...result.rows].sort((a, b) => (a as { id: number }).id - (b as { id: number }).id);
}
