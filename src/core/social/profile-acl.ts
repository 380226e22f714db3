import type { Db, ProfileRow, TicketRow } from '../../db/schema.ts';
import type { Actor } from '../tickets/service.ts';
import { filterTicketField, type TicketField } from '../options/acl.ts';

/** The ACL ticket field that names profiles of each type (DESIGN contracts); any type also answers to SocialMediaProfileID. */
export const PROFILE_ACL_FIELDS: Readonly<Record<string, TicketField>> = {
  twitter: 'TwitterProfileID',
  mastodon: 'MastodonProfileID',
  bluesky: 'BlueskyProfileID',
};

/**
 * The profiles an agent may use (the "Twitter app" field and its kin): filtered through the
 * deployed ACLs with ReturnType Ticket, ReturnSubType the type's own field (TwitterProfileID,
 * MastodonProfileID, BlueskyProfileID) and then the network-neutral SocialMediaProfileID, as OTRS
 * filters TwitterProfileID (MISSION A1–A4).
 */
export async function allowedProfileIds(db: Db, actor: Actor, ticket: TicketRow | null, profiles: readonly ProfileRow[], frontendAction?: string): Promise<Set<number>> {
  const left = new Set<number>();
  for (const type of new Set(profiles.map((p) => p.type))) {
    const ofType = profiles.filter((p) => p.type === type);
    const field = PROFILE_ACL_FIELDS[type];
    const data = Object.fromEntries(ofType.map((p) => [String(p.id), p.name]));
    const typed = field ? await filterTicketField(db, actor, ticket, field, data, frontendAction) : data;
    for (const id of Object.keys(typed)) left.add(Number(id));
  }
  if (left.size === 0) return left;
  const data = Object.fromEntries(profiles.filter((p) => left.has(p.id)).map((p) => [String(p.id), p.name]));
  const neutral = await filterTicketField(db, actor, ticket, 'SocialMediaProfileID', data, frontendAction);
  return new Set(Object.keys(neutral).map(Number));
}
