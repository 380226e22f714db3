import type { Db } from '../../db/schema.ts';

/** 0 ms for the first try, then 250 ms doubling with every failure, at most 8 s. */
export function defaultLoginDelayMs(failures: number): number {
  if (failures <= 0) return 0;
  return Math.min(250 * 2 ** (failures - 1), 8000);
}

const key = (login: string): string => login.trim().toLowerCase();

export async function failuresOf(db: Db, login: string): Promise<number> {
  const row = await db.selectFrom('login_attempts').select('failures').where('login', '=', key(login)).executeTakeFirst();
  return row?.failures ?? 0;
}

export async function recordFailure(db: Db, login: string, now: string): Promise<void> {
  await db
    .insertInto('login_attempts')
    .values({ login: key(login), failures: 1, last_failure_at: now })
    .onConflict((oc) => oc.column('login').doUpdateSet((eb) => ({ failures: eb('login_attempts.failures', '+', 1), last_failure_at: now })))
    .execute();
}

export async function clearFailures(db: Db, login: string): Promise<void> {
  await db.deleteFrom('login_attempts').where('login', '=', key(login)).execute();
}
