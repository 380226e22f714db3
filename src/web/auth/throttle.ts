import { sql } from 'kysely';
import type { Db } from '../../db/schema.ts';
import { addMs } from '../../core/time.ts';

// Login throttling per account, in the database so that every process and every parallel request
// sees the same count. Each attempt is counted *before* its password is checked, in one atomic
// statement: ten parallel guesses get ten different counts, and so ten growing waits, instead of
// all waiting on the same "0 failures so far".

/** 0 ms for the first try, then 250 ms doubling with every failure, at most 8 s. */
export function defaultLoginDelayMs(failures: number): number {
  if (failures <= 0) return 0;
  return Math.min(250 * 2 ** (failures - 1), 8000);
}

export interface LockoutPolicy {
  /** Failed attempts in a row after which the login is locked. */
  after: number;
  /** How long the lock lasts; after it the count starts again. */
  lockMs: number;
  /** Failures older than this are forgotten. */
  forgetMs: number;
}

export const DEFAULT_LOCKOUT: LockoutPolicy = { after: 10, lockMs: 5 * 60_000, forgetMs: 15 * 60_000 };

const key = (login: string): string => login.trim().toLowerCase();

export async function failuresOf(db: Db, login: string): Promise<number> {
  const row = await db.selectFrom('login_attempts').select('failures').where('login', '=', key(login)).executeTakeFirst();
  return row?.failures ?? 0;
}

export type Attempt =
  | { locked: false; /** attempts before this one that did not succeed (in flight included) */ failuresBefore: number }
  | { locked: true; until: string };

/**
 * Counts one attempt for `login` and answers whether its password may be checked. A locked login
 * is refused without counting (so refused attempts do not extend the lock), unless the browser is
 * one this login succeeded from before (`trusted`): the real user is not locked out by someone
 * else's guessing.
 */
export async function beginAttempt(db: Db, login: string, now: string, policy: LockoutPolicy = DEFAULT_LOCKOUT, trusted = false): Promise<Attempt> {
  const k = key(login);
  const current = await db.selectFrom('login_attempts').select('locked_until').where('login', '=', k).executeTakeFirst();
  if (current?.locked_until && current.locked_until > now && !trusted) return { locked: true, until: current.locked_until };
  const forgetBefore = addMs(now, -policy.forgetMs);
  const row = await db
    .insertInto('login_attempts')
    .values({ login: k, failures: 1, last_failure_at: now, locked_until: null })
    .onConflict((oc) =>
      oc.column('login').doUpdateSet({
        // An expired lock or old failures start the count again.
        failures: sql<number>`case when login_attempts.last_failure_at < ${forgetBefore} or (login_attempts.locked_until is not null and login_attempts.locked_until <= ${now}) then 1 else login_attempts.failures + 1 end`,
        locked_until: sql<string | null>`case when login_attempts.locked_until <= ${now} then null else login_attempts.locked_until end`,
        last_failure_at: now,
      }),
    )
    .returning(['failures'])
    .executeTakeFirstOrThrow();
  const failuresBefore = Number(row.failures) - 1;
  // However many requests run in parallel, at most `after` passwords are checked before the lock.
  if (failuresBefore >= policy.after && !trusted) return lock(db, k, now, policy);
  return { locked: false, failuresBefore };
}

async function lock(db: Db, k: string, now: string, policy: LockoutPolicy): Promise<Attempt> {
  const until = addMs(now, policy.lockMs);
  await db.updateTable('login_attempts').set({ locked_until: until }).where('login', '=', k).where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<=', now)])).execute();
  return { locked: true, until };
}

/** A failed password: at `after` failures the login is locked for `lockMs`. */
export async function failedAttempt(db: Db, login: string, failuresBefore: number, now: string, policy: LockoutPolicy = DEFAULT_LOCKOUT): Promise<void> {
  if (failuresBefore + 1 >= policy.after) await lock(db, key(login), now, policy);
}

export async function clearFailures(db: Db, login: string): Promise<void> {
  await db.deleteFrom('login_attempts').where('login', '=', key(login)).execute();
}
