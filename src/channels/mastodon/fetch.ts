// Mentions and direct messages, both from GET /api/v1/notifications?types[]=mention: forward from
// the stored notification id with min_id, or, never polled, back from the newest until `since`.
import type { AccountInfo, InboundBatch, InboundEntity } from '../types.ts';
import type { MastodonApi } from './api.ts';
import { toEntity, type MastodonNotification, type MastodonStatus } from './map.ts';

const PAGE = 80;
const ENDPOINT = 'GET /api/v1/notifications';
const byId = (a: { id: string }, b: { id: string }) => (BigInt(a.id) < BigInt(b.id) ? -1 : 1);

async function firstPoll(api: MastodonApi, since: Date): Promise<MastodonNotification[]> {
  const found: MastodonNotification[] = [];
  let maxId: string | undefined;
  for (;;) {
    const page = await api.get<MastodonNotification[]>(ENDPOINT, '/api/v1/notifications', { 'types[]': ['mention'], limit: String(PAGE), max_id: maxId });
    const fresh = page.filter((n) => Date.parse(n.created_at) >= since.getTime());
    found.push(...fresh);
    if (page.length < PAGE || fresh.length < page.length) return found.sort(byId);
    maxId = page[page.length - 1]!.id;
  }
}

/** The root of a reply's thread: the first ancestor the account can see (GET …/context). */
async function rootOf(api: MastodonApi, s: MastodonStatus, roots: Map<string, string>): Promise<string> {
  if (!s.in_reply_to_id) return s.id;
  const known = roots.get(s.in_reply_to_id);
  if (known) return known;
  const context = await api.get<{ ancestors: MastodonStatus[] }>('GET /api/v1/statuses/:id/context', `/api/v1/statuses/${encodeURIComponent(s.id)}/context`);
  return context.ancestors[0]?.id ?? s.in_reply_to_id;
}

async function toBatch(api: MastodonApi, me: AccountInfo, page: MastodonNotification[], roots: Map<string, string>): Promise<InboundBatch> {
  const entities: InboundEntity[] = [];
  for (const n of page) {
    const s = n.status;
    // Boosts and the account's own statuses are never tickets.
    if (n.type !== 'mention' || !s || s.reblog || s.account.id === me.id) continue;
    const root = await rootOf(api, s, roots);
    roots.set(s.id, root);
    entities.push(toEntity(me.id, s, root));
  }
  return { entities, cursor: page[page.length - 1]!.id };
}

export async function fetchNotifications(api: MastodonApi, me: AccountInfo, cursor: string | null, since: Date): Promise<InboundBatch[]> {
  const roots = new Map<string, string>();
  const batches: InboundBatch[] = [];
  if (cursor === null) {
    const all = await firstPoll(api, since);
    for (let i = 0; i < all.length; i += PAGE) batches.push(await toBatch(api, me, all.slice(i, i + PAGE), roots));
    return batches;
  }
  for (let minId = cursor; ; ) {
    const page = (await api.get<MastodonNotification[]>(ENDPOINT, '/api/v1/notifications', { 'types[]': ['mention'], limit: String(PAGE), min_id: minId })).sort(byId);
    if (page.length === 0) return batches;
    const batch = await toBatch(api, me, page, roots);
    batches.push(batch);
    minId = batch.cursor;
    if (page.length < PAGE) return batches;
  }
}
