// Reading direct messages once each. X's dm_events has no since_id: it serves the last 30 days
// newest first, 15 requests per 15 minutes. So a poll first asks for one event without expansions
// (an idle poll reads one billed resource); only when that one is new does it read pages, small
// first and wider while everything on them is new, down to the newest stored id. A backlog deeper
// than the poll may read (X's limit, or MAX_DM_PAGES_PER_POLL) is a walk: the cursor keeps the last
// stored id, where the walk started, and X's pagination token, so the next poll goes on where this
// one stopped and the cursor passes nothing that is not stored.
import { ChannelError, type AccountInfo, type InboundBatch, type InboundEntity } from '../types.ts';
import type { Query, XApi } from './api.ts';
import { compareIds, DM_EVENT_FIELDS, dmToEntity, MEDIA_EXPANSION, toSecond, USER_FIELDS, usersById, type XDmEvent, type XList, type XUser } from './map.ts';
import { MEDIA_FIELDS, type XMedia } from './media.ts';

export const DM_LOOKUP = 'GET /2/dm_events';
/** Pages one poll reads at most: a bound on memory, whatever X's limit allows. */
export const MAX_DM_PAGES_PER_POLL = 30;
/** DM lookups a poll leaves unused, so that the outbox can always ask X whether a DM went out. */
export const DM_LOOKUP_RESERVE = 1;
const BATCH_SIZE = 100;
const WALK = 'walk:';

/** The DM stream's cursor: a plain id ("everything up to here is stored"), or a walk in progress. */
export interface DmCursor {
  /** Newest id stored before the walk started (null: never polled, read back to `since`). */
  known: string | null;
  /** Newest id seen by the walk: the cursor once the walk reaches `known`. */
  top: string | null;
  /** X's pagination token where the walk goes on. */
  next: string | null;
  /** Events read by the walk so far, for "catching up: n read". */
  read: number;
}

export function parseDmCursor(cursor: string | null): DmCursor {
  const none: DmCursor = { known: null, top: null, next: null, read: 0 };
  if (cursor === null) return none;
  if (/^[0-9]{1,19}$/.test(cursor)) return { ...none, known: cursor };
  if (!cursor.startsWith(WALK)) return none;
  try {
    const parsed = JSON.parse(cursor.slice(WALK.length)) as Partial<DmCursor>;
    const id = (v: unknown) => (typeof v === 'string' && /^[0-9]{1,19}$/.test(v) ? v : null);
    return {
      known: id(parsed.known),
      top: id(parsed.top),
      next: typeof parsed.next === 'string' && parsed.next.length <= 200 ? parsed.next : null,
      read: typeof parsed.read === 'number' && parsed.read >= 0 ? Math.floor(parsed.read) : 0,
    };
  } catch {
    return none;
  }
}

export function formatDmCursor(c: DmCursor): string {
  if (c.next === null && c.top !== null) return c.top;
  if (c.next === null && c.top === null && c.known !== null) return c.known;
  return WALK + JSON.stringify(c);
}

/** Events read so far of a backlog still being read; null when the stream is caught up. */
export function dmCatchingUp(cursor: string | null): number | null {
  const c = parseDmCursor(cursor);
  return c.next === null ? null : c.read;
}

/** The next page size: 1 (the idle probe), then ten times wider while pages are all new, up to 100. */
export function nextPageSize(previous: number): number {
  return Math.min(100, previous * 10);
}

function dmQuery(size: number, token: string | null, withUsers: boolean): Query {
  const query: Query = { max_results: String(size), event_types: 'MessageCreate', 'dm_event.fields': DM_EVENT_FIELDS };
  // The idle probe asks for neither: expansions are billed resources.
  if (withUsers) Object.assign(query, { expansions: `sender_id,${MEDIA_EXPANSION}`, 'user.fields': USER_FIELDS, 'media.fields': MEDIA_FIELDS });
  if (token) query['pagination_token'] = token;
  return query;
}

async function readPage(api: XApi, size: number, token: string | null, storedToken: boolean): Promise<XList<XDmEvent> | 'token expired'> {
  try {
    return await api.get<XList<XDmEvent>>(DM_LOOKUP, 'dm_events', dmQuery(size, token, true));
  } catch (error) {
    if (storedToken && error instanceof ChannelError && error.kind === 'permanent' && error.status === 400) return 'token expired';
    throw error;
  }
}

export async function fetchDirectMessages(api: XApi, account: AccountInfo, cursor: string | null, since: Date): Promise<InboundBatch[]> {
  const start = parseDmCursor(cursor);
  const isNew = (e: XDmEvent) => (start.known !== null ? compareIds(e.id, start.known) > 0 : !e.created_at || Date.parse(e.created_at) >= toSecond(since));
  const canRead = () => api.available(DM_LOOKUP, DM_LOOKUP_RESERVE) >= 1;

  let token = start.next;
  let top = start.top;
  let size = 100;
  if (token === null) {
    if (!canRead()) return [];
    const probe = await api.get<XList<XDmEvent>>(DM_LOOKUP, 'dm_events', dmQuery(1, null, false));
    const newest = probe.data?.[0];
    if (!newest) return [];
    if (!isNew(newest)) {
      // Never polled and nothing since `since`: remember the newest id, so the next poll is a probe too.
      return start.known === null ? [{ entities: [], cursor: newest.id }] : [];
    }
    top = newest.id;
    size = nextPageSize(1);
  }

  const events: XDmEvent[] = [];
  const media: XMedia[] = [];
  const users = new Map<string, XUser>();
  let done = false;
  for (let pages = 0; pages < MAX_DM_PAGES_PER_POLL && canRead(); pages++) {
    const page = await readPage(api, size, token, pages === 0 && start.next !== null);
    if (page === 'token expired') {
      // X no longer takes the stored token: the walk starts over from the newest event; what it
      // stored already is dropped as known, and `known` still bounds it below.
      return fetchDirectMessages(api, account, start.known, since);
    }
    const data = page.data ?? [];
    media.push(...(page.includes?.media ?? []));
    for (const [id, user] of usersById(page.includes?.users)) users.set(id, user);
    const fresh = data.filter(isNew);
    events.push(...fresh);
    token = page.meta?.next_token ?? null;
    if (fresh.length < data.length || token === null) {
      done = true;
      break;
    }
    size = nextPageSize(size);
  }
  if (!done && events.length === 0) return [];

  const entities = events
    .filter((e) => e.event_type === 'MessageCreate' && e.sender_id !== account.id)
    .map((e) => dmToEntity(e, users, media));
  const end: DmCursor = done ? { known: start.known, top, next: null, read: 0 } : { known: start.known, top, next: token, read: start.read + events.length };
  return walkBatches(entities, done ? null : (cursor ?? formatDmCursor(start)), formatDmCursor(end));
}

/**
 * Oldest first, at most 100 per batch. A walk that reached the stored cursor read everything above
 * it, so each batch's cursor is its own newest id. A walk that stopped half way left a gap below:
 * every batch but the last keeps the cursor the poll started from (a crash re-reads this poll's
 * events, and the stored ones are dropped as known), and the last carries the walk on.
 */
export function walkBatches(entities: InboundEntity[], startCursor: string | null, endCursor: string): InboundBatch[] {
  const sorted = [...entities].sort((a, b) => compareIds(a.externalId, b.externalId));
  const batches: InboundBatch[] = [];
  for (let i = 0; i < sorted.length; i += BATCH_SIZE) {
    const chunk = sorted.slice(i, i + BATCH_SIZE);
    batches.push({ entities: chunk, cursor: startCursor ?? chunk.at(-1)!.externalId });
  }
  const last = batches.at(-1);
  if (last) last.cursor = endCursor;
  else if (endCursor !== startCursor) batches.push({ entities: [], cursor: endCursor });
  return batches;
}
