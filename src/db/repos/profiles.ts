import { sql } from 'kysely';
import type { ServerLimits } from '../../core/channel.ts';
import type { Db, ProfileRow } from '../schema.ts';

/** How long a profile's stored server limits hold before the worker asks the server again. */
const SERVER_LIMITS_TTL_MS = 60 * 60_000;

/** The limits the profile's server reported (null when it never did, or the network's rules are fixed). */
export function limitsOf(profile: Pick<ProfileRow, 'server_limits'> | null | undefined): ServerLimits | null {
  if (!profile?.server_limits) return null;
  try {
    const parsed: unknown = JSON.parse(profile.server_limits);
    return typeof parsed === 'object' && parsed !== null ? (parsed as ServerLimits) : null;
  } catch {
    return null;
  }
}

/** Whether the stored limits are older than an hour (or missing): the worker asks the server again. */
export function serverLimitsDue(profile: Pick<ProfileRow, 'server_limits_at'>, now: string): boolean {
  return !profile.server_limits_at || Date.parse(now) - Date.parse(profile.server_limits_at) >= SERVER_LIMITS_TTL_MS;
}

export async function saveServerLimits(db: Db, profileId: number, limits: ServerLimits, now: string): Promise<void> {
  await db.updateTable('social_profiles').set({ server_limits: JSON.stringify(limits), server_limits_at: now }).where('id', '=', profileId).execute();
}

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
