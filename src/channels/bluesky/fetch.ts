// Inbound on Bluesky. Posts: app.bsky.notification.listNotifications pages from the newest back,
// so a poll walks back until it reaches what the stored cursor (the newest notification stored)
// names. DMs: chat.bsky.convo.getLog pages forward from the stored log cursor.
import type { AccountInfo, InboundBatch, InboundEntity } from '../types.ts';
import type { BlueskyApi } from './api.ts';
import { messageEntity, postEntity, TICKET_REASONS, type BskyNotification, type ChatMessageView, type ProfileBasic } from './map.ts';

const PAGE = 100;
const BATCH = 100;

/** The mentions cursor: the newest indexedAt stored, and the notifications stored at that instant. */
interface Mark {
  at: string;
  uris: string[];
}

function readMark(cursor: string | null, since: Date): Mark {
  if (cursor) {
    try {
      const m = JSON.parse(cursor) as Mark;
      if (typeof m.at === 'string' && Array.isArray(m.uris)) return m;
    } catch {
      // not ours: start from the profile's start as if never polled
    }
  }
  return { at: since.toISOString(), uris: [] };
}

const newer = (n: BskyNotification, mark: Mark) => n.indexedAt > mark.at || (n.indexedAt === mark.at && !mark.uris.includes(n.uri));

function advance(mark: Mark, n: BskyNotification): Mark {
  if (n.indexedAt > mark.at) return { at: n.indexedAt, uris: [n.uri] };
  return { at: mark.at, uris: [...mark.uris, n.uri] };
}

export async function fetchPostNotifications(api: BlueskyApi, me: AccountInfo, cursor: string | null, since: Date): Promise<InboundBatch[]> {
  let mark = readMark(cursor, since);
  const fresh: BskyNotification[] = [];
  let page: string | undefined;
  for (;;) {
    const answer = await api.get<{ notifications: BskyNotification[]; cursor?: string }>('app.bsky.notification.listNotifications', { limit: String(PAGE), cursor: page });
    const list = answer.notifications.filter((n) => newer(n, mark) || (cursor === null && n.indexedAt === mark.at));
    fresh.push(...list);
    if (!answer.cursor || list.length < answer.notifications.length) break;
    page = answer.cursor;
  }
  fresh.sort((a, b) => (a.indexedAt < b.indexedAt ? -1 : a.indexedAt > b.indexedAt ? 1 : 0));
  const batches: InboundBatch[] = [];
  for (let i = 0; i < fresh.length; i += BATCH) {
    const entities: InboundEntity[] = [];
    for (const n of fresh.slice(i, i + BATCH)) {
      mark = advance(mark, n);
      // Likes, reposts and follows are not messages; the account's own posts never come back.
      if (TICKET_REASONS.has(n.reason) && n.author.did !== me.id && typeof n.record?.text === 'string') entities.push(postEntity(n));
    }
    batches.push({ entities, cursor: JSON.stringify(mark) });
  }
  return batches;
}

interface LogEntry {
  $type: string;
  rev: string;
  convoId: string;
  message?: ChatMessageView;
}

export async function fetchChat(api: BlueskyApi, me: AccountInfo, cursor: string | null, since: Date): Promise<InboundBatch[]> {
  const members = new Map<string, ProfileBasic[]>();
  const memberOf = async (convoId: string, did: string): Promise<ProfileBasic> => {
    if (!members.has(convoId)) {
      const { convo } = await api.get<{ convo: { members: ProfileBasic[] } }>('chat.bsky.convo.getConvo', { convoId });
      members.set(convoId, convo.members);
    }
    return members.get(convoId)!.find((m) => m.did === did) ?? { did, handle: did };
  };
  const batches: InboundBatch[] = [];
  let at = cursor ?? undefined;
  for (;;) {
    const answer = await api.get<{ logs: LogEntry[]; cursor?: string }>('chat.bsky.convo.getLog', { cursor: at });
    if (answer.logs.length === 0) return batches;
    const entities: InboundEntity[] = [];
    for (const log of answer.logs) {
      const m = log.message;
      if (log.$type !== 'chat.bsky.convo.defs#logCreateMessage' || !m || m.sender.did === me.id) continue;
      if (cursor === null && Date.parse(m.sentAt) < since.getTime()) continue;
      entities.push(messageEntity(log.convoId, m, await memberOf(log.convoId, m.sender.did)));
    }
    const next = answer.cursor ?? answer.logs[answer.logs.length - 1]!.rev;
    batches.push({ entities, cursor: next });
    if (next === at) return batches;
    at = next;
  }
}
