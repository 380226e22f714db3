import type { Db, ProfileRow, TicketRow } from '../../db/schema.ts';
import type { Actor } from '../tickets/service.ts';
import { filterTicketField } from '../options/acl.ts';

/**
 * The profiles an agent may use (the "Twitter app" field): filtered through the deployed ACLs
 * with ReturnType Ticket and ReturnSubType TwitterProfileID, as OTRS does (MISSION A1–A4).
 */
export async function allowedProfileIds(db: Db, actor: Actor, ticket: TicketRow | null, profiles: readonly ProfileRow[], frontendAction?: string): Promise<Set<number>> {
  const data = Object.fromEntries(profiles.map((p) => [String(p.id), p.name]));
  const left = await filterTicketField(db, actor, ticket, 'TwitterProfileID', data, frontendAction);
  return new Set(Object.keys(left).map(Number));
}
