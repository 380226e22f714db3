import { sql } from 'kysely';
import type { OutboundMessage } from '../channels/types.ts';
import type { Db, OutboxRow } from '../db/schema.ts';
import { claimLeasedRows } from '../db/claims.ts';

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
 * Claims up to `limit` messages that are due, or whose sender died (lease expired), for `leaseMs`
 * (the worker passes PARLEY_LEASE_SECONDS). No message is handed to two workers (see
 * claimLeasedRows).
 */
export async function claimDue(db: Db, owner: string, now: string, leaseMs: number, limit: number): Promise<OutboxRow[]> {
  return claimLeasedRows<OutboxRow>(db, OUTBOX_QUEUE, {
    owner,
    now,
    leaseMs,
    limit,
    // attempt_started_at is kept from a crashed attempt: it marks the message "maybe sent" for reconciliation.
    set: sql`attempt_started_at = coalesce(attempt_started_at, ${now}), attempts = attempts + 1, updated_at = ${now}`,
  });
}

const OUTBOX_QUEUE = { table: 'outbox', waiting: 'queued', claimed: 'sending' } as const;

/** When the next message falls due: a queued one's attempt, or a claimed one's lease running out. */
export async function nextOutboxDueAt(db: Db): Promise<string | null> {
  const row = await db
    .selectFrom('outbox')
    .select(sql<string | null>`min(case when status = 'queued' then next_attempt_at else lease_until end)`.as('at'))
    .where('status', 'in', ['queued', 'sending'])
    .executeTakeFirst();
  return row?.at ?? null;
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
