import { mergeTarget } from '../core/tickets/relations.ts';
import type { Db } from '../db/schema.ts';

export interface ConversationTicketRow {
  id: number;
  conversation_key: string | null;
  state_type: string;
}

/**
 * OTRS sends mail for a merged ticket to the ticket it was merged into: the newest ticket of each
 * conversation, when merged, is replaced by its merge target (followed through chains), loaded in
 * the caller's shape by `load`. Costs no query when nothing found is merged.
 */
export async function followMerges<T extends ConversationTicketRow>(db: Db, rows: readonly T[], load: (ids: number[]) => Promise<T[]>): Promise<T[]> {
  const newest = new Map<string, T>();
  for (const r of rows) if (r.conversation_key !== null && !newest.has(r.conversation_key)) newest.set(r.conversation_key, r);
  const merged = [...newest.values()].filter((r) => r.state_type === 'merged');
  if (merged.length === 0) return [...newest.values()];
  const pointers = new Map<number, number>();
  let frontier = merged.map((r) => r.id);
  // A chain is followed a few hops at a time; merges of merges are rare and short.
  for (let hop = 0; hop < 10 && frontier.length; hop++) {
    const found = await db.selectFrom('ticket_merges').select(['ticket_id', 'target_ticket_id']).where('ticket_id', 'in', frontier).execute();
    for (const f of found) pointers.set(f.ticket_id, f.target_ticket_id);
    frontier = found.map((f) => f.target_ticket_id).filter((id) => !pointers.has(id));
  }
  const targets = await load([...new Set(merged.map((r) => mergeTarget(r.id, pointers)))]);
  const byId = new Map(targets.map((t) => [t.id, t]));
  return [...newest.entries()].flatMap(([key, r]) => {
    if (r.state_type !== 'merged') return [r];
    const t = byId.get(mergeTarget(r.id, pointers));
    // A merge whose target is missing or merged itself leaves the conversation without a ticket: a new one opens.
    return t && t.state_type !== 'merged' ? [{ ...t, conversation_key: key }] : [];
  });
}
