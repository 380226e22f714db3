import { sql } from 'kysely';
import type { Db, ProfileRow } from '../schema.ts';

export function listProfiles(db: Db): Promise<ProfileRow[]> {
  return db.selectFrom('social_profiles').selectAll().orderBy('name').execute();
}

export function findProfile(db: Db, id: number): Promise<ProfileRow | undefined> {
  return db.selectFrom('social_profiles').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Names are unique regardless of case (migration 004): the lookup ignores case too. */
export function findProfileByName(db: Db, name: string): Promise<ProfileRow | undefined> {
  return db.selectFrom('social_profiles').selectAll().where(sql`lower(name)`, '=', sql<string>`lower(${name})`).executeTakeFirst();
}

export async function streamCursors(db: Db, profileId: number): Promise<Record<string, string>> {
  const rows = await db.selectFrom('profile_cursors').select(['stream', 'cursor']).where('profile_id', '=', profileId).execute();
  return Object.fromEntries(rows.map((r) => [r.stream, r.cursor]));
}

export async function getCursor(db: Db, profileId: number, stream: string): Promise<string | null> {
  const row = await db
    .selectFrom('profile_cursors')
    .select('cursor')
    .where('profile_id', '=', profileId)
    .where('stream', '=', stream)
    .executeTakeFirst();
  return row?.cursor ?? null;
}

export async function setCursor(db: Db, profileId: number, stream: string, cursor: string, now: string): Promise<void> {
  await db
    .insertInto('profile_cursors')
    .values({ profile_id: profileId, stream, cursor, updated_at: now })
    .onConflict((oc) => oc.columns(['profile_id', 'stream']).doUpdateSet({ cursor, updated_at: now }))
    .execute();
}

/** Counts calls to the network per profile and UTC day (X bills every read and write). */
export async function countApiCalls(db: Db, profileId: number, day: string, reads: number, writes: number): Promise<void> {
  await db
    .insertInto('profile_api_usage')
    .values({ profile_id: profileId, day, reads, writes })
    .onConflict((oc) =>
      oc.columns(['profile_id', 'day']).doUpdateSet((eb) => ({
        reads: eb('profile_api_usage.reads', '+', reads),
        writes: eb('profile_api_usage.writes', '+', writes),
      })),
    )
    .execute();
}

export async function apiUsage(db: Db, profileId: number): Promise<{ reads: number; writes: number; today: { reads: number; writes: number } }> {
  const rows = await db.selectFrom('profile_api_usage').selectAll().where('profile_id', '=', profileId).execute();
  const day = new Date().toISOString().slice(0, 10);
  const today = rows.find((r) => r.day === day);
  return {
    reads: rows.reduce((s, r) => s + Number(r.reads), 0),
    writes: rows.reduce((s, r) => s + Number(r.writes), 0),
    today: { reads: Number(today?.reads ?? 0), writes: Number(today?.writes ?? 0) },
  };
}

export function pollState(db: Db, profileId: number) {
  return db.selectFrom('profile_poll_state').selectAll().where('profile_id', '=', profileId).executeTakeFirst();
}
