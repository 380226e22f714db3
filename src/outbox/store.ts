import { sql } from 'kysely';
import type { OutboundMessage } from '../channels/types.ts';
import type { Db, OutboxRow } from '../db/schema.ts';
import { addMs } from '../core/time.ts';

// The durable outbox: an outgoing message is a row written in the same transaction as its
// article, then claimed by exactly one worker through a lease, sent, and recorded.

export async function enqueue(db: Db, articleId: number, profileId: number, message: OutboundMessage, now: string): Promise<void> {
  await db
    .insertInto('outbox')
    .values({
      article_id: articleId,
      profile_id: profileId,
      message: JSON.stringify(message),
      status: 'queued',
      attempts: 0,
      next_attempt_at: now,
      lease_owner: null,
      lease_until: null,
      attempt_started_at: null,
      last_error: null,
      created_at: now,
      updated_at: now,
    })
    .execute();
}

/**
 * Claims up to `limit` messages that are due, or whose sender died (lease expired). The WHERE is
 * repeated in the UPDATE so that two workers racing for one row cannot both win (PostgreSQL
 * re-checks it on the locked row; SQLite has one writer).
 */
export async function claimDue(db: Db, owner: string, now: string, leaseMs: number, limit: number): Promise<OutboxRow[]> {
  const until = addMs(now, leaseMs);
  const due = sql<boolean>`((status = 'queued' AND next_attempt_at <= ${now}) OR (status = 'sending' AND lease_until < ${now}))`;
  const ids = (await db.selectFrom('outbox').select('id').where(due).orderBy('id').limit(limit).execute()).map((r) => r.id);
  if (ids.length === 0) return [];
  return db
    .updateTable('outbox')
    .set({
      status: 'sending',
      lease_owner: owner,
      lease_until: until,
      // Kept from the crashed attempt: it marks the message "maybe sent" for reconciliation.
      attempt_started_at: sql<string>`coalesce(attempt_started_at, ${now})`,
      attempts: sql<number>`attempts + 1`,
      updated_at: now,
    })
    .where('id', 'in', ids)
    .where(due)
    .returningAll()
    .execute();
}

export async function markSent(db: Db, id: number, owner: string, now: string): Promise<boolean> {
  const r = await db
    .updateTable('outbox')
    .set({ status: 'sent', lease_owner: null, lease_until: null, last_error: null, updated_at: now })
    .where('id', '=', id)
    .where('lease_owner', '=', owner)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/**
 * Back to the queue. `maybeSent`: the answer was lost (timeout, reset, 5xx), so X may have the
 * message; the attempt's start is kept and the next attempt asks X first. Otherwise X answered
 * that it did nothing, and the next attempt is a fresh send.
 */
export async function markRetry(db: Db, id: number, owner: string, error: string, nextAttemptAt: string, now: string, maybeSent = false): Promise<void> {
  await db
    .updateTable('outbox')
    .set({
      status: 'queued',
      lease_owner: null,
      lease_until: null,
      ...(maybeSent ? {} : { attempt_started_at: null }),
      last_error: error,
      next_attempt_at: nextAttemptAt,
      updated_at: now,
    })
    .where('id', '=', id)
    .where('lease_owner', '=', owner)
    .execute();
}

/** `maybeSent`: the last answer was lost, so a Retry by the agent asks X first (the attempt's start is kept). */
export async function markFailed(db: Db, id: number, owner: string, error: string, now: string, maybeSent = false): Promise<boolean> {
  const r = await db
    .updateTable('outbox')
    .set({ status: 'failed', lease_owner: null, lease_until: null, ...(maybeSent ? {} : { attempt_started_at: null }), last_error: error, updated_at: now })
    .where('id', '=', id)
    .where('lease_owner', '=', owner)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** "Retry" on a failed message: back to the queue with a fresh attempt count. */
export async function requeue(db: Db, articleId: number, now: string): Promise<boolean> {
  const r = await db
    .updateTable('outbox')
    // attempt_started_at stays: set only when the failed message may be on X after all.
    .set({ status: 'queued', attempts: 0, next_attempt_at: now, last_error: null, updated_at: now })
    .where('article_id', '=', articleId)
    .where('status', '=', 'failed')
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export function findByArticle(db: Db, articleId: number) {
  return db.selectFrom('outbox').selectAll().where('article_id', '=', articleId).executeTakeFirst();
}
