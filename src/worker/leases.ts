import { sql } from 'kysely';
import { addMs } from '../core/time.ts';
import { onPostgres } from '../db/claims.ts';
import type { Db } from '../db/schema.ts';

// Work that must happen once is claimed for a lease (PARLEY_LEASE_SECONDS): whoever holds an
// unexpired lease owns the job; a dead worker's lease runs out and another takes the job over.
// A profile's poll is claimed with claimDuePolls and held by a lease row; a queued row (the
// outbox, or any job table with the same lease columns) with claimLeasedRows in src/db/claims.ts.

export async function acquireLease(db: Db, name: string, owner: string, ttlMs: number, now: string): Promise<boolean> {
  const expires = addMs(now, ttlMs);
  const row = await db
    .insertInto('leases')
    .values({ name, owner, expires_at: expires })
    .onConflict((oc) =>
      oc
        .column('name')
        .doUpdateSet({ owner, expires_at: expires })
        .where((eb) => eb.or([eb('leases.expires_at', '<', now), eb('leases.owner', '=', owner)])),
    )
    .returning('owner')
    .executeTakeFirst();
  return row?.owner === owner;
}

export async function releaseLease(db: Db, name: string, owner: string): Promise<void> {
  await db.deleteFrom('leases').where('name', '=', name).where('owner', '=', owner).execute();
}

export interface PollClaim {
  owner: string;
  now: string;
  /** The profile's next poll, decided here: `now` + the poll interval. */
  nextPollAt: string;
  limit: number;
}

/**
 * Claims up to `limit` due profiles in one statement that also moves their `next_poll_at` to the
 * next interval, so that whatever any other worker read before, each profile is handed out once
 * per interval. A profile whose poll is still running (its `poll:<id>` lease is live) is left
 * alone: it stays due and is claimed once the lease ends. PostgreSQL locks the chosen rows and
 * skips rows another worker is claiming at that moment (its FOR UPDATE re-reads a row changed
 * meanwhile and drops it when no longer due); SQLite has one writer, so the statement is atomic.
 */
export async function claimDuePolls(db: Db, claim: PollClaim): Promise<number[]> {
  const due = db
    .selectFrom('profile_poll_state')
    .innerJoin('social_profiles', 'social_profiles.id', 'profile_poll_state.profile_id')
    .select('profile_poll_state.profile_id')
    .where('social_profiles.validity', '=', 'valid')
    .where('profile_poll_state.next_poll_at', '<=', claim.now)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('leases')
            .select('leases.name')
            .where('leases.name', '=', sql<string>`'poll:' || profile_poll_state.profile_id`)
            .where('leases.expires_at', '>=', claim.now),
        ),
      ),
    )
    .orderBy('profile_poll_state.next_poll_at')
    .limit(claim.limit)
    .$if(onPostgres(db), (q) => q.forUpdate('profile_poll_state').skipLocked());
  const rows = await db
    .updateTable('profile_poll_state')
    .set({ next_poll_at: claim.nextPollAt })
    .where('profile_id', 'in', due)
    .where('next_poll_at', '<=', claim.now)
    .returning('profile_id')
    .execute();
  return rows.map((r) => r.profile_id).sort((a, b) => a - b);
}

/** When the earliest profile falls due (null: none is scheduled), for the worker's idle wait. */
export async function nextPollDueAt(db: Db): Promise<string | null> {
  const row = await db
    .selectFrom('profile_poll_state')
    .innerJoin('social_profiles', 'social_profiles.id', 'profile_poll_state.profile_id')
    .select((eb) => eb.fn.min('profile_poll_state.next_poll_at').as('at'))
    .where('social_profiles.validity', '=', 'valid')
    .executeTakeFirst();
  return (row?.at as string | null | undefined) ?? null;
}
